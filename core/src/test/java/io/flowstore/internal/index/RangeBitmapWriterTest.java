package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.RoaringBitmap;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * flowstore's RangeBitmap writer produces indexes that RoaringBitmap reads and that answer
 * every query exactly as the library's own appender's do: random, clustered, constant and
 * extreme values, row counts around the 65,536-row keys, every kind of range query.
 */
class RangeBitmapWriterTest {
  @Test
  void shouldAnswerLikeTheLibrarysAppender() {
    SplittableRandom r = new SplittableRandom(21);
    long[] maxima = {1, 2, 255, 65_535, 1L << 32, (1L << 43) - 1, Long.MAX_VALUE};
    int[] sizes = {0, 1, 100, 65_535, 65_536, 65_537, 140_000};
    for (long max : maxima) {
      for (int rows : sizes) {
        long[] values = new long[rows];
        int shape = r.nextInt(4);
        for (int i = 0; i < rows; i++) {
          values[i] = switch (shape) {
            case 0 -> r.nextLong(max) + (r.nextBoolean() ? 1 : 0); // uniform, max included
            case 1 -> Math.min(max, i / 7); // sorted runs
            case 2 -> r.nextInt(10) == 0 ? max : 0; // sparse extremes
            default -> max / 2; // constant
          };
        }
        RangeBitmap.Appender theirs = RangeBitmap.appender(max);
        RangeBitmapWriter ours = new RangeBitmapWriter(max);
        for (long v : values) {
          theirs.add(v);
          ours.add(v);
        }
        RangeBitmap a = theirs.build();
        RangeBitmap b = ours.build();
        RoaringBitmap context = new RoaringBitmap();
        for (int i = 0; i < rows; i += 1 + r.nextInt(50)) {
          context.add(i);
        }
        String what = "max " + max + ", " + rows + " rows, shape " + shape;
        for (int q = 0; q < 12; q++) {
          long lo = q == 0 ? 0 : rows == 0 ? 0 : values[r.nextInt(rows)];
          long hi = q == 1 ? max : rows == 0 ? max : values[r.nextInt(rows)];
          if (lo > hi) {
            long t = lo;
            lo = hi;
            hi = t;
          }
          assertThat(b.between(lo, hi)).as("%s: between %d and %d", what, lo, hi).isEqualTo(a.between(lo, hi));
          assertThat(b.between(lo, hi, context)).as(what).isEqualTo(a.between(lo, hi, context));
          assertThat(b.betweenCardinality(lo, hi)).as(what).isEqualTo(a.betweenCardinality(lo, hi));
          assertThat(b.gte(lo)).as("%s: gte %d", what, lo).isEqualTo(a.gte(lo));
          assertThat(b.lte(hi)).as("%s: lte %d", what, hi).isEqualTo(a.lte(hi));
          assertThat(b.gt(lo)).as(what).isEqualTo(a.gt(lo));
          assertThat(b.lt(hi)).as(what).isEqualTo(a.lt(hi));
          assertThat(b.eq(lo)).as(what).isEqualTo(a.eq(lo));
          assertThat(b.neq(hi, context)).as(what).isEqualTo(a.neq(hi, context));
        }
      }
    }
  }
}
