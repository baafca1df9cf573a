package io.flowstore.internal.index;

import io.flowstore.internal.dict.Dictionary;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Answers a segment predicate by reading the records of candidate rows: for what has no index
 * (the open segment's ranges and IPv6 addresses, a store without indexes). Internal.
 */
final class RowScan {
  /** A test of one row's keys. */
  interface RowTest {
    boolean test(RowKeys keys);
  }

  private RowScan() {}

  static MutableRoaringBitmap filter(SegmentView v, ImmutableRoaringBitmap candidates, Dictionary dictionary,
      RowTest test) {
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    SegmentRows rows = v.rows();
    RowKeys keys = new RowKeys(dictionary);
    candidates.forEach((int row) -> {
      if (rows.load(row)) {
        keys.of(rows.view());
        if (test.test(keys)) {
          out.add(row);
        }
      }
    });
    return out;
  }

  static MutableRoaringBitmap dim(SegmentView v, Dictionary d, Dim dim, long key) {
    return filter(v, v.events(), d, k -> k.hasKey(dim, key));
  }

  static long[] keys(SegmentView v, Dictionary d, Dim dim) {
    java.util.TreeSet<Long> keys = new java.util.TreeSet<>();
    filter(v, v.events(), d, k -> {
      if (dim == Dim.RESOURCE_ID) {
        for (int i = 3; i < k.placeKeys.length; i++) {
          keys.add((long) k.placeKeys[i]);
        }
      } else if (k.has[dim.ordinal()]) {
        keys.add(k.keys[dim.ordinal()]);
      }
      return false;
    });
    return keys.stream().mapToLong(Long::longValue).toArray();
  }

  static MutableRoaringBitmap present(SegmentView v, Dictionary d, Dim dim) {
    return filter(v, v.events(), d, k -> k.hasAny(dim));
  }

  static MutableRoaringBitmap range(SegmentView v, ImmutableRoaringBitmap candidates, Dictionary d, RangeField f,
      long lo, long hi) {
    int i = f.ordinal();
    return filter(v, candidates, d, k -> k.present[i] && k.values[i] >= lo && k.values[i] <= hi);
  }

  static MutableRoaringBitmap v6(SegmentView v, ImmutableRoaringBitmap candidates, Dictionary d, boolean src,
      long loHigh, long loLow, long hiHigh, long hiLow) {
    return filter(v, candidates, d, k -> {
      if (!(src ? k.srcV6 : k.dstV6)) {
        return false;
      }
      long h = src ? k.srcHigh : k.dstHigh;
      long l = src ? k.srcLow : k.dstLow;
      return V6Column.compare(h, l, loHigh, loLow) >= 0 && V6Column.compare(h, l, hiHigh, hiLow) <= 0;
    });
  }
}
