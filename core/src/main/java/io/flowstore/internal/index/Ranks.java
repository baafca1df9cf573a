package io.flowstore.internal.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The distinct values of a range field in a sealed segment, sorted, so that its range bitmap
 * can hold each row's rank among them instead of its value. Immutable; thread-safe. Internal.
 *
 * <p>Why: a bit-sliced index has one slice per bit of what it stores. IPv4 addresses spread
 * over 32 bits, but a segment of 4 Mi flows holds some ten thousand distinct source addresses:
 * their ranks need 14 slices, not 32, which makes the index less than half the size and a range
 * evaluation less than half the work. Ranks keep the order, so a range of values is a range of
 * ranks: [lo, hi] becomes [{@link #lowerRank lowerRank(lo)}, {@link #upperRank upperRank(hi)}],
 * exactly. Used where it saves at least {@link #MIN_SLICES_SAVED} slices
 * ({@link #worthIt}).
 *
 * <p>Serialized ({@link #serialize}, {@link #map}): n (i32) | 0 (i32) | n ascending values (i64),
 * little-endian.
 */
final class Ranks {
  /** Ranks are used only when they need at least this many fewer slices than the values. */
  static final int MIN_SLICES_SAVED = 8;

  private final ByteBuffer values;
  private final int n;

  private Ranks(ByteBuffer values, int n) {
    this.values = values;
    this.n = n;
  }

  /** Whether ranks among {@code distinct} values beat values spread over {@code spread}. */
  static boolean worthIt(int distinct, long spread) {
    return distinct > 0 && spread > 0 && slices(spread) - slices(distinct - 1) >= MIN_SLICES_SAVED;
  }

  private static int slices(long max) {
    return 64 - Long.numberOfLeadingZeros(Math.max(1, max));
  }

  int size() {
    return n;
  }

  long value(int i) {
    return values.getLong(8 * i);
  }

  /** The first rank whose value is at least {@code lo}; {@link #size()} when none is. */
  int lowerRank(long lo) {
    int a = 0;
    int b = n;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (value(m) < lo) {
        a = m + 1;
      } else {
        b = m;
      }
    }
    return a;
  }

  /** The last rank whose value is at most {@code hi}; -1 when none is. */
  int upperRank(long hi) {
    int a = 0;
    int b = n;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (value(m) <= hi) {
        a = m + 1;
      } else {
        b = m;
      }
    }
    return a - 1;
  }

  /** The ranks read in place from {@code b} (as {@link #serialize} wrote them); IllegalArgumentException when malformed. */
  static Ranks map(ByteBuffer b) {
    b = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = b.capacity() < 8 ? -1 : b.getInt(0);
    if (n <= 0 || 8 + 8L * n != b.capacity()) {
      throw new IllegalArgumentException("ranks section of " + b.capacity() + " bytes for " + n + " values");
    }
    Ranks r = new Ranks(SegmentFile.slice(b, 8, 8 * n), n);
    for (int i = 1; i < n; i++) {
      if (r.value(i - 1) >= r.value(i)) {
        throw new IllegalArgumentException("ranks section not ascending at " + i);
      }
    }
    return r;
  }

  ByteBuffer serialize() {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, n);
    for (int i = 0; i < n; i++) {
      b.putLong(8 + 8 * i, value(i));
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Ranks r) || r.n != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (r.value(i) != value(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return n;
  }

  @Override
  public String toString() {
    return "Ranks[" + n + " values]";
  }

  /**
   * Collects the values of a field row by row, then gives each row its rank. Holds one int per
   * row (the values must fit in 32 bits: IPv4 addresses) and a hash set of the distinct values.
   * Not thread-safe.
   */
  static final class Builder {
    private final int[] rowValues;
    private final long[] present;
    private long[] keys = new long[1 << 10];
    private int[] ranks = new int[1 << 10];
    private boolean[] used = new boolean[1 << 10];
    private int distinct;
    private Ranks built;

    Builder(int rows) {
      rowValues = new int[rows];
      present = new long[(rows + 63) >>> 6];
    }

    /** Row {@code row} has {@code value} (0..2^32-1). */
    void add(int row, long value) {
      rowValues[row] = (int) value;
      present[row >>> 6] |= 1L << row;
      int slot = find(value);
      if (!used[slot]) {
        used[slot] = true;
        keys[slot] = value;
        if (++distinct * 2 > keys.length) {
          grow();
        }
      }
    }

    int distinct() {
      return distinct;
    }

    private int find(long v) {
      int mask = keys.length - 1;
      int i = (int) (mix(v) & mask);
      while (used[i] && keys[i] != v) {
        i = (i + 1) & mask;
      }
      return i;
    }

    private static long mix(long v) {
      v *= 0x9E3779B97F4A7C15L;
      return v ^ (v >>> 29);
    }

    private void grow() {
      long[] oldKeys = keys;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      ranks = new int[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          int s = find(oldKeys[i]);
          used[s] = true;
          keys[s] = oldKeys[i];
        }
      }
    }

    /** The sorted distinct values (call once all rows are added). */
    Ranks ranks() {
      if (built == null) {
        long[] sorted = new long[distinct];
        int k = 0;
        for (int i = 0; i < keys.length; i++) {
          if (used[i]) {
            sorted[k++] = keys[i];
          }
        }
        Arrays.sort(sorted);
        ByteBuffer b = ByteBuffer.allocate(8 * distinct).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < distinct; i++) {
          b.putLong(8 * i, sorted[i]);
          ranks[find(sorted[i])] = i;
        }
        built = new Ranks(b, distinct);
      }
      return built;
    }

    /** Whether row {@code row} has a value. */
    boolean has(int row) {
      return (present[row >>> 6] & (1L << row)) != 0;
    }

    /** Row {@code row}'s value, as added. */
    long value(int row) {
      return rowValues[row] & 0xFFFFFFFFL;
    }

    /** Row {@code row}'s rank (after {@link #ranks()}). */
    int rank(int row) {
      return ranks[find(value(row))];
    }
  }
}
