package io.flowstore.internal.storage;

import java.util.Arrays;

/**
 * Encoded records on their way from an ingest thread to a stream's writer thread. Not
 * thread-safe: owned by one thread at a time, handed over through the writer's queue. Internal.
 */
public final class Batch {
  private byte[] buf;
  private int[] offsets = new int[1024];
  /** Lengths the writer shrank records to (0 = as committed). */
  private int[] shrunk = new int[1024];
  private int count;
  private int length;
  private Ticket ticket;
  /** Dictionary keys of flow records, resolved by the writer: shape then place, per record. */
  private char[] keys = new char[64 * 1024];
  private int[] keyBounds = new int[2048];
  private int keyLength;

  Batch(int capacity) {
    buf = new byte[capacity];
  }

  /** Makes room for a record of up to {@code max} bytes; returns the array to write into. */
  public byte[] reserve(int max) {
    if (length + max > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + max));
    }
    return buf;
  }

  /** Position where the next record starts. */
  public int position() {
    return length;
  }

  /** Closes the record that was written at {@link #position()} and ends at {@code end}. */
  public void commit(int end) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
      shrunk = Arrays.copyOf(shrunk, count * 2);
    }
    shrunk[count] = 0;
    offsets[count++] = length;
    length = end;
  }

  /**
   * Closes a flow record like {@link #commit} and keeps its tagged shape and place keys for the
   * writer, which turns them into dictionary ids.
   */
  public void commit(int end, io.flowstore.internal.text.CharBuf shape, io.flowstore.internal.text.CharBuf place) {
    int i = count;
    commit(end);
    int need = shape.length() + place.length();
    if (keyLength + need > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keyLength + need));
    }
    if (2 * i + 2 > keyBounds.length) {
      keyBounds = Arrays.copyOf(keyBounds, keyBounds.length * 2);
    }
    System.arraycopy(shape.array(), 0, keys, keyLength, shape.length());
    keyLength += shape.length();
    keyBounds[2 * i] = keyLength;
    System.arraycopy(place.array(), 0, keys, keyLength, place.length());
    keyLength += place.length();
    keyBounds[2 * i + 1] = keyLength;
  }

  public char[] keys() {
    return keys;
  }

  /** Start of record {@code i}'s shape key in {@link #keys()}. */
  public int shapeKeyStart(int i) {
    return i == 0 ? 0 : keyBounds[2 * i - 1];
  }

  /** End of record {@code i}'s shape key, which is where its place key starts. */
  public int shapeKeyEnd(int i) {
    return keyBounds[2 * i];
  }

  public int placeKeyEnd(int i) {
    return keyBounds[2 * i + 1];
  }

  public boolean isFull(int capacity) {
    return length >= capacity;
  }

  public int count() {
    return count;
  }

  public int length() {
    return length;
  }

  public byte[] array() {
    return buf;
  }

  public int offset(int i) {
    return offsets[i];
  }

  public int recordLength(int i) {
    int l = shrunk[i];
    return l != 0 ? l : (i + 1 < count ? offsets[i + 1] : length) - offsets[i];
  }

  /** The writer finished record {@code i} in place and it became {@code len} bytes long. */
  public void setRecordLength(int i, int len) {
    shrunk[i] = len;
  }

  Ticket ticket() {
    return ticket;
  }

  void ticket(Ticket t) {
    this.ticket = t;
  }

  void clear(int maxRetained) {
    count = 0;
    length = 0;
    keyLength = 0;
    ticket = null;
    if (buf.length > maxRetained) {
      buf = new byte[maxRetained];
    }
    if (keys.length > maxRetained) {
      keys = new char[maxRetained / 2];
    }
  }
}
