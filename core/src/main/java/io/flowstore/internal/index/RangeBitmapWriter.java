package io.flowstore.internal.index;

import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.RunContainer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a RoaringBitmap {@link RangeBitmap} in its serialized form (what
 * {@link RangeBitmap#map} reads), value after value, one row per value. Internal.
 *
 * <p>Why not {@code RangeBitmap.Appender}: it keeps most of its slices as run containers and
 * adds each row to each slice with a binary search over the runs; with random low bits (byte
 * counts, times in ns, addresses) that cost about 0.5 µs per value of a field, more than
 * parsing the event. Here each slice of the current 65,536 rows is a plain bitset, a value
 * costs one bit set per slice it belongs to, and when the rows of a key are complete each
 * slice is stored as the smallest of an array, bitmap or run container, as the appender
 * stores it. The layout is the appender's (a test checks that both answer alike):
 * <pre>
 *   cookie 0xF00D (u16) | base 2 (u8) | slice count (u8) | key count (u16) | row count (i32)
 *   per key: the mask of its non-empty slices (slice count / 8 bytes, rounded up)
 *   per key, per non-empty slice: type (u8: 0 bitmap, 1 run, 2 array), then for a bitmap or
 *   array its cardinality (u16), then the container's array
 * </pre>
 * A slice holds the rows whose value has a 0 in that bit. Not thread-safe.
 */
final class RangeBitmapWriter {
  private static final int BITMAP = 0;
  private static final int RUN = 1;
  private static final int ARRAY = 2;

  private final long rangeMask;
  private final int slices;
  private final int bytesPerMask;
  private final long[][] words;
  private long[] masks = new long[8];
  /**
   * The containers written so far: full chunks, then the one being filled. A chunk grows by
   * doubling up to {@link #CHUNK}, then the next one starts, so a segment's bitmap of 100 MB
   * takes 100 MB of heap (not up to twice that, and no copy of it when it grows or is written).
   */
  private final List<ByteBuffer> full = new ArrayList<>();
  private long fullBytes;
  private ByteBuffer containers = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);
  /** Chunk size; at least the largest container (8 KiB of bitmap words plus its header). */
  static final int CHUNK = 1 << 20;
  private int rid;
  private int keys;
  private long mask;
  private boolean dirty;

  /** For values 0..{@code maxValue}. */
  RangeBitmapWriter(long maxValue) {
    int lz = Long.numberOfLeadingZeros(maxValue | 1);
    this.rangeMask = -1L >>> lz;
    this.slices = 64 - lz;
    this.bytesPerMask = (slices + 7) >>> 3;
    this.words = new long[slices][1024];
  }

  /** The value of the next row. */
  void add(long value) {
    if ((value & rangeMask) != value) {
      throw new IllegalArgumentException(value + " too large");
    }
    long bits = ~value & rangeMask;
    mask |= bits;
    int r = rid & 0xFFFF;
    int w = r >>> 6;
    long bit = 1L << r;
    while (bits != 0) {
      words[Long.numberOfTrailingZeros(bits)][w] |= bit;
      bits &= bits - 1;
    }
    rid++;
    dirty = true;
    if ((rid & 0xFFFF) == 0) {
      flushKey();
    }
  }

  private void flushKey() {
    if (keys == masks.length) {
      masks = Arrays.copyOf(masks, keys * 2);
    }
    masks[keys] = mask;
    for (int i = 0; i < slices; i++) {
      if ((mask & (1L << i)) == 0) {
        continue;
      }
      long[] s = words[i];
      int card = 0;
      for (long x : s) {
        card += Long.bitCount(x);
      }
      Container c = (card <= 4096 ? array(s, card) : new BitmapContainer(s.clone(), card)).runOptimize();
      int type = c instanceof BitmapContainer ? BITMAP : c instanceof RunContainer ? RUN : ARRAY;
      room(c.serializedSizeInBytes() + 3 + 8);
      containers.put((byte) type);
      if (type != RUN) {
        containers.putChar((char) c.getCardinality());
      }
      c.writeArray(containers);
      Arrays.fill(s, 0);
    }
    mask = 0;
    keys++;
    dirty = false;
  }

  private static Container array(long[] s, int card) {
    char[] rows = new char[card];
    int k = 0;
    for (int w = 0; w < s.length; w++) {
      for (long x = s[w]; x != 0; x &= x - 1) {
        rows[k++] = (char) ((w << 6) + Long.numberOfTrailingZeros(x));
      }
    }
    return new ArrayContainer(card, rows);
  }

  private void room(int more) {
    ByteBuffer b = containers;
    if (b.capacity() - b.position() >= more) {
      return;
    }
    if (b.capacity() < CHUNK) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.min(CHUNK, Math.max(b.capacity() * 2, b.position() + more)))
          .order(ByteOrder.LITTLE_ENDIAN);
      bigger.put(b.array(), 0, b.position());
      containers = bigger;
      if (bigger.remaining() >= more) {
        return;
      }
      b = bigger;
    }
    full.add(b);
    fullBytes += b.position();
    containers = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  }

  private long containerBytes() {
    return fullBytes + containers.position();
  }

  /** The serialized size; completes the last key. */
  int serializedSizeInBytes() {
    if (dirty) {
      flushKey();
    }
    long n = 10L + (long) keys * bytesPerMask + containerBytes();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalStateException("range bitmap too large: " + n + " bytes");
    }
    return (int) n;
  }

  /** Writes the serialized form to {@code out} (little-endian). */
  void serialize(ByteBuffer out) {
    if (dirty) {
      flushKey();
    }
    ByteBuffer o = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    writeHead(o);
    for (ByteBuffer c : full) {
      o.put(c.array(), 0, c.position());
    }
    o.put(containers.array(), 0, containers.position());
    out.position(o.position());
  }

  private void writeHead(ByteBuffer o) {
    o.putChar((char) 0xF00D);
    o.put((byte) 2);
    o.put((byte) slices);
    o.putChar((char) keys);
    o.putInt(rid);
    for (int k = 0; k < keys; k++) {
      for (int i = 0; i < bytesPerMask; i++) {
        o.put((byte) (masks[k] >>> (8 * i)));
      }
    }
  }

  /**
   * The serialized form as buffers to be written one after the other: a header and the
   * container chunks themselves, without copying them. The writer must not be used afterwards.
   */
  List<ByteBuffer> serializedParts() {
    if (dirty) {
      flushKey();
    }
    serializedSizeInBytes(); // checks the size
    ByteBuffer head = ByteBuffer.allocate(10 + keys * bytesPerMask).order(ByteOrder.LITTLE_ENDIAN);
    writeHead(head);
    List<ByteBuffer> parts = new ArrayList<>(full.size() + 2);
    parts.add(head.flip());
    for (ByteBuffer c : full) {
      parts.add(ByteBuffer.wrap(c.array(), 0, c.position()));
    }
    parts.add(ByteBuffer.wrap(containers.array(), 0, containers.position()));
    return parts;
  }

  /** The finished index, on the heap. */
  RangeBitmap build() {
    ByteBuffer b = ByteBuffer.allocate(serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    serialize(b);
    b.flip();
    return RangeBitmap.map(b);
  }
}
