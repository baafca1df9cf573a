package io.flowstore.internal.index;

import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.nio.ByteBuffer;

/**
 * The IPv6 addresses of a sealed segment as a sorted column: (high, low, row) entries ordered
 * by address (unsigned), 20 bytes each. A CIDR or address range is two binary searches and a
 * run of entries. Internal.
 *
 * <p>Why not a range bitmap as for IPv4: a 128-bit value would need 128 bit slices for every
 * row, IPv4 rows included, while IPv6 rows are few; the column costs space only for them.
 */
public final class V6Column {
  static final int ENTRY = 20;
  private final ByteBuffer buf;
  private final int count;

  /** {@code buf} holds {@code count} entries from its position 0 (little-endian). */
  V6Column(ByteBuffer buf, int count) {
    this.buf = buf;
    this.count = count;
  }

  public static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int c = Long.compareUnsigned(aHigh, bHigh);
    return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
  }

  private int compareAt(int i, long high, long low) {
    int at = i * ENTRY;
    return compare(buf.getLong(at), buf.getLong(at + 8), high, low);
  }

  /** First entry not below (high, low). */
  private int lowerBound(long high, long low) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareAt(mid, high, low) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Rows whose address lies in [lo, hi] (unsigned 128-bit, inclusive). */
  public MutableRoaringBitmap range(long loHigh, long loLow, long hiHigh, long hiLow) {
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    for (int i = lowerBound(loHigh, loLow); i < count && compareAt(i, hiHigh, hiLow) <= 0; i++) {
      out.add(buf.getInt(i * ENTRY + 16));
    }
    return out;
  }

  /** Writes entries sorted by address; {@code entries} is modified (sorted). */
  static void write(long[][] entries, int n, ByteBuffer out) {
    java.util.Arrays.sort(entries, 0, n, (a, b) -> {
      int c = compare(a[0], a[1], b[0], b[1]);
      return c != 0 ? c : Long.compare(a[2], b[2]);
    });
    for (int i = 0; i < n; i++) {
      out.putLong(entries[i][0]).putLong(entries[i][1]).putInt((int) entries[i][2]);
    }
  }
}
