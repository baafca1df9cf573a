package io.flowstore.internal.dict;

import java.util.Arrays;

/**
 * A thread-confined map from a char sequence to an int id, with no allocation on a hit.
 * Not thread-safe. Internal.
 *
 * <p>Ingest threads keep one per tuple kind, keyed by the tagged text of a whole shape or place
 * ({@code [tag][length][chars]...}), so one hash and one comparison replace a dictionary
 * lookup per string. Open addressing with linear probing; when it fills up it is simply
 * cleared (the dictionary behind it still has every value).
 */
public final class KeyCache {
  private final int maxEntries;
  private int[] hashes;
  private int[] ids;
  private char[][] keys;
  private int size;
  private int mask;

  public KeyCache(int initialCapacity, int maxEntries) {
    int cap = Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1;
    this.maxEntries = maxEntries;
    alloc(cap);
  }

  private void alloc(int cap) {
    hashes = new int[cap];
    ids = new int[cap];
    keys = new char[cap][];
    mask = cap - 1;
    size = 0;
  }

  /**
   * A hash of the key that reads at most about 64 of its chars (every n-th, and all of the
   * last 32, where tagged keys put the values that vary most). Collisions only cost a full
   * comparison, which {@link #get} always makes.
   */
  public static int hash(char[] c, int off, int len) {
    int h0 = len;
    int h1 = 0;
    int end = off + len;
    int tail = Math.max(off, end - 32);
    int stride = Math.max(1, (tail - off) / 32);
    for (int i = off; i < tail; i += stride) {
      h0 = h0 * 31 + c[i];
    }
    for (int i = tail; i < end - 1; i += 2) {
      h1 = h1 * 31 + (c[i] << 16 | c[i + 1]);
    }
    if (((end - tail) & 1) != 0) {
      h1 = h1 * 31 + c[end - 1];
    }
    int h = (h0 * 0x9E3779B1) ^ (h1 * 0x85EBCA77);
    h ^= h >>> 15;
    return h == 0 ? 1 : h;
  }

  /** The id stored for {@code c[off, off+len)} with hash {@code h}, or 0. */
  public int get(char[] c, int off, int len, int h) {
    int i = h & mask;
    while (true) {
      int stored = hashes[i];
      if (stored == 0) {
        return 0;
      }
      if (stored == h) {
        char[] k = keys[i];
        if (k.length == len && Arrays.equals(k, 0, len, c, off, off + len)) {
          return ids[i];
        }
      }
      i = (i + 1) & mask;
    }
  }

  public void put(char[] c, int off, int len, int h, int id) {
    if (size >= maxEntries) {
      alloc(hashes.length);
    } else if ((size + 1) * 2 > hashes.length) {
      int[] oh = hashes;
      int[] oi = ids;
      char[][] ok = keys;
      alloc(hashes.length * 2);
      for (int j = 0; j < oh.length; j++) {
        if (oh[j] != 0) {
          insert(ok[j], oh[j], oi[j]);
        }
      }
    }
    insert(Arrays.copyOfRange(c, off, off + len), h, id);
  }

  private void insert(char[] key, int h, int id) {
    int i = h & mask;
    while (hashes[i] != 0) {
      i = (i + 1) & mask;
    }
    hashes[i] = h;
    ids[i] = id;
    keys[i] = key;
    size++;
  }

  public int size() {
    return size;
  }
}
