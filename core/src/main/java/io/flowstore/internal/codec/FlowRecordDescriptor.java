package io.flowstore.internal.codec;

/**
 * Owns the binary layout of a stored flow event, format version 1. Internal.
 *
 * <p>One flow event is one Chronicle Queue excerpt. The hot fields sit at fixed offsets so that
 * a scan tests a predicate without decoding the record; repeated strings are dictionary ids;
 * the rest follows in a variable part; a CRC32C closes the record and every read checks it.
 * All integers are little-endian.
 *
 * <pre>
 *        0        1        2        3        4                                   8
 *        +--------+--------+--------+--------+-----------------------------------+
 *      0 | type   | tDigits| aDigits| 0      | presence and flags (u32)          |
 *        +--------+--------+--------+--------+-----------------------------------+
 *      8 | eventTime (i64 ns since 1970-01-01T00:00Z)                            |
 *     16 | aggStart  (i64 ns)                                                    |
 *     24 | aggEnd    (i64 ns)                                                    |
 *     32 | bytes     (i64)                                                       |
 *     40 | packets   (i64)                                                       |
 *        +-----------------------------------+-----------------------------------+
 *     48 | srcAddr IPv4 (u32, network order) | dstAddr IPv4 (u32)                |
 *        +-----------------+-----------------+-----------------+--------+--------+
 *     56 | srcPort (u16)   | dstPort (u16)   | tcpFlags (u16)  | proto  | vers   |
 *        +-----------------+-----------------+-----------------+--------+--------+
 *     64 | shape id (i32)                    | place id (i32)                    |
 *        +-----------------------------------+-----------------------------------+
 *     72 | variable part, in this order, each only when its presence bit is set:
 *        |   eventId: u8 tag (1 = lowercase UUID as 16 bytes, 2 = varint length + WTF-8)
 *        |   session: i64 (session ids are random 63-bit numbers)
 *        |   flowIdx, ifaceIdx, ifaceGen: zigzag varints
 *        |   srcAddr, dstAddr IPv6: 16 bytes each (high i64, low i64)
 *        |   escaped srcPort, dstPort, tcpFlags, proto, vers: zigzag varints
 *        |   escaped eventTime, aggStart, aggEnd: i64 epoch second + i32 nano
 *        |   unknown fields at event, details, resourceMetadata level: varint length + UTF-8
 *        +-----------------------------------------------------------------------+
 *  len-4 | CRC32C of bytes [0, len-4) (i32)                                      |
 *        +-----------------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code tDigits} holds the fraction digits of eventTime, {@code aDigits} those of aggStart
 * (low nibble) and aggEnd (high nibble). A fixed slot that cannot hold its value (a port above
 * 65535, a time outside 1677..2262) has its escape bit set and the exact value in the
 * variable part; the slot then holds a clamped value (times: {@code Long.MIN_VALUE} or
 * {@code Long.MAX_VALUE}) so that ordering tests on the slot stay correct.
 *
 * <p>The shape id names a dictionary tuple of the low-cardinality strings (eventType,
 * eventSource, eventStatus, action, direction, reason, nat); the place id one of subnetId,
 * vmUuid, folderId and the resource path. See {@link DictionaryDescriptor}.
 */
public final class FlowRecordDescriptor {
  private FlowRecordDescriptor() {}

  /** Record type byte of a flow event, format version 1. */
  public static final byte TYPE_FLOW_V1 = (byte) 0xF1;

  public static final int TYPE = 0;
  public static final int EVENT_TIME_DIGITS = 1;
  public static final int AGG_DIGITS = 2;
  public static final int PRESENCE = 4;
  public static final int EVENT_TIME = 8;
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
