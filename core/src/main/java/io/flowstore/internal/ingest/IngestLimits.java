package io.flowstore.internal.ingest;

/**
 * Bounds that keep one hostile input from taking memory or time without limit. Immutable.
 * Internal; set through {@code FlowStore.Builder}.
 *
 * @param maxEventBytes largest event, in bytes of JSON
 * @param maxStringLength longest JSON string, in chars (Jackson StreamReadConstraints)
 * @param maxNestingDepth deepest JSON nesting (Jackson StreamReadConstraints)
 * @param maxNumberLength longest JSON number, in chars (Jackson StreamReadConstraints)
 * @param maxNameLength longest field name, in chars (Jackson StreamReadConstraints)
 * @param maxDecompressedBytes most bytes one gzip input may expand to
 * @param maxCompressionRatio most bytes out per byte in of a gzip input (bomb guard)
 * @param maxQuarantineRawBytes most raw bytes kept per quarantined input
 */
public record IngestLimits(int maxEventBytes, int maxStringLength, int maxNestingDepth, int maxNumberLength,
    int maxNameLength, long maxDecompressedBytes, int maxCompressionRatio, int maxQuarantineRawBytes) {

  public static final IngestLimits DEFAULT = new IngestLimits(16 << 20, 1 << 20, 64, 100, 1024, 64L << 30, 1000, 1 << 20);
}
