package io.flowstore.internal.codec;

/**
 * Owns the layout of a quarantine entry, format version 1. Internal.
 *
 * <p>An input that could not be stored as an event is kept whole (up to the configured raw
 * limit) with where it came from and why it was refused.
 *
 * <pre>
 * | 0x51 | quarantinedAt (i64 epoch ms) | ordinal | line | column | byteOffset | rawLength |
 * | source (varint length + UTF-8) | field (same; empty when none) | reason (same) |
 * | stored raw length (varint) | raw bytes | CRC32C (i32) |
 * </pre>
 *
 * <p>Numbers after the timestamp are unsigned varints; {@code rawLength} is the size of the
 * refused input, which is more than the stored bytes when the raw limit cut it.
 */
public final class QuarantineDescriptor {
  private QuarantineDescriptor() {}

  public static final byte TYPE_QUARANTINE_V1 = (byte) 0x51;
}
