package io.flowstore.internal.audit;

import io.flowstore.internal.codec.LE;
import io.flowstore.internal.text.Utf8;

import java.util.Arrays;

/**
 * Distinct UTF-8 byte strings numbered 0, 1, 2... in the order they were first added: an
 * open-addressing hash table over a byte arena, so a key already known is found from the bytes
 * of a record without decoding them to a String. Each key's String is decoded once, when it is
 * added. Not thread-safe: {@link AuditIndex} adds under its write lock and reads under its read
 * lock (its one writer also reads without the lock, which is safe as it is the only mutator). Internal.
 */
final class ByteKeys {
  private byte[] arena = new byte[4096];
  private int arenaLength;
  private int[] start = new int[64];
  private int[] length = new int[64];
  private int[] hashes = new int[64];
  private String[] strings = new String[64];
  private int size;
  /** Slot: id + 1, or 0 when empty. Power-of-two sized, at most half full. */
  private int[] table = new int[128];

  /** The key numbered {@code id}. */
  String key(int id) {
    return strings[id];
  }

  /** The number of the bytes {@code b[off, off+n)}, or -1 when they are not a key. */
  int find(byte[] b, int off, int n) {
    int h = hash(b, off, n);
    int mask = table.length - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int e = table[slot];
      if (e == 0) {
        return -1;
      }
      int id = e - 1;
      if (hashes[id] == h && length[id] == n && Arrays.equals(arena, start[id], start[id] + n, b, off, off + n)) {
        return id;
      }
    }
  }

  /** The number of {@code s}, or -1 when it is not a key. */
  int find(String s) {
    byte[] b = new byte[Utf8.encodedLength(s)];
    Utf8.encode(s, b, 0);
    return find(b, 0, b.length);
  }

  /** The number of the bytes {@code b[off, off+n)}, added when new. */
  int add(byte[] b, int off, int n) {
    int id = find(b, off, n);
    if (id >= 0) {
      return id;
    }
    id = size;
    if (id == start.length) {
      int c = id * 2;
      start = Arrays.copyOf(start, c);
      length = Arrays.copyOf(length, c);
      hashes = Arrays.copyOf(hashes, c);
      strings = Arrays.copyOf(strings, c);
    }
    if (arenaLength + n > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + n));
    }
    System.arraycopy(b, off, arena, arenaLength, n);
    start[id] = arenaLength;
    length[id] = n;
    hashes[id] = hash(b, off, n);
    strings[id] = Utf8.decode(b, off, n);
    arenaLength += n;
    size++;
    if (2 * size > table.length) {
      rehash(table.length * 2);
    } else {
      place(id, table);
    }
    return id;
  }

  private void rehash(int capacity) {
    int[] t = new int[capacity];
    for (int id = 0; id < size; id++) {
      place(id, t);
    }
    table = t;
  }

  private void place(int id, int[] t) {
    int mask = t.length - 1;
    int slot = hashes[id] & mask;
    while (t[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    t[slot] = id + 1;
  }

  /** A hash of {@code b[off, off+n)}, eight bytes at a time. */
  static int hash(byte[] b, int off, int n) {
    long h = 0x9E3779B97F4A7C15L ^ n;
    int i = off;
    int end = off + n;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft((h ^ LE.getLong(b, i)) * 0xC2B2AE3D27D4EB4FL, 29);
    }
    long tail = 0;
    for (int s = 0; i < end; i++, s += 8) {
      tail |= (b[i] & 0xFFL) << s;
    }
    h = (h ^ tail) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 32;
    h *= 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }
}
