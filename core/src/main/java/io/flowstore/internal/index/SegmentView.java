package io.flowstore.internal.index;

import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

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

  /**
   * The rows of {@code within} that {@link #range} would return: for a conjunction whose other
   * parts left few candidates, so that an index can skip what it need not produce.
   */
  default ImmutableRoaringBitmap range(RangeField f, long lo, long hi, ImmutableRoaringBitmap within) {
    return ImmutableRoaringBitmap.and(range(f, lo, hi), within);
  }

  /** How many rows {@link #sampleRange} looks at: the first Roaring container's. */
  int SAMPLE_ROWS = 1 << 16;

  /**
   * {@link #range} over the first {@link #SAMPLE_ROWS} rows only: a cheap estimate of how
   * selective a range is, for ordering the parts of a conjunction.
   */
  ImmutableRoaringBitmap sampleRange(RangeField f, long lo, long hi);

  /** The rows of {@code b} below {@link #SAMPLE_ROWS}. */
  static ImmutableRoaringBitmap sample(ImmutableRoaringBitmap b) {
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    out.add(0L, SAMPLE_ROWS);
    out.and(b);
    return out;
  }

  /** Rows whose IPv6 source (or destination) address lies in [lo, hi], unsigned 128-bit. */
  ImmutableRoaringBitmap v6(boolean src, long loHigh, long loLow, long hiHigh, long hiLow);

  /**
   * Visits this segment's {@link Rollup} of {@code kind}: one call per (shape, place) pair of its
   * flow events whose shape passes {@code shapes}, with row counts and byte and packet sums (pairs
   * of a failing shape are skipped without being read). In an address rollup the place is an IPv4
   * address and rows without one come under {@code ~shape} (place 0: absent, k: the k-th IPv6
   * address of {@link #rollupV6}), which {@code shapes} is asked about as it is (see {@link Rollup}). Returns false, having visited nothing, when
   * there is none to use: a store without indexes, a segment with too many pairs, or an open
   * segment that has grown since this view was taken (its rollup no longer matches the view's
   * rows). Then answer from the bitmaps.
   */
  boolean rollup(Rollup.Kind kind, java.util.function.IntPredicate shapes, Rollup.Visitor visitor);

  /**
   * The IPv6 addresses that the places k >= 1 under {@code ~shape} of the address rollup of
   * {@code kind} stand for: [high, low] of place k at index 2(k - 1). Read it after visiting the
   * rollup: it only grows, so it covers every place visited.
   */
  long[] rollupV6(Rollup.Kind kind);

  /** Whether the byte and packet sums of the rollup of {@code kind} are exact (none overflowed a long). */
  boolean rollupSumsExact(Rollup.Kind kind);

  /** A reader of this segment's records (a new one per call; not thread-safe). */
  SegmentRows rows();

  /** True for a sealed segment (indexes in a mapped file), false for the open one (indexes on the heap). */
  boolean sealed();

  /**
   * False for a segment of a store opened without indexes: every method still answers exactly,
   * by reading the records.
   */
  boolean indexed();
}
