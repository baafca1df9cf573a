package io.flowstore.internal.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The highest values of a heavy-tailed range field ({@link RangeField#keepsHighValues()}) in a stretch
 * of rows (a sealed segment, or a full chunk of the open segment), each with its row: every row
 * whose value is at least {@link #threshold()} is here, in ascending row order. Immutable;
 * thread-safe. Internal.
 *
 * <p>Why: a bit-sliced range index costs the same whatever the bound. {@code bytes > 1000000}
 * matches about 1 row in 500, and evaluating it on a sealed segment's RangeBitmap touches every
 * slice of every container (2.5 ms for 4 Mi rows); a query whose lower bound is at or above the
 * threshold is answered from these instead, a pass over about 1/256 of the rows (12 bytes
 * each: 0.05 bytes per row of the segment). Bounds below the threshold use the range index as
 * before.
 *
 * <p>Values are in the caller's coordinates (a sealed segment's are relative to its range base).
 * The serialized form ({@link #serialize}, {@link #map}) is: threshold (i64) | n (i32) | 0 (i32)
 * | n rows (i32) | padding to 8 | n values (i64), little-endian.
 */
final class HighValues {
  /** It keeps about this fraction (1/256) of the rows that have the field. */
  static final int SHARE_SHIFT = 8;

  private final long threshold;
  private final int n;
  private final ByteBuffer rows;
  private final ByteBuffer values;

  private HighValues(long threshold, int n, ByteBuffer rows, ByteBuffer values) {
    this.threshold = threshold;
    this.n = n;
    this.rows = rows;
    this.values = values;
  }

  /** Every row with a value at or above this is here. */
  long threshold() {
    return threshold;
  }

  int size() {
    return n;
  }

  /** Whether the rows with values in [lo, ...] are all here. */
  boolean covers(long lo) {
    return lo >= threshold;
  }

  int row(int i) {
    return rows.getInt(4 * i);
  }

  long value(int i) {
    return values.getLong(8 * i);
  }

  /** Calls {@code sink} for each row below {@code limit} with a value in [lo, hi], in ascending order. */
  void rows(long lo, long hi, int limit, java.util.function.IntConsumer sink) {
    for (int i = 0; i < n; i++) {
      int r = row(i);
      if (r >= limit) {
        break;
      }
      long v = value(i);
      if (v >= lo && v <= hi) {
        sink.accept(r);
      }
    }
  }

  /** The high values read in place from {@code b} (as {@link #serialize} wrote it); IllegalArgumentException when malformed. */
  static HighValues map(ByteBuffer b) {
    b = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.capacity() < 16) {
      throw new IllegalArgumentException("high values section of " + b.capacity() + " bytes");
    }
    long threshold = b.getLong(0);
    int n = b.getInt(8);
    int valuesAt = align(16 + 4 * n);
    if (n < 0 || valuesAt + 8L * n != b.capacity()) {
      throw new IllegalArgumentException("high values section of " + b.capacity() + " bytes for " + n + " rows");
    }
    return new HighValues(threshold, n, SegmentFile.slice(b, 16, 4 * n), SegmentFile.slice(b, valuesAt, 8 * n));
  }

  ByteBuffer serialize() {
    int valuesAt = align(16 + 4 * n);
    ByteBuffer b = ByteBuffer.allocate(valuesAt + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, threshold).putInt(8, n);
    for (int i = 0; i < n; i++) {
      b.putInt(16 + 4 * i, row(i));
      b.putLong(valuesAt + 8 * i, value(i));
    }
    return b;
  }

  private static int align(int at) {
    return (at + 7) & ~7;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof HighValues t) || t.threshold != threshold || t.n != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (t.row(i) != row(i) || t.value(i) != value(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(threshold) * 31 + n;
  }

  @Override
  public String toString() {
    return "HighValues[threshold=" + threshold + ", rows=" + n + "]";
  }

  /**
   * Collects the highest values of rows offered in any order: a min-heap of the best
   * {@code capacity} (value, row) pairs. Not thread-safe.
   */
  static final class Builder {
    private final int capacity;
    private final long[] heapValues;
    private final int[] heapRows;
    private int size;

    /** For a stretch of rows of which about {@code present} have the field. */
    Builder(int present) {
      this.capacity = Math.max(1, present >>> SHARE_SHIFT);
      this.heapValues = new long[capacity];
      this.heapRows = new int[capacity];
    }

    void add(int row, long value) {
      if (size < capacity) {
        int i = size++;
        // sift up
        while (i > 0) {
          int parent = (i - 1) >>> 1;
          if (heapValues[parent] <= value) {
            break;
          }
          heapValues[i] = heapValues[parent];
          heapRows[i] = heapRows[parent];
          i = parent;
        }
        heapValues[i] = value;
        heapRows[i] = row;
      } else if (value > heapValues[0]) {
        // replace the minimum and sift down
        int i = 0;
        while (true) {
          int child = 2 * i + 1;
          if (child >= size) {
            break;
          }
          if (child + 1 < size && heapValues[child + 1] < heapValues[child]) {
            child++;
          }
          if (heapValues[child] >= value) {
            break;
          }
          heapValues[i] = heapValues[child];
          heapRows[i] = heapRows[child];
          i = child;
        }
        heapValues[i] = value;
        heapRows[i] = row;
      }
    }

    /**
     * The high values, or null when it would not be exact: all kept values equal the largest possible
     * one, so rows with it may have been left out.
     */
    HighValues build() {
      long threshold;
      if (size < capacity) {
        threshold = Long.MIN_VALUE; // every row offered is kept
      } else if (heapValues[0] == Long.MAX_VALUE) {
        return null;
      } else {
        // every value above the heap's minimum is in the heap; rows equal to it may not be
        threshold = heapValues[0] + 1;
      }
      long[] order = new long[size];
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (heapValues[i] >= threshold) {
          order[n++] = ((long) heapRows[i] << 32) | i;
        }
      }
      Arrays.sort(order, 0, n);
      ByteBuffer rows = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer values = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = 0; k < n; k++) {
        int i = (int) order[k];
        rows.putInt(4 * k, heapRows[i]);
        values.putLong(8 * k, heapValues[i]);
      }
      return new HighValues(threshold, n, rows, values);
    }
  }
}
