package io.flowstore.internal.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A segment's flow events rolled up by their (shape, place) dictionary tuple pair: how many rows
 * have each pair, and the row counts and sums of bytes and packets. A shape holds an event's
 * low-cardinality strings (type, source, status, action, direction, reason, nat, kind), a place
 * where it happened (subnet, VM, folder, resource path), so a count or a sum under equality
 * predicates on those dimensions is a pass over the pairs (thousands) instead of an intersection
 * of bitmaps (millions of rows): the idea of Druid's rollup and Pinot's star-tree. Internal.
 *
 * <p>The open segment's rollup grows with every append (writer thread, under the segment's
 * lock); it gives up, and the segment answers from its bitmaps only, past {@link #MAX_PAIRS}
 * pairs. Sums that overflow a long are marked inexact: then only the counts may be used.
 *
 * <p>A segment keeps three: by (shape, place), and by (shape, source address) and (shape,
 * destination address) for grouping by address ({@link Kind}). In an address rollup the place is
 * the IPv4 address's 32 bits; rows without an IPv4 address are counted under the complemented
 * shape ({@code ~shape}, negative) with place 0 ({@link #NO_ADDRESS}) when the address is absent,
 * and place k >= 1 for the k-th IPv6 address of the rollup's own table of IPv6 addresses
 * ({@link #v6Table()}, in order of first appearance).
 *
 * <p>Serialized (sealed files and checkpoints), little-endian: pair count n (i32), flags (i32:
 * 1 = sums exact), then n entries sorted by (shape, place): shape (i32), place (i32), rows,
 * bytesRows, bytesSum, packetsRows, packetsSum (i64 each); then the IPv6 table: count m (i32),
 * 0 (i32), m addresses (high, low: i64 each).
 */
public final class Rollup {
  /** The open segment stops rolling up past this many distinct pairs. */
  static final int MAX_PAIRS = 1 << 16;
  static final int ENTRY = 48;
  private static final int FLAG_SUMS_EXACT = 1;

  /** What a rollup's places are. */
  public enum Kind {
    /** The event's place tuple id (subnet, VM, folder, resource path). */
    PLACE,
    /** The source address (see the class comment). */
    SRC_ADDR,
    /** The destination address. */
    DST_ADDR
  }

  /** Place of a row without an IPv4 address, under {@code ~shape}: the address is absent. */
  public static final int NO_ADDRESS = 0;

  /** Receives one entry of a rollup. */
  public interface Visitor {
    void pair(int shape, int place, long rows, long bytesRows, long bytesSum, long packetsRows, long packetsSum);
  }

  // open addressing on (shape, place) -> entry; entries in parallel arrays, grouped by shape
  private long[] keys = new long[256];
  private int[] slots = new int[256]; // index into the entry arrays + 1; 0 = empty
  private int size;
  private long[] entryKey = new long[64];
  private final java.util.HashMap<Integer, Integer> shapeSlot = new java.util.HashMap<>();
  private int[] shapes = new int[8];
  private int[][] shapeEntries = new int[8][];
  private int[] shapeEntryCount = new int[8];
  private int shapeCount;
  private long[] rows = new long[64];
  private long[] bytesRows = new long[64];
  private long[] bytesSum = new long[64];
  private long[] packetsRows = new long[64];
  private long[] packetsSum = new long[64];
  private boolean sumsExact = true;
  private boolean overflowed;
  // the IPv6 addresses of an address rollup: [high, low] pairs by index, and a hash index on them
  private long[] v6 = new long[0];
  private int v6Count;
  private int[] v6Slots = new int[0]; // index + 1; 0 = empty

  /** A rollup that has given up (a checkpoint written without one): never usable. */
  static Rollup unusable() {
    Rollup r = new Rollup();
    r.giveUp();
    return r;
  }

  /** Counts one flow event. */
  void add(int shape, int place, boolean hasBytes, long bytes, boolean hasPackets, long packets) {
    if (overflowed) {
      return;
    }
    int i = entry(((long) shape << 32) | (place & 0xFFFF_FFFFL));
    if (i < 0) {
      return;
    }
    rows[i]++;
    if (hasBytes) {
      bytesRows[i]++;
      long s = bytesSum[i] + bytes;
      if (((bytesSum[i] ^ s) & (bytes ^ s)) < 0) {
        sumsExact = false;
      }
      bytesSum[i] = s;
    }
    if (hasPackets) {
      packetsRows[i]++;
      long s = packetsSum[i] + packets;
      if (((packetsSum[i] ^ s) & (packets ^ s)) < 0) {
        sumsExact = false;
      }
      packetsSum[i] = s;
    }
  }

  /**
   * Counts one flow event in an address rollup: {@code v4} is the IPv4 address, or -1 when there
   * is none; then {@code high} and {@code low} are the IPv6 address when {@code v6}.
   */
  void addAddress(int shape, long v4, boolean v6, long high, long low, boolean hasBytes, long bytes,
      boolean hasPackets, long packets) {
    if (overflowed) {
      return;
    }
    if (v4 >= 0) {
      add(shape, (int) v4, hasBytes, bytes, hasPackets, packets);
    } else {
      add(~shape, v6 ? 1 + v6Index(high, low) : NO_ADDRESS, hasBytes, bytes, hasPackets, packets);
    }
  }

  /** The index of an IPv6 address in the table, added when new. */
  private int v6Index(long high, long low) {
    if (v6Count * 2 >= v6Slots.length) {
      v6Slots = new int[Math.max(64, v6Slots.length * 2)];
      for (int i = 0; i < v6Count; i++) {
        v6Slots[v6Slot(v6[2 * i], v6[2 * i + 1])] = i + 1;
      }
    }
    int h = v6Slot(high, low);
    if (v6Slots[h] != 0) {
      return v6Slots[h] - 1;
    }
    if (2 * v6Count == v6.length) {
      v6 = Arrays.copyOf(v6, Math.max(32, v6.length * 2));
    }
    v6[2 * v6Count] = high;
    v6[2 * v6Count + 1] = low;
    v6Slots[h] = ++v6Count;
    return v6Count - 1;
  }

  /** The slot of an address in {@link #v6Slots}: its own, or the empty one where it would go. */
  private int v6Slot(long high, long low) {
    int mask = v6Slots.length - 1;
    int h = (int) (mix(high ^ mix(low)) & mask);
    while (v6Slots[h] != 0) {
      int i = v6Slots[h] - 1;
      if (v6[2 * i] == high && v6[2 * i + 1] == low) {
        return h;
      }
      h = (h + 1) & mask;
    }
    return h;
  }

  /** The IPv6 addresses that places k >= 1 of an address rollup stand for: [high, low] of place k at 2(k-1). */
  long[] v6Table() {
    return Arrays.copyOf(v6, 2 * v6Count);
  }

  /** The entry index of {@code key}, adding it when new; -1 once the rollup has overflowed. */
  private int entry(long key) {
    int mask = keys.length - 1;
    int h = (int) (mix(key) & mask);
    while (true) {
      int s = slots[h];
      if (s == 0) {
        break;
      }
      if (keys[h] == key) {
        return s - 1;
      }
      h = (h + 1) & mask;
    }
    if (size == MAX_PAIRS) {
      giveUp();
      return -1;
    }
    int i = size++;
    if (i == rows.length) {
      int n = rows.length * 2;
      rows = Arrays.copyOf(rows, n);
      bytesRows = Arrays.copyOf(bytesRows, n);
      bytesSum = Arrays.copyOf(bytesSum, n);
      packetsRows = Arrays.copyOf(packetsRows, n);
      packetsSum = Arrays.copyOf(packetsSum, n);
      entryKey = Arrays.copyOf(entryKey, n);
    }
    entryKey[i] = key;
    group(i, (int) (key >>> 32));
    keys[h] = key;
    slots[h] = i + 1;
    if (size * 2 > keys.length) {
      grow();
    }
    return i;
  }

  /** Files entry {@code i} under its shape. */
  private void group(int i, int shape) {
    Integer slot = shapeSlot.get(shape);
    if (slot == null) {
      slot = shapeCount++;
      if (slot == shapes.length) {
        shapes = Arrays.copyOf(shapes, slot * 2);
        shapeEntries = Arrays.copyOf(shapeEntries, slot * 2);
        shapeEntryCount = Arrays.copyOf(shapeEntryCount, slot * 2);
      }
      shapes[slot] = shape;
      shapeEntries[slot] = new int[4];
      shapeSlot.put(shape, slot);
    }
    int n = shapeEntryCount[slot];
    if (n == shapeEntries[slot].length) {
      shapeEntries[slot] = Arrays.copyOf(shapeEntries[slot], n * 2);
    }
    shapeEntries[slot][n] = i;
    shapeEntryCount[slot] = n + 1;
  }

  /** Gives up for good, releasing the tables (a segment of many distinct pairs keeps no memory for them). */
  private void giveUp() {
    overflowed = true;
    keys = new long[0];
    slots = new int[0];
    size = 0;
    entryKey = rows = bytesRows = bytesSum = packetsRows = packetsSum = new long[0];
    shapeSlot.clear();
    shapeCount = 0;
    v6 = new long[0];
    v6Count = 0;
    v6Slots = new int[0];
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldSlots = slots;
    keys = new long[oldKeys.length * 2];
    slots = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldSlots[j] != 0) {
        int h = (int) (mix(oldKeys[j]) & mask);
        while (slots[h] != 0) {
          h = (h + 1) & mask;
        }
        keys[h] = oldKeys[j];
        slots[h] = oldSlots[j];
      }
    }
  }

  private static long mix(long k) {
    k *= 0x9E3779B97F4A7C15L;
    return k ^ (k >>> 29);
  }

  /** False once the rollup gave up (too many pairs): then it must not be used. */
  boolean usable() {
    return !overflowed;
  }

  boolean sumsExact() {
    return sumsExact;
  }

  /** Visits the entries whose shape passes {@code shapes}, grouped by shape. */
  void visit(IntPredicate shapes, Visitor v) {
    for (int s = 0; s < shapeCount; s++) {
      int shape = this.shapes[s];
      if (!shapes.test(shape)) {
        continue;
      }
      int[] entries = shapeEntries[s];
      for (int k = 0, n = shapeEntryCount[s]; k < n; k++) {
        int i = entries[k];
        v.pair(shape, (int) entryKey[i], rows[i], bytesRows[i], bytesSum[i], packetsRows[i], packetsSum[i]);
      }
    }
  }

  /** A copy. */
  Rollup copy() {
    if (overflowed) {
      return unusable();
    }
    Rollup c = new Rollup();
    c.keys = keys.clone();
    c.slots = slots.clone();
    c.size = size;
    c.entryKey = entryKey.clone();
    c.shapeSlot.putAll(shapeSlot);
    c.shapes = shapes.clone();
    c.shapeEntries = new int[shapeEntries.length][];
    for (int k = 0; k < shapeCount; k++) {
      c.shapeEntries[k] = shapeEntries[k].clone();
    }
    c.shapeEntryCount = shapeEntryCount.clone();
    c.shapeCount = shapeCount;
    c.rows = rows.clone();
    c.bytesRows = bytesRows.clone();
    c.bytesSum = bytesSum.clone();
    c.packetsRows = packetsRows.clone();
    c.packetsSum = packetsSum.clone();
    c.sumsExact = sumsExact;
    c.v6 = v6.clone();
    c.v6Count = v6Count;
    c.v6Slots = v6Slots.clone();
    return c;
  }

  /** The serialized form (see the class comment), entries sorted; only for a usable rollup. */
  ByteBuffer serialize() {
    long[][] e = new long[size][];
    for (int i = 0; i < size; i++) {
      e[i] = new long[] {entryKey[i], rows[i], bytesRows[i], bytesSum[i], packetsRows[i], packetsSum[i]};
    }
    Arrays.sort(e, (a, b) -> Long.compare(a[0], b[0]));
    ByteBuffer b = ByteBuffer.allocate(8 + size * ENTRY + 8 + 16 * v6Count).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(size).putInt(sumsExact ? FLAG_SUMS_EXACT : 0);
    for (long[] x : e) {
      b.putInt((int) (x[0] >>> 32)).putInt((int) x[0]);
      for (int k = 1; k < x.length; k++) {
        b.putLong(x[k]);
      }
    }
    b.putInt(v6Count).putInt(0);
    for (int i = 0; i < 2 * v6Count; i++) {
      b.putLong(v6[i]);
    }
    return b.flip();
  }

  /** Reads a serialized rollup back into a mutable one (checkpoint restore). */
  static Rollup read(ByteBuffer b) {
    Rollup r = new Rollup();
    Mapped m = new Mapped(b);
    m.visit(shape -> true, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> {
      int i = r.entry(((long) shape << 32) | (place & 0xFFFF_FFFFL));
      r.rows[i] = rows;
      r.bytesRows[i] = bytesRows;
      r.bytesSum[i] = bytesSum;
      r.packetsRows[i] = packetsRows;
      r.packetsSum[i] = packetsSum;
    });
    r.sumsExact = m.sumsExact();
    long[] table = m.v6Table();
    for (int i = 0; i < table.length; i += 2) {
      r.v6Index(table[i], table[i + 1]);
    }
    return r;
  }

  /** A serialized rollup read in place (a sealed segment's mapped file). */
  static final class Mapped {
    private final ByteBuffer b;
    private final int n;

    Mapped(ByteBuffer b) {
      this.b = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      this.n = this.b.getInt(0);
      if (n < 0 || 16L + (long) n * ENTRY > this.b.capacity()) {
        throw new IllegalArgumentException("rollup section of " + n + " pairs in " + this.b.capacity() + " bytes");
      }
      int m = this.b.getInt(8 + n * ENTRY);
      if (m < 0 || 16L + (long) n * ENTRY + 16L * m != this.b.capacity()) {
        throw new IllegalArgumentException("rollup section of " + n + " pairs and " + m + " IPv6 addresses in "
            + this.b.capacity() + " bytes");
      }
    }

    /** See {@link Rollup#v6Table()}. */
    long[] v6Table() {
      int at = 8 + n * ENTRY;
      long[] t = new long[2 * b.getInt(at)];
      for (int i = 0; i < t.length; i++) {
        t[i] = b.getLong(at + 8 + 8 * i);
      }
      return t;
    }

    boolean sumsExact() {
      return (b.getInt(4) & FLAG_SUMS_EXACT) != 0;
    }

    /** Visits the entries whose shape passes {@code shapes}; a failing shape's run is skipped whole. */
    void visit(IntPredicate shapes, Visitor v) {
      int i = 0;
      while (i < n) {
        int shape = b.getInt(8 + i * ENTRY);
        int end = runEnd(shape, i);
        if (shapes.test(shape)) {
          for (int at = 8 + i * ENTRY; i < end; i++, at += ENTRY) {
            v.pair(shape, b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24),
                b.getLong(at + 32), b.getLong(at + 40));
          }
        }
        i = end;
      }
    }

    /** The first entry after {@code from} with a greater shape (entries are sorted by shape). */
    private int runEnd(int shape, int from) {
      int lo = from + 1;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (b.getInt(8 + mid * ENTRY) <= shape) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
