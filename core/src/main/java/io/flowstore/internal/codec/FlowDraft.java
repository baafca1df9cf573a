package io.flowstore.internal.codec;

import io.flowstore.internal.text.CharBuf;

/**
 * One flow event under construction: the parser fills it, the encoder turns it into a record.
 * Reused for every event of an ingest context, so nothing here is allocated per event.
 * Not thread-safe. Internal.
 *
 * <p>Strings that become dictionary tuples are not kept one by one: they are appended to
 * {@link #shapeKey} and {@link #placeKey} as {@code [tag][length][chars]} so that the whole
 * tuple is resolved with one cache lookup (see {@link TupleResolver}).
 */
public final class FlowDraft {
  public static final int T_EVENT = 0;
  public static final int T_AGG_START = 1;
  public static final int T_AGG_END = 2;

  // place key tags (shape key tags are the shape slot + 1)
  public static final char TAG_SUBNET = 1;
  public static final char TAG_VM = 2;
  public static final char TAG_FOLDER = 3;
  public static final char TAG_PATH = 4;
  public static final char TAG_ELEM = 5;
  public static final char TAG_ELEM_TYPE = 6;
  public static final char TAG_ELEM_ID = 7;
  public static final char TAG_ELEM_NAME = 8;
  public static final char TAG_ELEM_UNKNOWN = 9;

  /** Presence bits as in {@link FlowRecordDescriptor} (escape bits are the encoder's). */
  public int presence;
  public final long[] timeSecond = new long[3];
  public final int[] timeNano = new int[3];
  public final int[] timeDigits = new int[3];
  public long bytes;
  public long packets;
  public long srcPort;
  public long dstPort;
  public long tcpFlags;
  public long proto;
  public long vers;
  public long session;
  public long flowIdx;
  public long ifaceIdx;
  public long ifaceGen;
  public boolean srcV4;
  public long srcHigh;
  public long srcLow;
  public boolean dstV4;
  public long dstHigh;
  public long dstLow;

  public final CharBuf eventId = new CharBuf(64);
  public final CharBuf shapeKey = new CharBuf(256);
  public final CharBuf placeKey = new CharBuf(512);
  public final CharBuf unknownEvent = new CharBuf(64);
  public final CharBuf unknownDetails = new CharBuf(64);
  public final CharBuf unknownResourceMetadata = new CharBuf(64);
  /** Scratch for the unknown fields of the current path element. */
  public final CharBuf unknownElement = new CharBuf(64);
  /** Whether the eventType value was not a string (another event family: CTyun's is {code, value}). */
  public boolean typeNotString;

  /** Bits of shape slots and place tags already seen, to catch duplicate keys. */
  public int shapeSeen;
  public int placeSeen;

  public int shapeId;
  public int placeId;
  /** Whether eventType is one of the flow event types (set by the parser when it reads it). */
  public boolean flowType;
  /**
   * The event is of another family (its type is not a flow type): the parser stopped reading it
   * right after the type, inside the object, and the ingest's audit parser goes on from there.
   */
  public boolean otherFamily;
  /** The event has a CTyun {@code eventName}: without a flow type it goes to the audit parser. */
  public boolean ctyunName;

  // the first error found in this event, or null
  public String errorReason;
  public String errorField;
  public int errorLine;
  public int errorColumn;
  public long errorOffset;

  public void reset() {
    presence = 0;
    eventId.clear();
    shapeKey.clear();
    placeKey.clear();
    unknownEvent.clear();
    unknownDetails.clear();
    unknownResourceMetadata.clear();
    typeNotString = false;
    shapeSeen = 0;
    placeSeen = 0;
    shapeId = 0;
    placeId = 0;
    flowType = false;
    otherFamily = false;
    ctyunName = false;
    errorReason = null;
    errorField = null;
  }

  /** Releases buffers that one huge event blew up, so that memory stays bounded. */
  public void trim() {
    int max = 1 << 16;
    eventId.trim(max);
    shapeKey.trim(max);
    placeKey.trim(max);
    unknownEvent.trim(max);
    unknownDetails.trim(max);
    unknownResourceMetadata.trim(max);
    unknownElement.trim(max);
  }

  public boolean hasError() {
    return errorReason != null;
  }

  /** Records the first error only: later ones are usually consequences of the first. */
  public void error(String field, String reason, int line, int column, long offset) {
    if (errorReason == null) {
      errorField = field;
      errorReason = reason;
      errorLine = line;
      errorColumn = column;
      errorOffset = offset;
    }
  }

  public static void appendTagged(CharBuf key, char tag, char[] c, int off, int len) {
    key.appendTagged(tag, c, off, len);
  }

  /** The value of shape slot {@code slot} (e.g. SHAPE_EVENT_TYPE), or null (allocates). */
  public String shapeText(int slot) {
    char[] k = shapeKey.array();
    char tag = (char) (slot + 1);
    for (int i = 0, n = shapeKey.length(); i + 1 < n; i += 2 + k[i + 1]) {
      if (k[i] == tag) {
        return new String(k, i + 2, k[i + 1]);
      }
    }
    return null;
  }

}
