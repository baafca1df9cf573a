package io.flowstore.internal.codec;

import io.flowstore.internal.text.CharBuf;
import io.flowstore.internal.text.Utf8;

import static io.flowstore.internal.codec.FlowRecordDescriptor.*;

/**
 * Encodes a {@link FlowDraft} into the layout of {@link FlowRecordDescriptor}, in two steps:
 * {@link #encodeBody} on the ingest thread writes everything but the dictionary ids and the
 * checksum, {@link #finish} on the writer thread adds those. The dictionary work thus runs on
 * the writer, beside the parser, instead of after it. Not thread-safe (owns a CRC). Internal.
 */
public final class FlowRecordEncoder {
  private static final int UUID_LENGTH = 36;
  private final Crc crc = new Crc();
  private final Layout layout;

  /** An encoder of the current format, version 2. */
  public FlowRecordEncoder() {
    this(2);
  }

  /** An encoder of format {@code version} (1 only to build stores as earlier releases wrote them). */
  public FlowRecordEncoder(int version) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("no flow record format " + version);
    }
    this.layout = version == 2 ? LAYOUT_V2 : LAYOUT_V1;
  }

  /** Writes the whole record, ids from the draft, checksum included; returns its end. */
  public int encode(FlowDraft d, byte[] b, int start) {
    int end = encodeBody(d, b, start);
    return finish(b, start, end, d.shapeId, d.placeId);
  }

  /**
   * Completes a body from {@link #encodeBody}: packs a canonical lowercase UUID event id into 16
   * bytes (the body shrinks by 21 bytes), adds the dictionary ids and the checksum. Returns the
   * record end.
   */
  public int finish(byte[] b, int start, int bodyEnd, int shapeId, int placeId) {
    Layout l = layout(b[start]);
    int presence = LE.getInt(b, start + PRESENCE);
    if ((presence & P_EVENT_ID) != 0) {
      bodyEnd = packUuid(b, start + l.variable, bodyEnd);
    }
    LE.putInt(b, start + l.shapeId, shapeId);
    LE.putInt(b, start + l.placeId, placeId);
    LE.putInt(b, bodyEnd, crc.of(b, start, bodyEnd - start));
    return bodyEnd + CRC_LENGTH;
  }

  private static final int UUID_TEXT = 2 + UUID_LENGTH; // tag, length byte, 36 chars

  /** Turns {@code [TEXT][36]["xxxxxxxx-xxxx-..."]} at {@code at} into {@code [UUID][16 bytes]}. */
  private static int packUuid(byte[] b, int at, int bodyEnd) {
    if (b[at] != EVENT_ID_TEXT || b[at + 1] != UUID_LENGTH || bodyEnd - at < UUID_TEXT) {
      return bodyEnd;
    }
    int s = at + 2;
    if (b[s + 8] != '-' || b[s + 13] != '-' || b[s + 18] != '-' || b[s + 23] != '-') {
      return bodyEnd;
    }
    long hi = 0;
    long lo = 0;
    int bad = 0;
    for (int i = 0; i < UUID_LENGTH; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      int v = HEX[b[s + i] & 0xFF];
      bad |= v;
      if (i < 18) {
        hi = (hi << 4) | (v & 0xF);
      } else {
        lo = (lo << 4) | (v & 0xF);
      }
    }
    if (bad < 0) {
      return bodyEnd;
    }
    b[at] = EVENT_ID_UUID;
    LE.putLong(b, at + 1, hi);
    LE.putLong(b, at + 9, lo);
    int rest = at + UUID_TEXT;
    System.arraycopy(b, rest, b, at + 17, bodyEnd - rest);
    return bodyEnd - (UUID_TEXT - 17);
  }

  private static final int[] HEX = new int[256];

  static {
    java.util.Arrays.fill(HEX, -1);
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = i;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = 10 + i;
    }
  }

  /** An upper bound of the encoded size of {@code d}, for sizing the output buffer. */
  public static int maxLength(FlowDraft d) {
    return MIN_LENGTH + 1 + 5 + d.eventId.length() * 3 + 4 * 10 + 32 + 5 * 10 + 36
        + 15 + 30 + 3 * (d.unknownEvent.length() + d.unknownDetails.length() + d.unknownResourceMetadata.length());
  }

  /**
   * Writes the record at {@code b[start]} without its dictionary ids and checksum; returns
   * where the checksum goes. The record is {@link FlowRecordDescriptor#CRC_LENGTH} longer.
   */
  public int encodeBody(FlowDraft d, byte[] b, int start) {
    Layout l = layout;
    int flags = d.presence;
    int flags2 = 0;
    b[start + TYPE] = l.type;
    b[start + EVENT_TIME_DIGITS] = (byte) d.timeDigits[FlowDraft.T_EVENT];
    b[start + AGG_DIGITS] = (byte) (d.timeDigits[FlowDraft.T_AGG_START] | (d.timeDigits[FlowDraft.T_AGG_END] << 4));
    flags |= time(d, FlowDraft.T_EVENT, P_EVENT_TIME, F_ESC_EVENT_TIME, b, start + EVENT_TIME);
    if (l.v2) {
      long base = eventTimeIsBase(flags) ? d.timeSecond[FlowDraft.T_EVENT] : 0;
      int s = aggSlot(d, FlowDraft.T_AGG_START, P_AGG_START, base, b, start + l.aggStart);
      flags |= s < 0 ? F_ESC_AGG_START : 0;
      flags2 |= s > 0 ? G_AGG_START_NANO : 0;
      s = aggSlot(d, FlowDraft.T_AGG_END, P_AGG_END, base, b, start + l.aggEnd);
      flags |= s < 0 ? F_ESC_AGG_END : 0;
      flags2 |= s > 0 ? G_AGG_END_NANO : 0;
      flags2 |= u32((flags & P_BYTES) != 0, d.bytes, G_ESC_BYTES, b, start + l.bytes);
      flags2 |= u32((flags & P_PACKETS) != 0, d.packets, G_ESC_PACKETS, b, start + l.packets);
    } else {
      flags |= time(d, FlowDraft.T_AGG_START, P_AGG_START, F_ESC_AGG_START, b, start + l.aggStart);
      flags |= time(d, FlowDraft.T_AGG_END, P_AGG_END, F_ESC_AGG_END, b, start + l.aggEnd);
      LE.putLong(b, start + l.bytes, (flags & P_BYTES) != 0 ? d.bytes : 0);
      LE.putLong(b, start + l.packets, (flags & P_PACKETS) != 0 ? d.packets : 0);
    }
    b[start + FLAGS2] = (byte) flags2;
    if ((flags & P_SRC_ADDR) != 0 && !d.srcV4) {
      flags |= F_SRC_V6;
    }
    if ((flags & P_DST_ADDR) != 0 && !d.dstV4) {
      flags |= F_DST_V6;
    }
    LE.putInt(b, start + l.srcAddr, (flags & (P_SRC_ADDR | F_SRC_V6)) == P_SRC_ADDR ? (int) d.srcLow : 0);
    LE.putInt(b, start + l.dstAddr, (flags & (P_DST_ADDR | F_DST_V6)) == P_DST_ADDR ? (int) d.dstLow : 0);
    flags |= small16(d.srcPort, flags & P_SRC_PORT, F_ESC_SRC_PORT, b, start + l.srcPort);
    flags |= small16(d.dstPort, flags & P_DST_PORT, F_ESC_DST_PORT, b, start + l.dstPort);
    flags |= small16(d.tcpFlags, flags & P_TCP_FLAGS, F_ESC_TCP_FLAGS, b, start + l.tcpFlags);
    flags |= small8(d.proto, flags & P_PROTO, F_ESC_PROTO, b, start + l.proto);
    flags |= small8(d.vers, flags & P_VERS, F_ESC_VERS, b, start + l.vers);
    int pos = start + l.variable;
    if ((flags & P_EVENT_ID) != 0) {
      b[pos++] = EVENT_ID_TEXT; // a canonical UUID is packed into 16 bytes by finish()
      pos = text(d.eventId, b, pos);
    }
    if ((flags & P_SESSION) != 0) {
      LE.putLong(b, pos, d.session); // session ids are random 63-bit numbers: a varint would take 10 bytes
      pos += 8;
    }
    if ((flags & P_FLOW_IDX) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.flowIdx));
    }
    if ((flags & P_IFACE_IDX) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.ifaceIdx));
    }
    if ((flags & P_IFACE_GEN) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.ifaceGen));
    }
    if ((flags & F_SRC_V6) != 0) {
      LE.putLong(b, pos, d.srcHigh);
      LE.putLong(b, pos + 8, d.srcLow);
      pos += 16;
    }
    if ((flags & F_DST_V6) != 0) {
      LE.putLong(b, pos, d.dstHigh);
      LE.putLong(b, pos + 8, d.dstLow);
      pos += 16;
    }
    if ((flags & F_ESC_SRC_PORT) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.srcPort));
    }
    if ((flags & F_ESC_DST_PORT) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.dstPort));
    }
    if ((flags & F_ESC_TCP_FLAGS) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.tcpFlags));
    }
    if ((flags & F_ESC_PROTO) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.proto));
    }
    if ((flags & F_ESC_VERS) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.vers));
    }
    pos = escapedTime(d, FlowDraft.T_EVENT, flags & F_ESC_EVENT_TIME, b, pos);
    pos = escapedTime(d, FlowDraft.T_AGG_START, flags & F_ESC_AGG_START, b, pos);
    pos = escapedTime(d, FlowDraft.T_AGG_END, flags & F_ESC_AGG_END, b, pos);
    if ((flags2 & G_AGG_START_NANO) != 0) {
      pos = LE.putVarLong(b, pos, d.timeNano[FlowDraft.T_AGG_START]);
    }
    if ((flags2 & G_AGG_END_NANO) != 0) {
      pos = LE.putVarLong(b, pos, d.timeNano[FlowDraft.T_AGG_END]);
    }
    if ((flags2 & G_ESC_BYTES) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.bytes));
    }
    if ((flags2 & G_ESC_PACKETS) != 0) {
      pos = LE.putVarLong(b, pos, LE.zigzag(d.packets));
    }
    if (!d.unknownEvent.isEmpty()) {
      flags |= F_X_EVENT;
      pos = text(d.unknownEvent, b, pos);
    }
    if (!d.unknownDetails.isEmpty()) {
      flags |= F_X_DETAILS;
      pos = text(d.unknownDetails, b, pos);
    }
    if (!d.unknownResourceMetadata.isEmpty()) {
      flags |= F_X_RESOURCE_METADATA;
      pos = text(d.unknownResourceMetadata, b, pos);
    }
    LE.putInt(b, start + PRESENCE, flags);
    return pos;
  }

  /**
   * Writes a version 2 aggregation bound: seconds from {@code base} in the slot. Returns 0 when
   * the slot holds it, 1 when its nanoseconds go to the variable part too, -1 when it is
   * escaped (slot 0, exact value in the variable part).
   */
  private static int aggSlot(FlowDraft d, int t, int present, long base, byte[] b, int at) {
    if ((d.presence & present) == 0) {
      LE.putInt(b, at, 0);
      return 0;
    }
    long s = d.timeSecond[t];
    long delta = s - base;
    if (s < MIN_NANO_SECOND || s > MAX_NANO_SECOND || delta != (int) delta) {
      LE.putInt(b, at, 0);
      return -1;
    }
    LE.putInt(b, at, (int) delta);
    return d.timeNano[t] != 0 ? 1 : 0;
  }

  private static int u32(boolean present, long v, int escape, byte[] b, int at) {
    if (present && (v < 0 || v > 0xFFFF_FFFFL)) {
      LE.putInt(b, at, 0);
      return escape;
    }
    LE.putInt(b, at, present ? (int) v : 0);
    return 0;
  }

  private static int time(FlowDraft d, int t, int present, int escape, byte[] b, int at) {
    if ((d.presence & present) == 0) {
      LE.putLong(b, at, 0);
      return 0;
    }
    long s = d.timeSecond[t];
    LE.putLong(b, at, clampedNanos(s, d.timeNano[t]));
    return s >= MIN_NANO_SECOND && s <= MAX_NANO_SECOND ? 0 : escape;
  }

  private static int escapedTime(FlowDraft d, int t, int escaped, byte[] b, int pos) {
    if (escaped == 0) {
      return pos;
    }
    LE.putLong(b, pos, d.timeSecond[t]);
    LE.putInt(b, pos + 8, d.timeNano[t]);
    return pos + 12;
  }

  private static int small16(long v, int present, int escape, byte[] b, int at) {
    if (present != 0 && v >= 0 && v <= 0xFFFF) {
      LE.putShort(b, at, (int) v);
      return 0;
    }
    LE.putShort(b, at, 0);
    return present != 0 ? escape : 0;
  }

  private static int small8(long v, int present, int escape, byte[] b, int at) {
    if (present != 0 && v >= 0 && v <= 0xFF) {
      b[at] = (byte) v;
      return 0;
    }
    b[at] = 0;
    return present != 0 ? escape : 0;
  }

  /** varint byte length, then WTF-8 bytes. The length is patched after encoding. */
  private static int text(CharBuf s, byte[] b, int pos) {
    int len = s.length();
    char[] c = s.array();
    boolean ascii = true;
    for (int i = 0; i < len; i++) {
      if (c[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      pos = LE.putVarLong(b, pos, len);
      for (int i = 0; i < len; i++) {
        b[pos + i] = (byte) c[i];
      }
      return pos + len;
    }
    int n = Utf8.encodedLength(s);
    pos = LE.putVarLong(b, pos, n);
    return Utf8.encode(c, 0, len, b, pos);
  }
}
