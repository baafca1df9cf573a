package io.flowstore.internal.codec;

import io.flowstore.CorruptStoreException;
import io.flowstore.FlowField;
import io.flowstore.FlowKind;
import io.flowstore.FlowView;
import io.flowstore.Resource;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.text.Utf8;

import java.util.List;

import static io.flowstore.internal.codec.FlowRecordDescriptor.*;

/**
 * The flyweight behind {@link FlowView}: reads a record of {@link FlowRecordDescriptor} in
 * place. Fixed fields are read on demand; the variable part is walked once, the first time a
 * field from it is asked for. Not thread-safe. Internal.
 */
public final class RecordFlowView implements FlowView {
  private static final long NANOS = 1_000_000_000L;
  private final Dictionary dictionary;
  private final int[] cursor = new int[1];
  private byte[] b;
  private int off;
  private int limit;
  private int presence;
  private int flags2;
  private Layout lay;
  private long position;
  private Dictionary.Shape shape;
  private Dictionary.Place place;

  private boolean varRead;
  private int idTag;
  private int idOff;
  private int idLen;
  private long session;
  private long flowIdx;
  private long ifaceIdx;
  private long ifaceGen;
  private int srcV6;
  private int dstV6;
  private long escSrcPort;
  private long escDstPort;
  private long escTcpFlags;
  private long escProto;
  private long escVers;
  private long escBytes;
  private long escPackets;
  private final int[] aggNano = new int[3];
  private final long[] escSecond = new long[3];
  private final int[] escNano = new int[3];
  private final int[] unknownOff = new int[3];
  private final int[] unknownLen = new int[3];

  public RecordFlowView(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  /** Points the view at the record {@code b[off, off+len)} (its checksum already verified). */
  public RecordFlowView wrap(byte[] b, int off, int len, long position) {
    Layout l = FlowRecordDescriptor.layout(b[off]);
    if (l == null || len < l.minLength) {
      throw new CorruptStoreException("not a flow record: position=" + Long.toHexString(position));
    }
    this.lay = l;
    this.flags2 = b[off + FLAGS2] & 0xFF;
    this.b = b;
    this.off = off;
    this.limit = off + len - CRC_LENGTH;
    this.position = position;
    this.presence = LE.getInt(b, off + PRESENCE);
    this.shape = dictionary.shape(LE.getInt(b, off + l.shapeId));
    this.place = dictionary.place(LE.getInt(b, off + l.placeId));
    this.varRead = false;
    return this;
  }

  /** The bytes the view reads (the record starts at {@link #offset()}). */
  public byte[] bytes() {
    return b;
  }

  public int offset() {
    return off;
  }

  public int presence() {
    return presence;
  }

  /** The record's format layout. */
  public Layout layout() {
    return lay;
  }

  public Dictionary.Shape shape() {
    return shape;
  }

  public Dictionary.Place place() {
    return place;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public FlowKind kind() {
    return shape.kind;
  }

  private static int bit(FlowField f) {
    switch (f) {
      case EVENT_ID:
        return P_EVENT_ID;
      case EVENT_TIME:
        return P_EVENT_TIME;
      case AGG_START:
        return P_AGG_START;
      case AGG_END:
        return P_AGG_END;
      case BYTES:
        return P_BYTES;
      case PACKETS:
        return P_PACKETS;
      case SRC_ADDR:
        return P_SRC_ADDR;
      case DST_ADDR:
        return P_DST_ADDR;
      case SRC_PORT:
        return P_SRC_PORT;
      case DST_PORT:
        return P_DST_PORT;
      case TCP_FLAGS:
        return P_TCP_FLAGS;
      case PROTO:
        return P_PROTO;
      case VERS:
        return P_VERS;
      case SESSION:
        return P_SESSION;
      case FLOW_IDX:
        return P_FLOW_IDX;
      case IFACE_IDX:
        return P_IFACE_IDX;
      case IFACE_GEN:
        return P_IFACE_GEN;
      default:
        return 0;
    }
  }

  @Override
  public boolean has(FlowField f) {
    int bit = bit(f);
    if (bit != 0) {
      return (presence & bit) != 0;
    }
    return string(f) != null;
  }

  @Override
  public String string(FlowField f) {
    switch (f) {
      case EVENT_ID:
        return eventId();
      case EVENT_SOURCE:
        return shape.eventSource;
      case EVENT_TYPE:
        return shape.eventType;
      case EVENT_STATUS:
        return shape.eventStatus;
      case ACTION:
        return shape.action;
      case DIRECTION:
        return shape.direction;
      case REASON:
        return shape.reason;
      case NAT:
        return shape.nat;
      case VM_UUID:
        return place.vmUuid;
      case SUBNET_ID:
        return place.subnetId;
      case FOLDER_ID:
        return place.folderId;
      default:
        throw new IllegalArgumentException("not a string field: field=" + f.jsonName());
    }
  }

  /** The event id; allocates a String (ids are unique, so they are not in the dictionary). */
  private String eventId() {
    if ((presence & P_EVENT_ID) == 0) {
      return null;
    }
    readVar();
    if (idTag == EVENT_ID_UUID) {
      long hi = LE.getLong(b, idOff);
      long lo = LE.getLong(b, idOff + 8);
      return new java.util.UUID(hi, lo).toString();
    }
    return Utf8.decode(b, idOff, idLen);
  }

  @Override
  public long int64(FlowField f) {
    int bit = bit(f);
    if (bit == 0 || f.type() != FlowField.Type.INT64) {
      throw new IllegalArgumentException("not an int64 field: field=" + f.jsonName());
    }
    if ((presence & bit) == 0) {
      throw new IllegalStateException("field is absent: field=" + f.jsonName());
    }
    switch (f) {
      case BYTES:
        if (!lay.v2) {
          return LE.getLong(b, off + BYTES);
        }
        return (flags2 & G_ESC_BYTES) == 0 ? LE.getInt(b, off + V2_BYTES) & 0xFFFF_FFFFL : var().escBytes;
      case PACKETS:
        if (!lay.v2) {
          return LE.getLong(b, off + PACKETS);
        }
        return (flags2 & G_ESC_PACKETS) == 0 ? LE.getInt(b, off + V2_PACKETS) & 0xFFFF_FFFFL : var().escPackets;
      case SRC_PORT:
        return (presence & F_ESC_SRC_PORT) == 0 ? LE.getUShort(b, off + lay.srcPort) : var().escSrcPort;
      case DST_PORT:
        return (presence & F_ESC_DST_PORT) == 0 ? LE.getUShort(b, off + lay.dstPort) : var().escDstPort;
      case TCP_FLAGS:
        return (presence & F_ESC_TCP_FLAGS) == 0 ? LE.getUShort(b, off + lay.tcpFlags) : var().escTcpFlags;
      case PROTO:
        return (presence & F_ESC_PROTO) == 0 ? b[off + lay.proto] & 0xFF : var().escProto;
      case VERS:
        return (presence & F_ESC_VERS) == 0 ? b[off + lay.vers] & 0xFF : var().escVers;
      case SESSION:
        return var().session;
      case FLOW_IDX:
        return var().flowIdx;
      case IFACE_IDX:
        return var().ifaceIdx;
      default:
        return var().ifaceGen;
    }
  }

  private int timeIndex(FlowField f) {
    switch (f) {
      case EVENT_TIME:
        return 0;
      case AGG_START:
        return 1;
      case AGG_END:
        return 2;
      default:
        throw new IllegalArgumentException("not a time field: field=" + f.jsonName());
    }
  }

  private static final int[] TIME_SLOT = {EVENT_TIME, AGG_START, AGG_END};
  private static final int[] TIME_ESC = {F_ESC_EVENT_TIME, F_ESC_AGG_START, F_ESC_AGG_END};
  private static final int[] TIME_BIT = {P_EVENT_TIME, P_AGG_START, P_AGG_END};
  private static final int[] AGG_NANO = {0, G_AGG_START_NANO, G_AGG_END_NANO};

  /**
   * Nanoseconds since the epoch of a present time, clamped to {@code Long.MIN_VALUE} or
   * {@code Long.MAX_VALUE} outside 1677..2262 (so that it orders like the time).
   */
  public long timeNanos(int t) {
    if (t == 0 || !lay.v2) {
      return LE.getLong(b, off + TIME_SLOT[t]);
    }
    if ((presence & TIME_ESC[t]) != 0) {
      return clampedNanos(var().escSecond[t], escNano[t]);
    }
    long ns = aggSecond(t) * NANOS;
    return (flags2 & AGG_NANO[t]) == 0 ? ns : ns + var().aggNano[t];
  }

  /** The epoch second of a version 2 aggregation bound in its slot: the base plus the slot. */
  private long aggSecond(int t) {
    return v2Base(presence, LE.getLong(b, off + EVENT_TIME)) + LE.getInt(b, off + (t == 1 ? V2_AGG_START : V2_AGG_END));
  }

  /** The base of version 2 aggregation slots: eventTime's epoch second when it is in its slot, else 0. */
  public static long v2Base(int presence, long eventTimeSlot) {
    return eventTimeIsBase(presence) ? Math.floorDiv(eventTimeSlot, NANOS) : 0;
  }

  private void requireTime(int t, FlowField f) {
    if ((presence & TIME_BIT[t]) == 0) {
      throw new IllegalStateException("field is absent: field=" + f.jsonName());
    }
  }

  @Override
  public long epochSecond(FlowField f) {
    int t = timeIndex(f);
    requireTime(t, f);
    if ((presence & TIME_ESC[t]) != 0) {
      return var().escSecond[t];
    }
    if (t != 0 && lay.v2) {
      return aggSecond(t);
    }
    return Math.floorDiv(timeNanos(t), NANOS);
  }

  @Override
  public int nano(FlowField f) {
    int t = timeIndex(f);
    requireTime(t, f);
    if ((presence & TIME_ESC[t]) != 0) {
      return var().escNano[t];
    }
    if (t != 0 && lay.v2) {
      return (flags2 & AGG_NANO[t]) == 0 ? 0 : var().aggNano[t];
    }
    return (int) Math.floorMod(timeNanos(t), NANOS);
  }

  @Override
  public int fractionDigits(FlowField f) {
    int t = timeIndex(f);
    requireTime(t, f);
    switch (t) {
      case 0:
        return b[off + EVENT_TIME_DIGITS];
      case 1:
        return b[off + AGG_DIGITS] & 0xF;
      default:
        return (b[off + AGG_DIGITS] >>> 4) & 0xF;
    }
  }

  private boolean src(FlowField f) {
    if (f == FlowField.SRC_ADDR) {
      return true;
    }
    if (f == FlowField.DST_ADDR) {
      return false;
    }
    throw new IllegalArgumentException("not an address field: field=" + f.jsonName());
  }

  private void requireAddress(boolean src, FlowField f) {
    if ((presence & (src ? P_SRC_ADDR : P_DST_ADDR)) == 0) {
      throw new IllegalStateException("field is absent: field=" + f.jsonName());
    }
  }

  @Override
  public boolean isV4(FlowField f) {
    boolean src = src(f);
    requireAddress(src, f);
    return (presence & (src ? F_SRC_V6 : F_DST_V6)) == 0;
  }

  @Override
  public long addressHigh(FlowField f) {
    boolean src = src(f);
    if (isV4(f)) {
      return 0;
    }
    return LE.getLong(b, src ? var().srcV6 : var().dstV6);
  }

  @Override
  public long addressLow(FlowField f) {
    boolean src = src(f);
    if (isV4(f)) {
      return LE.getInt(b, off + (src ? lay.srcAddr : lay.dstAddr)) & 0xFFFF_FFFFL;
    }
    return LE.getLong(b, (src ? var().srcV6 : var().dstV6) + 8);
  }

  /** The unsigned IPv4 bits of an address, or -1 when it is absent or IPv6 (no checks, for scans). */
  public long v4OrMinusOne(boolean src) {
    int mask = src ? (P_SRC_ADDR | F_SRC_V6) : (P_DST_ADDR | F_DST_V6);
    int want = src ? P_SRC_ADDR : P_DST_ADDR;
    if ((presence & mask) != want) {
      return -1;
    }
    return LE.getInt(b, off + (src ? lay.srcAddr : lay.dstAddr)) & 0xFFFF_FFFFL;
  }

  @Override
  public boolean hasResourceMetadata() {
    return (presence & P_RESOURCE_METADATA) != 0;
  }

  @Override
  public boolean hasDetails() {
    return (presence & P_DETAILS) != 0;
  }

  @Override
  public List<Resource> path() {
    return place.path;
  }

  private static final int[] UNKNOWN_FLAG = {F_X_EVENT, F_X_DETAILS, F_X_RESOURCE_METADATA};

  @Override
  public String unknownFields(Scope scope) {
    int s = scope.ordinal();
    if ((presence & UNKNOWN_FLAG[s]) == 0) {
      return null;
    }
    readVar();
    return Utf8.decode(b, unknownOff[s], unknownLen[s]);
  }

  private RecordFlowView var() {
    readVar();
    return this;
  }

  private void readVar() {
    if (varRead) {
      return;
    }
    try {
      cursor[0] = off + lay.variable;
      int p = presence;
      if ((p & P_EVENT_ID) != 0) {
        idTag = b[cursor[0]++];
        if (idTag == EVENT_ID_UUID) {
          idOff = cursor[0];
          idLen = 16;
          cursor[0] += 16;
        } else {
          idLen = (int) LE.getVarLong(b, cursor, limit);
          idOff = cursor[0];
          cursor[0] += idLen;
        }
      }
      if ((p & P_SESSION) != 0) {
        session = LE.getLong(b, cursor[0]);
        cursor[0] += 8;
      } else {
        session = 0;
      }
      flowIdx = (p & P_FLOW_IDX) != 0 ? varint() : 0;
      ifaceIdx = (p & P_IFACE_IDX) != 0 ? varint() : 0;
      ifaceGen = (p & P_IFACE_GEN) != 0 ? varint() : 0;
      if ((p & F_SRC_V6) != 0) {
        srcV6 = cursor[0];
        cursor[0] += 16;
      }
      if ((p & F_DST_V6) != 0) {
        dstV6 = cursor[0];
        cursor[0] += 16;
      }
      escSrcPort = (p & F_ESC_SRC_PORT) != 0 ? varint() : 0;
      escDstPort = (p & F_ESC_DST_PORT) != 0 ? varint() : 0;
      escTcpFlags = (p & F_ESC_TCP_FLAGS) != 0 ? varint() : 0;
      escProto = (p & F_ESC_PROTO) != 0 ? varint() : 0;
      escVers = (p & F_ESC_VERS) != 0 ? varint() : 0;
      for (int t = 0; t < 3; t++) {
        if ((p & TIME_ESC[t]) != 0) {
          escSecond[t] = LE.getLong(b, cursor[0]);
          escNano[t] = LE.getInt(b, cursor[0] + 8);
          cursor[0] += 12;
        }
      }
      if (lay.v2) {
        int g = flags2;
        aggNano[1] = (g & G_AGG_START_NANO) != 0 ? nanoVarint() : 0;
        aggNano[2] = (g & G_AGG_END_NANO) != 0 ? nanoVarint() : 0;
        escBytes = (g & G_ESC_BYTES) != 0 ? varint() : 0;
        escPackets = (g & G_ESC_PACKETS) != 0 ? varint() : 0;
      }
      for (int s = 0; s < 3; s++) {
        if ((p & UNKNOWN_FLAG[s]) != 0) {
          unknownLen[s] = (int) LE.getVarLong(b, cursor, limit);
          unknownOff[s] = cursor[0];
          cursor[0] += unknownLen[s];
        }
      }
      if (cursor[0] != limit) {
        throw new IllegalArgumentException("variable part does not end at the checksum");
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new CorruptStoreException("malformed flow record: position=" + Long.toHexString(position)
          + ", detail=" + e.getMessage());
    }
    varRead = true;
  }

  private int nanoVarint() {
    long n = LE.getVarLong(b, cursor, limit);
    if (n <= 0 || n >= NANOS) {
      throw new IllegalArgumentException("nanoseconds out of range: " + n);
    }
    return (int) n;
  }

  private long varint() {
    return LE.unzigzag(LE.getVarLong(b, cursor, limit));
  }
}
