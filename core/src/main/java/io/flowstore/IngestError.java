package io.flowstore;

/**
 * Why one input event was refused, and where it was. Immutable and thread-safe.
 *
 * @param source the input name (a file path, or the name given with a stream or byte array)
 * @param line 1-based line of the error in the (decompressed) input
 * @param column 1-based column of the error
 * @param byteOffset 0-based byte offset of the error in the (decompressed) input
 * @param ordinal 1-based number of the event in the input (every top-level value counts)
 * @param field JSON path of the offending field (e.g. {@code details.bytes}), or null
 * @param reason what is wrong, as {@code fact: name=value, ...}
 */
public record IngestError(String source, int line, int column, long byteOffset, long ordinal, String field,
    String reason) {

  @Override
  public String toString() {
    return reason + " (source=" + source + ", line=" + line + ", column=" + column + ", offset=" + byteOffset
        + ", event=" + ordinal + (field == null ? "" : ", field=" + field) + ")";
  }
}
