package io.flowstore.internal.codec;

/**
 * Owns the layout of dictionary entries, format version 1. Internal.
 *
 * <p>Repeated strings are stored once, as dictionary entries in the same queue as the records
 * that use them: an entry is appended before the first record of a roll cycle that refers to
 * it, so each cycle file is self-contained (retention can delete any cycle) and the queue
 * files alone restore every event. Ids are stable for the life of a store; an entry may be
 * repeated in several cycles, always with the same value.
 *
 * <pre>
 * string entry:  | 0xD1 | id (varint) | length (varint) | WTF-8 bytes     | CRC32C (i32) |
 * tuple entry:   | 0xD2 | id (varint) | kind (u8) | n (varint) | n ids (varints) | CRC32C |
 * </pre>
 *
 * <p>Tuple kinds: {@link #SHAPE} (see {@link FlowRecordDescriptor#SHAPE_SIZE}), {@link #PLACE},
 * {@link #PATH}. In a tuple, string id 0 means absent. The CRC covers every byte before it.
 */
public final class DictionaryDescriptor {
  private DictionaryDescriptor() {}

  public static final byte TYPE_STRING_V1 = (byte) 0xD1;
  public static final byte TYPE_TUPLE_V1 = (byte) 0xD2;

  public static final int SHAPE = 1;
  public static final int PLACE = 2;
  public static final int PATH = 3;

  /** Longest dictionary string in chars; longer values are rejected at ingest. */
  public static final int MAX_STRING_CHARS = 4096;

  public static boolean isDictionaryEntry(byte type) {
    return type == TYPE_STRING_V1 || type == TYPE_TUPLE_V1;
  }
}
