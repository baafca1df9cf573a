package io.flowstore.internal.index;

import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.Arrays;
import java.util.Comparator;

/** Bitmap combinations tuned for segment indexes. Internal. */
public final class Bitmaps {
  private Bitmaps() {}

  /**
   * The intersection, smallest operand first: each step shrinks what the next has to touch, and
   * an empty partial result ends early. (RoaringBitmap's n-way "work-shy" AND walks every
   * container of every operand and is slow when a sparse operand meets dense ones.)
   */
  public static MutableRoaringBitmap and(ImmutableRoaringBitmap... bitmaps) {
    ImmutableRoaringBitmap[] b = bySize(bitmaps);
    if (b.length == 0) {
      throw new IllegalArgumentException("no bitmaps to intersect");
    }
    if (b.length == 1) {
      return b[0].toMutableRoaringBitmap();
    }
    MutableRoaringBitmap acc = ImmutableRoaringBitmap.and(b[0], b[1]);
    for (int i = 2; i < b.length && !acc.isEmpty(); i++) {
      acc.and(b[i]);
    }
    return acc;
  }

  /** The cardinality of the intersection, without building the last step's bitmap. */
  public static long andCardinality(ImmutableRoaringBitmap... bitmaps) {
    ImmutableRoaringBitmap[] b = bySize(bitmaps);
    switch (b.length) {
      case 0:
        throw new IllegalArgumentException("no bitmaps to intersect");
      case 1:
        return b[0].getLongCardinality();
      case 2:
        return ImmutableRoaringBitmap.andCardinality(b[0], b[1]);
      default:
        MutableRoaringBitmap acc = ImmutableRoaringBitmap.and(b[0], b[1]);
        for (int i = 2; i < b.length - 1 && !acc.isEmpty(); i++) {
          acc.and(b[i]);
        }
        return acc.isEmpty() ? 0 : ImmutableRoaringBitmap.andCardinality(acc, b[b.length - 1]);
    }
  }

  private static ImmutableRoaringBitmap[] bySize(ImmutableRoaringBitmap[] bitmaps) {
    ImmutableRoaringBitmap[] b = bitmaps.clone();
    Arrays.sort(b, Comparator.comparingLong(ImmutableRoaringBitmap::getLongCardinality));
    return b;
  }
}
