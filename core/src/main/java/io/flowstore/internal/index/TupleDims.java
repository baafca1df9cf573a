package io.flowstore.internal.index;

import io.flowstore.internal.dict.Dictionary;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dimension bitmaps derived from tuple bitmaps. The open segment keeps one bitmap per shape and
 * one per place (two adds per row instead of twelve: a shape carries eight dimensions, a place
 * four); a dimension's bitmap for a key is the union of the bitmaps of the tuples that have it.
 * Not thread-safe (it caches tuple keys). Internal.
 */
final class TupleDims {
  private final RowKeys decoder;

  TupleDims(Dictionary dictionary) {
    this.decoder = new RowKeys(dictionary);
  }

  /** The keys a tuple has in {@code d} (a shape or place dimension); empty when none. */
  int[] keysOf(Dim d, int tuple) {
    int s = d.shapeSlot();
    if (s >= 0) {
      int k = decoder.shape(tuple)[s];
      return k == RowKeys.NONE ? NONE : new int[] {k};
    }
    int[] place = decoder.place(tuple);
    int p = d.placeSlot();
    if (p < 3) {
      return place[p] == RowKeys.NONE ? NONE : new int[] {place[p]};
    }
    int[] ids = new int[place.length - 3];
    System.arraycopy(place, 3, ids, 0, ids.length);
    return ids;
  }

  private static final int[] NONE = new int[0];

  /** Whether tuple {@code tuple} has {@code key} in {@code d}. */
  boolean has(Dim d, int tuple, long key) {
    for (int k : keysOf(d, tuple)) {
      if (k == key) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every key of {@code d} with its bitmap, by key: the union of the bitmaps of the tuples in
   * {@code tuples} ([Long tuple id, bitmap] entries) that have the key.
   */
  List<Object[]> derive(Dim d, List<Object[]> tuples) {
    Map<Long, List<ImmutableRoaringBitmap>> byKey = new TreeMap<>();
    for (Object[] t : tuples) {
      int id = ((Long) t[0]).intValue();
      int[] keys = keysOf(d, id);
      for (int i = 0; i < keys.length; i++) {
        if (!contains(keys, i, keys[i])) {
          byKey.computeIfAbsent((long) keys[i], k -> new ArrayList<>()).add((ImmutableRoaringBitmap) t[1]);
        }
      }
    }
    List<Object[]> out = new ArrayList<>(byKey.size());
    byKey.forEach((key, parts) -> out.add(new Object[] {key, union(parts)}));
    return out;
  }

  /** Whether {@code key} occurs in {@code keys} before index {@code end} (a path may repeat an id). */
  private static boolean contains(int[] keys, int end, int key) {
    for (int i = 0; i < end; i++) {
      if (keys[i] == key) {
        return true;
      }
    }
    return false;
  }

  static MutableRoaringBitmap union(List<? extends ImmutableRoaringBitmap> parts) {
    if (parts.isEmpty()) {
      return new MutableRoaringBitmap();
    }
    if (parts.size() == 1) {
      return parts.get(0).toMutableRoaringBitmap();
    }
    return BufferFastAggregation.or(parts.toArray(new ImmutableRoaringBitmap[0]));
  }
}
