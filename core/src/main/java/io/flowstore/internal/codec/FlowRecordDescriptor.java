package io.flowstore.internal.codec;

/**
 * Owns the binary layout of a stored flow event, format versions 1 and 2. Internal.
 *
 * <p>One flow event is one Chronicle Queue excerpt. The hot fields sit at fixed offsets so that
 * a scan tests a predicate without decoding the record; repeated strings are dictionary ids;
 * the rest follows in a variable part; a CRC32C closes the record and every read checks it.
 * All integers are little-endian. The first byte names the version; ingest writes version 2,
 * every reader reads both (a store written before version 2 keeps its records as they are).
 *
 * <p>Version 2 ({@link #TYPE_FLOW_V2}, 56 fixed bytes):
 *
 * <pre>
 *        0        1        2        3        4                                   8
 *        +--------+--------+--------+--------+-----------------------------------+
 *      0 | type   | tDigits| aDigits| flags2 | presence and flags (u32)          |
 *        +--------+--------+--------+--------+-----------------------------------+
 *      8 | eventTime (i64 ns since 1970-01-01T00:00Z)                            |
 *        +-----------------------------------+-----------------------------------+
 *     16 | aggStart (i32 s from the base)    | aggEnd (i32 s from the base)      |
 *     24 | bytes (u32)                       | packets (u32)                     |
 *     32 | srcAddr IPv4 (u32, network order) | dstAddr IPv4 (u32)                |
 *        +-----------------+-----------------+-----------------+--------+--------+
 *     40 | srcPort (u16)   | dstPort (u16)   | tcpFlags (u16)  | proto  | vers   |
 *        +-----------------+-----------------+-----------------+--------+--------+
 *     48 | shape id (i32)                    | place id (i32)                    |
 *        +-----------------------------------+-----------------------------------+
 *     56 | variable part, in this order, each only when its bit is set:
 *        |   eventId: u8 tag (1 = lowercase UUID as 16 bytes, 2 = varint length + WTF-8)
 *        |   session: i64 (session ids are random 63-bit numbers)
 *        |   flowIdx, ifaceIdx, ifaceGen: zigzag varints
 *        |   srcAddr, dstAddr IPv6: 16 bytes each (high i64, low i64)
 *        |   escaped srcPort, dstPort, tcpFlags, proto, vers: zigzag varints
 *        |   escaped eventTime, aggStart, aggEnd: i64 epoch second + i32 nano
 *        |   aggStart, aggEnd nanoseconds (flags2 G_AGG_*_NANO): varints
 *        |   escaped bytes, packets (flags2 G_ESC_*): zigzag varints
 *        |   unknown fields at event, details, resourceMetadata level: varint length + UTF-8
 *        +-----------------------------------------------------------------------+
 *  len-4 | CRC32C of bytes [0, len-4) (i32)                                      |
 *        +-----------------------------------------------------------------------+
 * </pre>
 *
 * <p>The aggregation window is stored relative to the event: its slots hold whole seconds from
 * the <em>base</em>, the epoch second of eventTime when eventTime is in its slot, else 0; a
 * non-zero fraction adds its nanoseconds to the variable part. A bound that is more than 68
 * years from the base, or outside 1677..2262, is escaped like the other times. A
 * {@code bytes} or {@code packets} value above 2^32-1 (or negative) is escaped: its slot holds
 * 0 and the exact value is in the variable part. Against version 1 this saves 16 bytes per
 * event and keeps every hot field at a fixed offset.
 *
 * <p>Version 1 ({@link #TYPE_FLOW_V1}, 72 fixed bytes), as earlier releases wrote it:
 *
 * <pre>
 *      0 | type | tDigits | aDigits | 0 | presence (u32)
 *      8 | eventTime (i64 ns)     16 | aggStart (i64 ns)     24 | aggEnd (i64 ns)
 *     32 | bytes (i64)            40 | packets (i64)
 *     48 | srcAddr, dstAddr IPv4  56 | srcPort, dstPort, tcpFlags, proto, vers (as above)
 *     64 | shape id, place id     72 | variable part as above, without the flags2 entries
 * </pre>
 *
 * <p>{@code tDigits} holds the fraction digits of eventTime, {@code aDigits} those of aggStart
 * (low nibble) and aggEnd (high nibble). A fixed slot that cannot hold its value (a port above
 * 65535, a time outside 1677..2262) has its escape bit set and the exact value in the
 * variable part; in version 1 the slot of an escaped time holds a clamped value
 * ({@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}) so that ordering tests on it stay
 * correct; readers compute the same clamped rank for version 2.
 *
 * <p>The shape id names a dictionary tuple of the low-cardinality strings (eventType,
 * eventSource, eventStatus, action, direction, reason, nat); the place id one of subnetId,
 * vmUuid, folderId and the resource path. See {@link DictionaryDescriptor}.
 */
public final class FlowRecordDescriptor {
  private FlowRecordDescriptor() {}

  /** Record type byte of a flow event, format version 1 (read, no longer written). */
  public static final byte TYPE_FLOW_V1 = (byte) 0xF1;
  /** Record type byte of a flow event, format version 2 (written). */
  public static final byte TYPE_FLOW_V2 = (byte) 0xF2;

  /** Whether a record of this type byte is a flow event. */
  public static boolean isFlow(byte type) {
    return type == TYPE_FLOW_V2 || type == TYPE_FLOW_V1;
  }

  /** The shortest well-formed flow record of this type byte (fixed part and checksum). */
  public static int minLength(byte type) {
    return type == TYPE_FLOW_V2 ? V2_MIN_LENGTH : MIN_LENGTH;
  }

  // the same in both versions
  public static final int TYPE = 0;
  public static final int EVENT_TIME_DIGITS = 1;
  public static final int AGG_DIGITS = 2;
  public static final int FLAGS2 = 3;
  public static final int PRESENCE = 4;
  public static final int EVENT_TIME = 8;

  // version 2 offsets
  public static final int V2_AGG_START = 16;
  public static final int V2_AGG_END = 20;
  public static final int V2_BYTES = 24;
  public static final int V2_PACKETS = 28;
  public static final int V2_SRC_ADDR = 32;
  public static final int V2_DST_ADDR = 36;
  public static final int V2_SRC_PORT = 40;
  public static final int V2_DST_PORT = 42;
  public static final int V2_TCP_FLAGS = 44;
  public static final int V2_PROTO = 46;
  public static final int V2_VERS = 47;
  public static final int V2_SHAPE_ID = 48;
  public static final int V2_PLACE_ID = 52;
  public static final int V2_VARIABLE = 56;
  public static final int V2_MIN_LENGTH = V2_VARIABLE + 4;

  // version 2 flags2 bits (byte 3)
  public static final int G_AGG_START_NANO = 1;
  public static final int G_AGG_END_NANO = 1 << 1;
  public static final int G_ESC_BYTES = 1 << 2;
  public static final int G_ESC_PACKETS = 1 << 3;

  /** The fixed offsets of one version, for readers that take records of both. */
  public static final class Layout {
    public final byte type;
    public final boolean v2;
    public final int aggStart;
    public final int aggEnd;
    public final int bytes;
    public final int packets;
    public final int srcAddr;
    public final int dstAddr;
    public final int srcPort;
    public final int dstPort;
    public final int tcpFlags;
    public final int proto;
    public final int vers;
    public final int shapeId;
    public final int placeId;
    public final int variable;
    public final int minLength;

    private Layout(byte type, int aggStart, int aggEnd, int bytes, int packets, int srcAddr, int srcPort,
        int shapeId) {
      this.type = type;
      this.v2 = type == TYPE_FLOW_V2;
      this.aggStart = aggStart;
      this.aggEnd = aggEnd;
      this.bytes = bytes;
      this.packets = packets;
      this.srcAddr = srcAddr;
      this.dstAddr = srcAddr + 4;
      this.srcPort = srcPort;
      this.dstPort = srcPort + 2;
      this.tcpFlags = srcPort + 4;
      this.proto = srcPort + 6;
      this.vers = srcPort + 7;
      this.shapeId = shapeId;
      this.placeId = shapeId + 4;
      this.variable = shapeId + 8;
      this.minLength = variable + CRC_LENGTH;
    }
  }

  public static final Layout LAYOUT_V1 = new Layout(TYPE_FLOW_V1, 16, 24, 32, 40, 48, 56, 64);
  public static final Layout LAYOUT_V2 = new Layout(TYPE_FLOW_V2, V2_AGG_START, V2_AGG_END, V2_BYTES,
      V2_PACKETS, V2_SRC_ADDR, V2_SRC_PORT, V2_SHAPE_ID);

  /** The layout of a flow record's type byte, or null when the record is not a flow event. */
  public static Layout layout(byte type) {
    return type == TYPE_FLOW_V2 ? LAYOUT_V2 : type == TYPE_FLOW_V1 ? LAYOUT_V1 : null;
  }

  // version 1 offsets (also the names of the fields' slots where both versions agree)
  public static final int AGG_START = 16;
  public static final int AGG_END = 24;
  public static final int BYTES = 32;
  public static final int PACKETS = 40;
  public static final int SRC_ADDR = 48;
  public static final int DST_ADDR = 52;
  public static final int SRC_PORT = 56;
  public static final int DST_PORT = 58;
  public static final int TCP_FLAGS = 60;
  public static final int PROTO = 62;
  public static final int VERS = 63;
  public static final int SHAPE_ID = 64;
  public static final int PLACE_ID = 68;
  public static final int VARIABLE = 72;
  public static final int CRC_LENGTH = 4;
  public static final int MIN_LENGTH = VARIABLE + CRC_LENGTH;

  // presence and flag bits
  public static final int P_EVENT_ID = 1;
  public static final int P_EVENT_TIME = 1 << 1;
  public static final int P_AGG_START = 1 << 2;
  public static final int P_AGG_END = 1 << 3;
  public static final int P_BYTES = 1 << 4;
  public static final int P_PACKETS = 1 << 5;
  public static final int P_SRC_ADDR = 1 << 6;
  public static final int P_DST_ADDR = 1 << 7;
  public static final int P_SRC_PORT = 1 << 8;
  public static final int P_DST_PORT = 1 << 9;
  public static final int P_TCP_FLAGS = 1 << 10;
  public static final int P_PROTO = 1 << 11;
  public static final int P_VERS = 1 << 12;
  public static final int P_SESSION = 1 << 13;
  public static final int P_FLOW_IDX = 1 << 14;
  public static final int P_IFACE_IDX = 1 << 15;
  public static final int P_IFACE_GEN = 1 << 16;
  public static final int P_RESOURCE_METADATA = 1 << 17;
  public static final int P_DETAILS = 1 << 18;
  public static final int F_SRC_V6 = 1 << 19;
  public static final int F_DST_V6 = 1 << 20;
  public static final int F_ESC_SRC_PORT = 1 << 21;
  public static final int F_ESC_DST_PORT = 1 << 22;
  public static final int F_ESC_TCP_FLAGS = 1 << 23;
  public static final int F_ESC_PROTO = 1 << 24;
  public static final int F_ESC_VERS = 1 << 25;
  public static final int F_ESC_EVENT_TIME = 1 << 26;
  public static final int F_ESC_AGG_START = 1 << 27;
  public static final int F_ESC_AGG_END = 1 << 28;
  public static final int F_X_EVENT = 1 << 29;
  public static final int F_X_DETAILS = 1 << 30;
  public static final int F_X_RESOURCE_METADATA = 1 << 31;

  public static final int EVENT_ID_UUID = 1;
  public static final int EVENT_ID_TEXT = 2;

  /** Seconds range whose nanosecond count fits a signed 64-bit slot. */
  public static final long MIN_NANO_SECOND = -9_223_372_035L;
  public static final long MAX_NANO_SECOND = 9_223_372_035L;

  /**
   * A time as it orders in a 64-bit nanosecond slot: nanoseconds since 1970, or
   * {@code Long.MIN_VALUE} / {@code Long.MAX_VALUE} outside 1677..2262 (version 1 writes this into
   * the slot of an escaped time; readers of version 2 compute it).
   */
  public static long clampedNanos(long second, int nano) {
    if (second < MIN_NANO_SECOND || second > MAX_NANO_SECOND) {
      return second < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return second * 1_000_000_000L + nano;
  }

  /**
   * Whether eventTime is in its slot, so that it is the base of version 2's aggregation slots
   * (else the base is 0).
   */
  public static boolean eventTimeIsBase(int presence) {
    return (presence & (P_EVENT_TIME | F_ESC_EVENT_TIME)) == P_EVENT_TIME;
  }

  /** Shape tuple slots. */
  public static final int SHAPE_EVENT_TYPE = 0;
  public static final int SHAPE_EVENT_SOURCE = 1;
  public static final int SHAPE_EVENT_STATUS = 2;
  public static final int SHAPE_ACTION = 3;
  public static final int SHAPE_DIRECTION = 4;
  public static final int SHAPE_REASON = 5;
  public static final int SHAPE_NAT = 6;
  public static final int SHAPE_SIZE = 7;

  /** Place tuple slots; the last is the path tuple id (0 when the event has no path). */
  public static final int PLACE_SUBNET_ID = 0;
  public static final int PLACE_VM_UUID = 1;
  public static final int PLACE_FOLDER_ID = 2;
  public static final int PLACE_PATH = 3;
  public static final int PLACE_SIZE = 4;

  /** Path tuple: 4 slots per element (resourceType, resourceId, resourceName, unknown fields). */
  public static final int PATH_SLOTS = 4;
}
