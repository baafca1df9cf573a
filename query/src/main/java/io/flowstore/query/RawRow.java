package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.index.SegmentRows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

import static io.flowstore.internal.codec.FlowRecordDescriptor.*;

/**
 * One stored flow record as a scan reads it: the fixed fields straight from the mapped cycle
 * file (no copy, no decoding), the rest from a fully loaded, checksum-verified view made only
 * when a test or a key needs a field of the variable part. Not thread-safe: a flyweight moved
 * from row to row.
 */
final class RawRow {
  ByteBuffer bb;
  int base;
  int presence;
  int flags2;
  Layout layout;
  private SegmentRows rows;
  private int row;
  private RecordFlowView view;
  private byte[] heapArray;
  private ByteBuffer heapBuffer;

  /** Points at {@code row}, which {@code rows.locate(row)} has just found. */
  void at(SegmentRows rows, int row) {
    this.rows = rows;
    this.row = row;
    this.bb = rows.mapped();
    this.base = rows.base();
    this.layout = io.flowstore.internal.codec.FlowRecordDescriptor.layout(bb.get(base));
    this.presence = bb.getInt(base + PRESENCE);
    this.flags2 = bb.get(base + FLAGS2) & 0xFF;
    this.view = null;
  }

  /** Points at the record a view holds (a live tail reads copies, not the mapped file). */
  void at(RecordFlowView v) {
    byte[] b = v.bytes();
    if (b != heapArray) {
      heapArray = b;
      heapBuffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
    this.bb = heapBuffer;
    this.base = v.offset();
    this.layout = v.layout();
    this.presence = bb.getInt(base + PRESENCE);
    this.flags2 = bb.get(base + FLAGS2) & 0xFF;
    this.rows = null;
    this.view = v;
  }

  /** The whole record, decoded and checksum-verified. */
  RecordFlowView full() {
    if (view == null) {
      rows.load(row);
      view = rows.view();
    }
    return view;
  }

  long position() {
    return rows != null ? rows.positionOf(row) : view.position();
  }

  int shapeId() {
    return bb.getInt(base + layout.shapeId);
  }

  int placeId() {
    return bb.getInt(base + layout.placeId);
  }

  /**
   * Reads one INT64, TIME or ADDRESS field as a "rank", a long that orders like the value:
   * numbers as themselves, times as nanoseconds since 1970, IPv4 addresses as their 32 bits.
   * A value outside the fixed slot (an escaped port, a time outside 1677..2262, an IPv6
   * address, the variable-part counters) has no fast rank: {@link #fast} is false and the full
   * record answers.
   */
  static final class Reader {
    final FlowField field;
    private final int bit;
    private final int escape;
    private final int slot;
    private final int kind; // 0 long, 1 u16, 2 u8, 3 time, 4 v4 address, 5 variable part only
    private final int slot2; // version 2: the slot, its kind (6 u32, 7 seconds from the base) and flags2 escape
    private final int kind2;
    private final int escape2;

    Reader(FlowField f) {
      this.field = f;
      switch (f) {
        case BYTES -> { bit = P_BYTES; escape = 0; slot = BYTES; kind = 0; }
        case PACKETS -> { bit = P_PACKETS; escape = 0; slot = PACKETS; kind = 0; }
        case SRC_PORT -> { bit = P_SRC_PORT; escape = F_ESC_SRC_PORT; slot = SRC_PORT; kind = 1; }
        case DST_PORT -> { bit = P_DST_PORT; escape = F_ESC_DST_PORT; slot = DST_PORT; kind = 1; }
        case TCP_FLAGS -> { bit = P_TCP_FLAGS; escape = F_ESC_TCP_FLAGS; slot = TCP_FLAGS; kind = 1; }
        case PROTO -> { bit = P_PROTO; escape = F_ESC_PROTO; slot = PROTO; kind = 2; }
        case VERS -> { bit = P_VERS; escape = F_ESC_VERS; slot = VERS; kind = 2; }
        case EVENT_TIME -> { bit = P_EVENT_TIME; escape = F_ESC_EVENT_TIME; slot = EVENT_TIME; kind = 3; }
        case AGG_START -> { bit = P_AGG_START; escape = F_ESC_AGG_START; slot = AGG_START; kind = 3; }
        case AGG_END -> { bit = P_AGG_END; escape = F_ESC_AGG_END; slot = AGG_END; kind = 3; }
        case SRC_ADDR -> { bit = P_SRC_ADDR; escape = F_SRC_V6; slot = SRC_ADDR; kind = 4; }
        case DST_ADDR -> { bit = P_DST_ADDR; escape = F_DST_V6; slot = DST_ADDR; kind = 4; }
        case SESSION -> { bit = P_SESSION; escape = -1; slot = 0; kind = 5; }
        case FLOW_IDX -> { bit = P_FLOW_IDX; escape = -1; slot = 0; kind = 5; }
        case IFACE_IDX -> { bit = P_IFACE_IDX; escape = -1; slot = 0; kind = 5; }
        case IFACE_GEN -> { bit = P_IFACE_GEN; escape = -1; slot = 0; kind = 5; }
        default -> throw new IllegalArgumentException("no rank for field " + f.jsonName());
      }
      switch (f) {
        case BYTES -> { slot2 = V2_BYTES; kind2 = 6; escape2 = G_ESC_BYTES; }
        case PACKETS -> { slot2 = V2_PACKETS; kind2 = 6; escape2 = G_ESC_PACKETS; }
        case AGG_START -> { slot2 = V2_AGG_START; kind2 = 7; escape2 = G_AGG_START_NANO; }
        case AGG_END -> { slot2 = V2_AGG_END; kind2 = 7; escape2 = G_AGG_END_NANO; }
        case SRC_PORT -> { slot2 = V2_SRC_PORT; kind2 = kind; escape2 = 0; }
        case DST_PORT -> { slot2 = V2_DST_PORT; kind2 = kind; escape2 = 0; }
        case TCP_FLAGS -> { slot2 = V2_TCP_FLAGS; kind2 = kind; escape2 = 0; }
        case PROTO -> { slot2 = V2_PROTO; kind2 = kind; escape2 = 0; }
        case VERS -> { slot2 = V2_VERS; kind2 = kind; escape2 = 0; }
        case SRC_ADDR -> { slot2 = V2_SRC_ADDR; kind2 = kind; escape2 = 0; }
        case DST_ADDR -> { slot2 = V2_DST_ADDR; kind2 = kind; escape2 = 0; }
        default -> { slot2 = slot; kind2 = kind; escape2 = 0; } // eventTime, variable part only
      }
    }

    boolean has(RawRow r) {
      return (r.presence & bit) != 0;
    }

    /** Whether the present value sits in its fixed slot. */
    boolean fast(RawRow r) {
      return escape >= 0 && (r.presence & escape) == 0 && (!r.layout.v2 || (r.flags2 & escape2) == 0);
    }

    /** The rank of a present value in its fixed slot. */
    long rank(RawRow r) {
      ByteBuffer b = r.bb;
      boolean v2 = r.layout.v2;
      int at = r.base + (v2 ? slot2 : slot);
      switch (v2 ? kind2 : kind) {
        case 0:
        case 3:
          return b.getLong(at);
        case 1:
          return b.getShort(at) & 0xFFFF;
        case 2:
          return b.get(at) & 0xFF;
        case 7:
          return (RecordFlowView.v2Base(r.presence, b.getLong(r.base + EVENT_TIME)) + b.getInt(at)) * 1_000_000_000L;
        default:
          return b.getInt(at) & 0xFFFF_FFFFL;
      }
    }

    /** The value of a present INT64 field: from its slot, else from the full record. */
    long int64(RawRow r) {
      return fast(r) ? rank(r) : r.full().int64(field);
    }

    /** The rank of an operand: the value itself, clamped ns for times, 2^32 for any IPv6 address. */
    static long rankOf(Object operand) {
      if (operand instanceof Long l) {
        return l;
      }
      if (operand instanceof Instant t) {
        Long ns = Planner.nanos(t);
        return ns != null ? ns : t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      io.flowstore.IpAddress a = (io.flowstore.IpAddress) operand;
      return a.isV4() ? a.low() : 1L << 32;
    }
  }
}
