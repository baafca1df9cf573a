package io.flowstore.internal.index;

import org.roaringbitmap.buffer.MappeableArrayContainer;
import org.roaringbitmap.buffer.MappeableBitmapContainer;
import org.roaringbitmap.buffer.MappeableContainer;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dimension of the open segment with many distinct values: the source and destination ports.
 * One bitmap per value, updated per row, would cost a chain of cache misses per row (tens of
 * thousands of ephemeral ports, each bitmap cold); instead the writer appends each row's value
 * to a column of one chunk (65,536 rows, one Roaring container's worth), and when the chunk is
 * full sorts it into postings (a counting sort: distinct values, offsets, rows). A query builds
 * a value's container per chunk from its postings (and caches it: full chunks never change) and
 * scans the column of the chunk being filled. Internal.
 *
 * <p>Thread-safety: the writer calls {@link #set} under the segment's write lock; readers call
 * the query methods under its read lock. Full chunks are immutable; their container caches are
 * concurrent.
 */
final class ChunkedDim {
  static final int CHUNK = 1 << 16;
  private static final int SMALL = 1 << 16; // values 0..65535 are counting-sorted

  /** The postings of one full chunk, or of a copy of a partial one. Immutable. */
  static final class Chunk {
    /** Distinct values, ascending (signed). */
    final long[] values;
    /** Rows of values[i] are rows[offsets[i]..offsets[i + 1]), ascending. */
    final int[] offsets;
    final char[] rows;
    /** Rows with any value. */
    final MappeableContainer present;
    private final ConcurrentHashMap<Long, MappeableContainer> cache = new ConcurrentHashMap<>();

    Chunk(long[] values, int[] offsets, char[] rows, MappeableContainer present) {
      this.values = values;
      this.offsets = offsets;
      this.rows = rows;
      this.present = present;
    }

    static final Chunk EMPTY = new Chunk(new long[0], new int[] {0}, new char[0], new MappeableArrayContainer());

    /** The container of {@code value}'s rows, or null. */
    MappeableContainer container(long value) {
      int i = Arrays.binarySearch(values, value);
      if (i < 0) {
        return null;
      }
      return cache.computeIfAbsent(value, v -> ChunkedDim.container(rows, offsets[i], offsets[i + 1] - offsets[i]));
    }
  }

  private Chunk[] chunks = new Chunk[4];
  /** Index of the chunk being filled; every chunk before it is in {@link #chunks}. */
  private int tail;
  private final long[] tailValues = new long[CHUNK];
  private final long[] tailPresent = new long[CHUNK / 64];
  private int[] counts; // counting-sort scratch, writer only

  /** Row {@code row} has {@code value}; rows come in ascending order. Writer, under the write lock. */
  void set(int row, long value) {
    int c = row >>> 16;
    while (c > tail) {
      finishTail();
    }
    int r = row & 0xFFFF;
    tailValues[r] = value;
    tailPresent[r >>> 6] |= 1L << r;
  }

  private void finishTail() {
    if (tail == chunks.length) {
      chunks = Arrays.copyOf(chunks, tail * 2);
    }
    if (counts == null) {
      counts = new int[SMALL + 1];
    }
    chunks[tail] = build(tailValues, tailPresent, CHUNK, counts);
    Arrays.fill(tailPresent, 0);
    tail++;
  }

  /** Sorts the rows below {@code limit} of a chunk column into postings; {@code counts} is scratch. */
  private static Chunk build(long[] column, long[] present, int limit, int[] counts) {
    int n = 0;
    for (int w = 0; w < present.length && w * 64 < limit; w++) {
      long bits = w * 64 + 64 <= limit ? present[w] : present[w] & ((1L << (limit - w * 64)) - 1);
      n += Long.bitCount(bits);
    }
    if (n == 0) {
      return Chunk.EMPTY;
    }
    Arrays.fill(counts, 0);
    TreeMap<Long, List<Character>> large = null;
    long[] presence = new long[CHUNK / 64];
    for (int r = 0; r < limit; r++) {
      if ((present[r >>> 6] & (1L << r)) != 0) {
        presence[r >>> 6] |= 1L << r;
        long v = column[r];
        if (v >= 0 && v < SMALL) {
          counts[(int) v + 1]++;
        } else {
          if (large == null) {
            large = new TreeMap<>();
          }
          large.computeIfAbsent(v, x -> new ArrayList<>()).add((char) r);
        }
      }
    }
    int distinctSmall = 0;
    for (int v = 1; v <= SMALL; v++) {
      if (counts[v] != 0) {
        distinctSmall++;
      }
    }
    int distinct = distinctSmall + (large == null ? 0 : large.size());
    long[] values = new long[distinct];
    int[] offsets = new int[distinct + 1];
    char[] rows = new char[n];
    int k = 0;
    int at = 0;
    // negative large values, then 0..65535, then the large positive ones: ascending
    if (large != null) {
      for (var e : large.headMap(0L).entrySet()) {
        values[k] = e.getKey();
        offsets[k++] = at;
        for (char r : e.getValue()) {
          rows[at++] = r;
        }
      }
    }
    int smallStart = at;
    int[] start = new int[0];
    if (distinctSmall > 0) {
      // counts[v + 1] -> the start of value v's rows, relative to smallStart
      int sum = 0;
      for (int v = 0; v < SMALL; v++) {
        int c = counts[v + 1];
        if (c != 0) {
          values[k] = v;
          offsets[k++] = smallStart + sum;
        }
        counts[v + 1] = sum;
        sum += c;
      }
      for (int r = 0; r < limit; r++) {
        if ((present[r >>> 6] & (1L << r)) != 0) {
          long v = column[r];
          if (v >= 0 && v < SMALL) {
            rows[smallStart + counts[(int) v + 1]++] = (char) r;
          }
        }
      }
      at = smallStart + sum;
    }
    if (large != null) {
      for (var e : large.tailMap(0L).entrySet()) {
        values[k] = e.getKey();
        offsets[k++] = at;
        for (char r : e.getValue()) {
          rows[at++] = r;
        }
      }
    }
    offsets[k] = at;
    return new Chunk(values, offsets, rows, presence(presence, n));
  }

  /** A container of the {@code n} rows set in {@code bits} (CHUNK bits). */
  static MappeableContainer presence(long[] bits, int n) {
    if (n > 4096) {
      return new MappeableBitmapContainer(LongBuffer.wrap(bits), n);
    }
    char[] rows = new char[n];
    int k = 0;
    for (int w = 0; w < bits.length; w++) {
      for (long b = bits[w]; b != 0; b &= b - 1) {
        rows[k++] = (char) (w * 64 + Long.numberOfTrailingZeros(b));
      }
    }
    return new MappeableArrayContainer(CharBuffer.wrap(rows), n);
  }

  /** A container of {@code n} ascending rows; its own copy. */
  static MappeableContainer container(char[] rows, int from, int n) {
    MappeableArrayContainer a = new MappeableArrayContainer(CharBuffer.wrap(Arrays.copyOfRange(rows, from, from + n)), n);
    return n > 4096 ? a.toBitmapContainer() : a;
  }

  // ---------------------------------------------------------------- reading (under the read lock)

  /** The chunks covering rows below {@code visible}: full ones shared, the last one built from the column. */
  Chunk[] frozen(int visible) {
    if (visible <= 0) {
      return new Chunk[0];
    }
    int last = (visible - 1) >>> 16;
    Chunk[] out = new Chunk[last + 1];
    for (int c = 0; c <= last; c++) {
      if (c < tail) {
        out[c] = chunks[c];
      } else if (c == tail) {
        int limit = Math.min(CHUNK, visible - c * CHUNK);
        out[c] = buildCopy(limit);
      } else {
        out[c] = Chunk.EMPTY;
      }
    }
    // a full chunk that is only partly visible: cut
    if (last < tail && visible % CHUNK != 0) {
      out[last] = cut(out[last], visible % CHUNK);
    }
    return out;
  }

  private Chunk buildCopy(int limit) {
    return build(tailValues, tailPresent, limit, new int[SMALL + 1]); // readers do not share the writer's scratch
  }

  /** The rows of {@code value} below {@code visible}. */
  MutableRoaringBitmap bitmap(long value, int visible) {
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    if (visible <= 0) {
      return out;
    }
    int last = (visible - 1) >>> 16;
    for (int c = 0; c <= last && c <= tail; c++) {
      MappeableContainer container;
      boolean partial = c == last && visible % CHUNK != 0;
      if (c < tail && !partial) {
        container = chunks[c].container(value);
      } else {
        int limit = partial ? visible % CHUNK : CHUNK;
        container = c < tail ? cutContainer(chunks[c], value, limit) : scanTail(value, limit);
      }
      if (container != null && !container.isEmpty()) {
        out.append((char) c, container);
      }
    }
    return out;
  }

  private static MappeableContainer cutContainer(Chunk chunk, long value, int limit) {
    int i = Arrays.binarySearch(chunk.values, value);
    if (i < 0) {
      return null;
    }
    int from = chunk.offsets[i];
    int to = chunk.offsets[i + 1];
    int end = from;
    while (end < to && chunk.rows[end] < limit) {
      end++;
    }
    return end == from ? null : container(chunk.rows, from, end - from);
  }

  private MappeableContainer scanTail(long value, int limit) {
    char[] rows = new char[64];
    int n = 0;
    for (int r = 0; r < limit; r++) {
      if ((tailPresent[r >>> 6] & (1L << r)) != 0 && tailValues[r] == value) {
        if (n == rows.length) {
          rows = Arrays.copyOf(rows, n * 2);
        }
        rows[n++] = (char) r;
      }
    }
    return n == 0 ? null : container(rows, 0, n);
  }

  private static Chunk cut(Chunk chunk, int limit) {
    List<Long> values = new ArrayList<>();
    int[] offsets = new int[chunk.values.length + 1];
    char[] rows = new char[chunk.rows.length];
    int k = 0;
    int at = 0;
    for (int i = 0; i < chunk.values.length; i++) {
      int start = at;
      for (int j = chunk.offsets[i]; j < chunk.offsets[i + 1] && chunk.rows[j] < limit; j++) {
        rows[at++] = chunk.rows[j];
      }
      if (at > start) {
        values.add(chunk.values[i]);
        offsets[k++] = start;
      }
    }
    offsets[k] = at;
    MutableRoaringBitmap present = new MutableRoaringBitmap();
    present.append((char) 0, chunk.present.clone());
    present.remove(limit, CHUNK);
    MappeableContainer p = present.isEmpty() ? new MappeableArrayContainer()
        : present.getMappeableRoaringArray().getContainerAtIndex(0);
    return new Chunk(values.stream().mapToLong(Long::longValue).toArray(), Arrays.copyOf(offsets, k + 1),
        Arrays.copyOf(rows, at), p);
  }

  // ---------------------------------------------------------------- frozen chunks

  /** Every value in {@code chunks}, ascending. */
  static long[] keys(Chunk[] chunks) {
    java.util.TreeSet<Long> large = null;
    boolean[] seen = new boolean[SMALL];
    int count = 0;
    for (Chunk c : chunks) {
      for (long v : c.values) {
        if (v >= 0 && v < SMALL) {
          if (!seen[(int) v]) {
            seen[(int) v] = true;
            count++;
          }
        } else {
          if (large == null) {
            large = new java.util.TreeSet<>();
          }
          large.add(v);
        }
      }
    }
    long[] out = new long[count + (large == null ? 0 : large.size())];
    int k = 0;
    if (large != null) {
      for (long v : large.headSet(0L)) {
        out[k++] = v;
      }
    }
    for (int v = 0; v < SMALL; v++) {
      if (seen[v]) {
        out[k++] = v;
      }
    }
    if (large != null) {
      for (long v : large.tailSet(0L)) {
        out[k++] = v;
      }
    }
    return out;
  }

  /** Receives one value: its row count, how many chunks hold it, and where (see {@link #bitmap}). */
  interface ValueRows {
    void accept(long value, int rows, int chunks, int[] indexInChunk);
  }

  /**
   * Visits every value of {@code chunks} in ascending order: {@code indexInChunk[c]} is the
   * value's index in chunk c's postings, or -1. The array is reused between calls.
   */
  static void forEachValue(Chunk[] chunks, ValueRows visitor) {
    int[] cursor = new int[chunks.length];
    int[] where = new int[chunks.length];
    for (long v : keys(chunks)) {
      int rows = 0;
      int n = 0;
      for (int c = 0; c < chunks.length; c++) {
        Chunk ch = chunks[c];
        int i = cursor[c];
        if (i < ch.values.length && ch.values[i] == v) {
          rows += ch.offsets[i + 1] - ch.offsets[i];
          n++;
          where[c] = i;
          cursor[c] = i + 1;
        } else {
          where[c] = -1;
        }
      }
      visitor.accept(v, rows, n, where);
    }
  }

  /** The bitmap of one value, from where {@link #forEachValue} found it. */
  static MutableRoaringBitmap bitmap(Chunk[] chunks, int[] indexInChunk) {
    MutableRoaringBitmap b = new MutableRoaringBitmap();
    for (int c = 0; c < chunks.length; c++) {
      int i = indexInChunk[c];
      if (i >= 0) {
        Chunk ch = chunks[c];
        b.append((char) c, container(ch.rows, ch.offsets[i], ch.offsets[i + 1] - ch.offsets[i]));
      }
    }
    return b;
  }

  /** [Long value, MutableRoaringBitmap] for every value, ascending. */
  static List<Object[]> entries(Chunk[] chunks) {
    List<Object[]> out = new ArrayList<>();
    forEachValue(chunks, (value, rows, n, where) -> out.add(new Object[] {value, bitmap(chunks, where)}));
    return out;
  }

  /** Rows of {@code chunks} with any value. */
  static MutableRoaringBitmap present(Chunk[] chunks) {
    MutableRoaringBitmap b = new MutableRoaringBitmap();
    for (int c = 0; c < chunks.length; c++) {
      if (!chunks[c].present.isEmpty()) {
        b.append((char) c, chunks[c].present.clone());
      }
    }
    return b;
  }

  // ---------------------------------------------------------------- checkpoints

  /**
   * Serialized chunks, little-endian: chunk count (i32), 0 (i32); per chunk: distinct count n
   * (i32), row count m (i32), n values (i64), n + 1 offsets (i32), m rows (u16), padded to 8.
   */
  static ByteBuffer serialize(Chunk[] chunks) {
    int size = 8;
    for (Chunk c : chunks) {
      size += align(8 + 8 * c.values.length + 4 * (c.values.length + 1) + 2 * c.rows.length);
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(chunks.length).putInt(0);
    for (Chunk c : chunks) {
      int start = b.position();
      b.putInt(c.values.length).putInt(c.rows.length);
      for (long v : c.values) {
        b.putLong(v);
      }
      for (int o : c.offsets) {
        b.putInt(o);
      }
      for (char r : c.rows) {
        b.putChar(r);
      }
      b.position(start + align(b.position() - start));
    }
    return b.flip();
  }

  private static int align(int n) {
    return (n + 7) & ~7;
  }

  /** Reads serialized chunks. */
  static Chunk[] read(ByteBuffer buf) {
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int count = b.getInt(0);
    if (count < 0 || count > CHUNK) {
      throw new IllegalArgumentException("chunk count out of range: " + count);
    }
    Chunk[] out = new Chunk[count];
    int at = 8;
    for (int c = 0; c < count; c++) {
      int n = b.getInt(at);
      int m = b.getInt(at + 4);
      if (n < 0 || m < 0 || m > CHUNK || n > m) {
        throw new IllegalArgumentException("chunk out of range: values=" + n + ", rows=" + m);
      }
      int p = at + 8;
      long[] values = new long[n];
      for (int i = 0; i < n; i++, p += 8) {
        values[i] = b.getLong(p);
      }
      int[] offsets = new int[n + 1];
      for (int i = 0; i <= n; i++, p += 4) {
        offsets[i] = b.getInt(p);
      }
      char[] rows = new char[m];
      long[] presence = new long[CHUNK / 64];
      for (int i = 0; i < m; i++, p += 2) {
        rows[i] = b.getChar(p);
        presence[rows[i] >>> 6] |= 1L << rows[i];
      }
      if (offsets[0] != 0 || offsets[n] != m) {
        throw new IllegalArgumentException("chunk offsets out of range");
      }
      out[c] = m == 0 ? Chunk.EMPTY : new Chunk(values, offsets, rows, presence(presence, m));
      at += align(8 + 8 * n + 4 * (n + 1) + 2 * m);
    }
    return out;
  }

  /** Restores a checkpoint's chunks covering {@code rows} rows into this (empty) dimension. */
  void restore(Chunk[] saved, int rows) {
    int full = rows >>> 16;
    for (int c = 0; c < saved.length; c++) {
      if (c < full) {
        if (tail == chunks.length) {
          chunks = Arrays.copyOf(chunks, Math.max(4, tail * 2));
        }
        chunks[tail++] = saved[c];
      } else {
        Chunk ch = saved[c];
        for (int i = 0; i < ch.values.length; i++) {
          for (int j = ch.offsets[i]; j < ch.offsets[i + 1]; j++) {
            int r = ch.rows[j];
            tailValues[r] = ch.values[i];
            tailPresent[r >>> 6] |= 1L << r;
          }
        }
      }
    }
    while (tail < full) {
      if (tail == chunks.length) {
        chunks = Arrays.copyOf(chunks, Math.max(4, tail * 2));
      }
      chunks[tail++] = Chunk.EMPTY;
    }
  }
}
