package io.flowstore.internal.index;

import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MappeableArrayContainer;
import org.roaringbitmap.buffer.MappeableBitmapContainer;
import org.roaringbitmap.buffer.MappeableContainer;
import org.roaringbitmap.buffer.MappeableContainerPointer;
import org.roaringbitmap.buffer.MappeableRunContainer;
import org.roaringbitmap.buffer.MutableRoaringArray;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The range fields ({@link RangeField}) of the open segment, answered without reading records.
 * Internal.
 *
 * <p>Design, like {@link ChunkedDim}: the writer puts each row's values into columns of the
 * chunk being filled (65,536 rows, one Roaring container's worth). When a chunk is full it
 * becomes immutable {@link Part}s, one per field, each with the minimum and maximum of its
 * values, and a builder (the maintenance thread) turns each column into a RangeBitmap of
 * value minus minimum, after which the column is dropped. A query skips a chunk whose values
 * all lie outside its bounds, takes a chunk whose values all lie inside as the rows that have
 * the field, and evaluates the others on the chunk's range bitmap (on its column until that is
 * built); the chunk being filled is scanned in memory. So an open segment answers a range in
 * about the time a sealed one does, and a time range, whose rows arrive roughly in order,
 * touches one or two chunks.
 *
 * <p>After a restart the open segment is restored from its checkpoint, which holds no range
 * data: the checkpointed full chunks are {@link Part#pending pending} (a query reads their
 * records) until the builder has read them back in; the partial chunk is read in at once.
 *
 * <p>Thread-safety: {@link #add}, {@link #advance} and {@link #restore} run under the segment's
 * write lock; a query captures a {@link Frozen} under the read lock and evaluates outside it.
 * A full chunk's parts never change except to replace a pending part by a read one (under
 * the write lock), a part's bitmap is set once and published through a volatile, a capture
 * copies the chunk list, and the column arrays of the chunk being filled are never reused, so
 * rows below a captured row count stay valid.
 */
final class RangeChunks {
  static final int CHUNK = 1 << 16;
  static final int FIELDS = RangeField.values().length;
  private static final int WORDS = CHUNK / 64;

  /** One field of one full chunk. */
  static final class Part {
    /** Minimum and maximum of the present values (min > max: none). */
    final long min;
    final long max;
    /** Rows (in the chunk) that have the field; null for a pending part. */
    final long[] present;
    final int count;
    /** The column until the bitmap is built (kept when the spread overflows 63 bits). */
    private volatile long[] values;
    private volatile RangeBitmap bits;
    /** Whether {@link #build} also keeps the highest values ({@link RangeField#keepsHighValues()}). */
    private final boolean keepsHigh;
    /** The highest values with their rows, set by {@link #build} before the bitmap. */
    private volatile HighValues high;

    private Part(long min, long max, long[] present, int count, long[] values, boolean keepsHigh) {
      this.min = min;
      this.max = max;
      this.present = present;
      this.count = count;
      this.values = values;
      this.keepsHigh = keepsHigh;
    }

    static final Part PENDING = new Part(Long.MIN_VALUE, Long.MAX_VALUE, null, -1, null, false);

    boolean pending() {
      return present == null;
    }

    /** Builds the range bitmap and drops the column; idempotent. */
    synchronized void build() {
      long[] v = values;
      if (bits != null || v == null || min > max || max - min < 0) {
        return;
      }
      RangeBitmapWriter a = new RangeBitmapWriter(Math.max(1, max - min));
      HighValues.Builder t = keepsHigh ? new HighValues.Builder(CHUNK) : null;
      for (int r = 0; r < CHUNK; r++) {
        boolean has = (present[r >>> 6] & (1L << r)) != 0;
        a.add(has ? v[r] - min : 0);
        if (has && t != null) {
          t.add(r, v[r]);
        }
      }
      if (t != null) {
        high = t.build();
      }
      bits = a.build();
      values = null;
    }

    /** The rows below {@code limit} with a value in [lo, hi], or null for none. */
    MappeableContainer rows(long lo, long hi, int limit) {
      return rows(lo, hi, limit, null);
    }

    /**
     * {@link #rows(long, long, int)}, of which only the rows of {@code within} (this chunk's
     * candidates, null for all) are needed: the range bitmap is evaluated for them only.
     */
    MappeableContainer rows(long lo, long hi, int limit, MappeableContainer within) {
      if (count == 0 || max < lo || min > hi) {
        return null;
      }
      if (lo <= min && max <= hi) {
        return cut(ChunkedDim.presence(present.clone(), count), limit);
      }
      HighValues t = high;
      if (t != null && t.covers(lo)) {
        // a bound among the chunk's highest values: the high values hold every matching row
        long[] words = new long[WORDS];
        int[] n = {0};
        t.rows(lo, hi, limit, r -> {
          if (within == null || within.contains((char) r)) {
            words[r >>> 6] |= 1L << r;
            n[0]++;
          }
        });
        return n[0] == 0 ? null : ChunkedDim.presence(words, n[0]);
      }
      RangeBitmap b = bits;
      if (b == null) {
        long[] v = values;
        if (v != null) {
          return scan(v, present, limit, lo, hi);
        }
        b = bits; // built meanwhile
      }
      RoaringBitmap context = null;
      if (within != null) {
        context = new RoaringBitmap();
        context.append((char) 0, within.toContainer());
      }
      RoaringBitmap r = between(b, Math.max(lo, min) - min, Math.min(hi, max) - min, max - min, context);
      MutableRoaringBitmap m = r.toMutableRoaringBitmap();
      if (m.isEmpty()) {
        return null;
      }
      MappeableContainer c = m.getMappeableRoaringArray().getContainerAtIndex(0);
      if (lo <= min) { // rows without the field were added as 0, which is min
        c = and(c, ChunkedDim.presence(present.clone(), count));
      }
      return cut(c, limit);
    }
  }

  /** What a query needs, captured under the read lock. */
  static final class Frozen {
    private final Part[][] full;
    private final int fullCount;
    private final long[][] tailValues;
    private final long[][] tailPresent;

    private Frozen(Part[][] full, int fullCount, long[][] tailValues, long[][] tailPresent) {
      this.full = full;
      this.fullCount = fullCount;
      this.tailValues = tailValues;
      this.tailPresent = tailPresent;
    }

    /**
     * The rows below {@code visible} whose value of {@code f} lies in [lo, hi]; the rows of
     * pending chunks are answered by {@code pending} (chunk index to its rows).
     */
    MutableRoaringBitmap range(RangeField f, long lo, long hi, int visible, PendingRows pending) {
      return range(f, lo, hi, visible, pending, null);
    }

    /**
     * {@link #range(RangeField, long, long, int, PendingRows)}, of which only the rows of
     * {@code within} (null: all) are needed: chunks without candidates are skipped, and range
     * bitmaps are evaluated for the candidates only. The answer may hold other rows too.
     */
    MutableRoaringBitmap range(RangeField f, long lo, long hi, int visible, PendingRows pending,
        ImmutableRoaringBitmap within) {
      MutableRoaringBitmap out = new MutableRoaringBitmap();
      MutableRoaringArray arr = out.getMappeableRoaringArray();
      int i = f.ordinal();
      int chunks = (visible + CHUNK - 1) >>> 16;
      MappeableContainerPointer candidates = within == null ? null : within.getContainerPointer();
      for (int c = 0; c < chunks; c++) {
        int limit = Math.min(CHUNK, visible - (c << 16));
        MappeableContainer only = null;
        if (candidates != null) {
          while (candidates.getContainer() != null && candidates.key() < c) {
            candidates.advance();
          }
          if (candidates.getContainer() == null) {
            break;
          }
          if (candidates.key() != c) {
            continue;
          }
          only = candidates.getContainer();
        }
        MappeableContainer rows;
        if (c < fullCount) {
          Part p = full[c][i];
          rows = p.pending() ? pending.rows(c, limit) : p.rows(lo, hi, limit, only);
        } else {
          long[] v = tailValues[i];
          rows = v == null ? null : scan(v, tailPresent[i], limit, lo, hi);
        }
        if (rows != null && !rows.isEmpty()) {
          arr.append((char) c, rows);
        }
      }
      return out;
    }
  }

  /** Answers a pending chunk by reading its records. */
  interface PendingRows {
    MappeableContainer rows(int chunk, int limit);
  }

  /** Reads back the values of rows, for a restore. */
  interface RowSource {
    /** Calls {@code sink} for each row in [from, to) that has a value of some range field. */
    void read(int from, int to, RowSink sink);
  }

  interface RowSink {
    void row(int row, long[] values, boolean[] present);
  }

  private final Executor builder;
  private Part[][] full = new Part[4][];
  private int fullCount;
  private long[][] tailValues = new long[FIELDS][];
  private long[][] tailPresent = new long[FIELDS][];
  private final long[] tailMin = new long[FIELDS];
  private final long[] tailMax = new long[FIELDS];
  private final int[] tailCount = new int[FIELDS];

  /** {@code builder} builds full chunks' bitmaps off the writer thread (null: no one does; queries scan columns). */
  RangeChunks(Executor builder) {
    this.builder = builder;
    resetTail();
  }

  private void resetTail() {
    tailValues = new long[FIELDS][];
    tailPresent = new long[FIELDS][];
    Arrays.fill(tailMin, Long.MAX_VALUE);
    Arrays.fill(tailMax, Long.MIN_VALUE);
    Arrays.fill(tailCount, 0);
  }

  /** Row {@code row} exists (of any kind); finishes every chunk before its own. Under the write lock. */
  void advance(int row) {
    while (row >>> 16 > fullCount) {
      finishTail();
    }
  }

  /** Row {@code row}'s values; rows come in ascending order. Under the write lock. */
  void add(int row, long[] values, boolean[] present) {
    advance(row);
    int r = row & 0xFFFF;
    for (int f = 0; f < FIELDS; f++) {
      if (present[f]) {
        long v = values[f];
        long[] col = tailValues[f];
        if (col == null) {
          col = tailValues[f] = new long[CHUNK];
          tailPresent[f] = new long[WORDS];
        }
        col[r] = v;
        tailPresent[f][r >>> 6] |= 1L << r;
        tailCount[f]++;
        if (v < tailMin[f]) {
          tailMin[f] = v;
        }
        if (v > tailMax[f]) {
          tailMax[f] = v;
        }
      }
    }
  }

  private void finishTail() {
    Part[] parts = new Part[FIELDS];
    for (int f = 0; f < FIELDS; f++) {
      boolean keepsHigh = RangeField.values()[f].keepsHighValues();
      parts[f] = tailValues[f] == null ? new Part(Long.MAX_VALUE, Long.MIN_VALUE, new long[WORDS], 0, null, false)
          : new Part(tailMin[f], tailMax[f], tailPresent[f], tailCount[f], tailValues[f], keepsHigh);
    }
    if (fullCount == full.length) {
      full = Arrays.copyOf(full, fullCount * 2);
    }
    full[fullCount++] = parts;
    resetTail();
    build(parts);
  }

  private void build(Part[] parts) {
    if (builder == null) {
      return;
    }
    try {
      builder.execute(() -> {
        for (Part p : parts) {
          p.build();
        }
      });
    } catch (RejectedExecutionException closing) {
      // the store is closing: queries scan the columns
    }
  }

  /** For a query; under the read lock. */
  Frozen freeze() {
    return new Frozen(Arrays.copyOf(full, fullCount), fullCount, tailValues.clone(), tailPresent.clone());
  }

  /**
   * After a checkpoint restored {@code rows} rows: their full chunks become pending and are read
   * back by the builder ({@code reread} replaces them, under the write lock), the partial chunk
   * is read in now. Under the write lock, before any row is added.
   */
  void restore(int rows, RowSource source) {
    int chunks = rows >>> 16;
    for (int c = 0; c < chunks; c++) {
      Part[] parts = new Part[FIELDS];
      Arrays.fill(parts, Part.PENDING);
      if (fullCount == full.length) {
        full = Arrays.copyOf(full, fullCount * 2);
      }
      full[fullCount++] = parts;
    }
    source.read(chunks << 16, rows, this::add);
  }

  /** Whether chunk {@code c} is pending. Under a lock. */
  boolean pending(int c) {
    return c < fullCount && full[c][0].pending();
  }

  /** The parts of pending chunk {@code c}, read from {@code source}; call without a lock, then {@link #replace}. */
  static Part[] read(int c, RowSource source) {
    long[][] values = new long[FIELDS][];
    long[][] present = new long[FIELDS][];
    long[] min = new long[FIELDS];
    long[] max = new long[FIELDS];
    int[] count = new int[FIELDS];
    Arrays.fill(min, Long.MAX_VALUE);
    Arrays.fill(max, Long.MIN_VALUE);
    source.read(c << 16, (c + 1) << 16, (row, v, has) -> {
      int r = row & 0xFFFF;
      for (int f = 0; f < FIELDS; f++) {
        if (has[f]) {
          if (values[f] == null) {
            values[f] = new long[CHUNK];
            present[f] = new long[WORDS];
          }
          values[f][r] = v[f];
          present[f][r >>> 6] |= 1L << r;
          count[f]++;
          min[f] = Math.min(min[f], v[f]);
          max[f] = Math.max(max[f], v[f]);
        }
      }
    });
    Part[] parts = new Part[FIELDS];
    for (int f = 0; f < FIELDS; f++) {
      parts[f] = new Part(min[f], max[f], present[f] == null ? new long[WORDS] : present[f], count[f], values[f],
          RangeField.values()[f].keepsHighValues());
      parts[f].build();
    }
    return parts;
  }

  /** Puts read parts in place of pending chunk {@code c}. Under the write lock. */
  void replace(int c, Part[] parts) {
    full[c] = parts;
  }

  /** Rows below {@code limit} of {@code v} in [lo, hi] that are set in {@code present}, or null for none. */
  private static MappeableContainer scan(long[] v, long[] present, int limit, long lo, long hi) {
    long[] words = new long[WORDS];
    int n = 0;
    int w = 0;
    for (; w < (limit >>> 6); w++) {
      long bits = 0;
      long p = present[w];
      if (p == 0) {
        continue;
      }
      int base = w << 6;
      for (int b = 0; b < 64; b++) {
        long x = v[base + b];
        if (x >= lo && x <= hi) {
          bits |= 1L << b;
        }
      }
      bits &= p;
      words[w] = bits;
      n += Long.bitCount(bits);
    }
    int rest = limit & 63;
    if (rest != 0) {
      long bits = 0;
      int base = w << 6;
      for (int b = 0; b < rest; b++) {
        long x = v[base + b];
        if (x >= lo && x <= hi) {
          bits |= 1L << b;
        }
      }
      bits &= present[w];
      words[w] = bits;
      n += Long.bitCount(bits);
    }
    return n == 0 ? null : ChunkedDim.presence(words, n);
  }

  /**
   * The rows of {@code b} (values 0..{@code maxRel}, of {@code context} when not null) in
   * [lo, hi]: one-sided when a bound is the whole range's (one pass over the slices, not two).
   */
  static RoaringBitmap between(RangeBitmap b, long lo, long hi, long maxRel, RoaringBitmap context) {
    if (hi >= maxRel) {
      return context == null ? b.gte(lo) : b.gte(lo, context);
    }
    if (lo <= 0) {
      return context == null ? b.lte(hi) : b.lte(hi, context);
    }
    return context == null ? b.between(lo, hi) : b.between(lo, hi, context);
  }

  private static MappeableContainer and(MappeableContainer a, MappeableContainer b) {
    if (b instanceof MappeableBitmapContainer x) {
      return a.and(x);
    }
    if (b instanceof MappeableArrayContainer y) {
      return a.and(y);
    }
    return a.and((MappeableRunContainer) b);
  }

  /** {@code c} without the rows at or above {@code limit}. */
  private static MappeableContainer cut(MappeableContainer c, int limit) {
    return limit >= CHUNK ? c : c.iremove(limit, CHUNK);
  }
}
