package io.flowstore.internal.index;

import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * One segment as one query sees it: a fixed set of rows, the bitmaps over them, and its records.
 * Not thread-safe; every method answers for the same rows. Internal: the API the query module
 * plans onto.
 *
 * <p>All bitmaps are exact: a row is in {@code dim(d, k)} exactly when its record has value
 * {@code k} for {@code d}. Bitmaps may be views of mapped files: do not modify them.
 */
public interface SegmentView {
  SegmentMeta meta();

  /** Rows that hold a flow event (the others are dictionary entries). */
  ImmutableRoaringBitmap events();

  /** Rows whose value of {@code d} is {@code key}; empty when none. */
  ImmutableRoaringBitmap dim(Dim d, long key);

  /**
   * The distinct values of {@code d} in this segment's rows, sorted (signed): every key whose
   * {@link #dim} bitmap is not empty.
   */
  long[] keys(Dim d);

  /** Rows where {@code d} has any value. */
  ImmutableRoaringBitmap present(Dim d);

  /** Rows whose value of {@code f} lies in [lo, hi] (signed longs; times in ns, IPv4 unsigned). */
  ImmutableRoaringBitmap range(RangeField f, long lo, long hi);

  /** Rows whose IPv6 source (or destination) address lies in [lo, hi], unsigned 128-bit. */
  ImmutableRoaringBitmap v6(boolean src, long loHigh, long loLow, long hiHigh, long hiLow);

  /**
   * Visits this segment's {@link Rollup}: one call per (shape, place) tuple pair of its flow
   * events whose shape passes {@code shapes}, with row counts and byte and packet sums (pairs of
   * a failing shape are skipped without being read). Returns false, having visited nothing, when
   * there is none to use: a store without indexes, a segment with too many pairs, or an open
   * segment that has grown since this view was taken (its rollup no longer matches the view's
   * rows). Then answer from the bitmaps.
   */
  boolean rollup(java.util.function.IntPredicate shapes, Rollup.Visitor visitor);

  /** Whether the rollup's byte and packet sums are exact (none overflowed a long). */
  boolean rollupSumsExact();

  /** A reader of this segment's records (a new one per call; not thread-safe). */
  SegmentRows rows();

  /** True for a sealed segment with range indexes, false for the open one (ranges are scanned). */
  boolean sealed();

  /**
   * False for a segment of a store opened without indexes: every method still answers exactly,
   * by reading the records.
   */
  boolean indexed();
}
