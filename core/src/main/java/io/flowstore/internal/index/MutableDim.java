package io.flowstore.internal.index;

import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value bitmaps of one dimension of the open segment. Not thread-safe: the writer mutates
 * under the segment's write lock, readers read under its read lock. Internal.
 *
 * <p>Keys 0..131071 (string ids, ports, protocols: nearly all of them) index an array; others
 * (negative or huge numbers) go to a map.
 */
final class MutableDim {
  private static final int DIRECT = 1 << 17;
  private MutableRoaringBitmap[] direct = new MutableRoaringBitmap[64];
  private Map<Long, MutableRoaringBitmap> other;

  void add(long key, int row) {
    bitmap(key).add(row);
  }

  private MutableRoaringBitmap bitmap(long key) {
    if (key >= 0 && key < DIRECT) {
      int k = (int) key;
      if (k >= direct.length) {
        direct = Arrays.copyOf(direct, Math.min(DIRECT, Math.max(k + 1, direct.length * 2)));
      }
      MutableRoaringBitmap b = direct[k];
      if (b == null) {
        b = new MutableRoaringBitmap();
        direct[k] = b;
      }
      return b;
    }
    if (other == null) {
      other = new HashMap<>();
    }
    return other.computeIfAbsent(key, x -> new MutableRoaringBitmap());
  }

  /** The bitmap of {@code key}, or null. */
  MutableRoaringBitmap get(long key) {
    if (key >= 0 && key < DIRECT) {
      return key < direct.length ? direct[(int) key] : null;
    }
    return other == null ? null : other.get(key);
  }

  /** Every value and its bitmap, by key. */
  TreeMap<Long, MutableRoaringBitmap> entries() {
    TreeMap<Long, MutableRoaringBitmap> all = new TreeMap<>();
    for (int k = 0; k < direct.length; k++) {
      if (direct[k] != null) {
        all.put((long) k, direct[k]);
      }
    }
    if (other != null) {
      all.putAll(other);
    }
    return all;
  }

  /** Receives a key and its bitmap. */
  interface Entry {
    void accept(long key, MutableRoaringBitmap bitmap);
  }

  /** Every key and its bitmap, in no particular order, without building a map. */
  void forEach(Entry e) {
    for (int k = 0; k < direct.length; k++) {
      if (direct[k] != null) {
        e.accept(k, direct[k]);
      }
    }
    if (other != null) {
      other.forEach(e::accept);
    }
  }

  /** The keys, sorted, whose bitmap has a row below {@code rows}. */
  long[] keysBelow(int rows) {
    long[] out = new long[16];
    int n = 0;
    for (Map.Entry<Long, MutableRoaringBitmap> e : entries().entrySet()) {
      MutableRoaringBitmap b = e.getValue();
      if (!b.isEmpty() && Integer.compareUnsigned(b.first(), rows) < 0) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = e.getKey();
      }
    }
    return Arrays.copyOf(out, n);
  }

  void put(long key, MutableRoaringBitmap b) {
    if (key >= 0 && key < DIRECT) {
      int k = (int) key;
      if (k >= direct.length) {
        direct = Arrays.copyOf(direct, Math.min(DIRECT, Math.max(k + 1, direct.length * 2)));
      }
      direct[k] = b;
    } else {
      if (other == null) {
        other = new HashMap<>();
      }
      other.put(key, b);
    }
  }
}
