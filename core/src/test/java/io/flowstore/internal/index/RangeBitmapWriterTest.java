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

  /**
   * A sealed segment's bitmap is written from the writer's chunks as they are: over several
   * chunks, those parts are byte for byte what {@code serialize} writes, and RoaringBitmap reads
   * the concatenation as it reads the library appender's index.
   */
  @Test
  void shouldWriteTheSameBytesFromItsChunksAsInOneBuffer() {
    SplittableRandom r = new SplittableRandom(22);
    long max = (1L << 40) - 1;
    int rows = 800_000;
    RangeBitmapWriter ours = new RangeBitmapWriter(max);
    RangeBitmap.Appender theirs = RangeBitmap.appender(max);
    long[] values = new long[rows];
    for (int i = 0; i < rows; i++) {
      values[i] = r.nextLong(max + 1);
      ours.add(values[i]);
      theirs.add(values[i]);
    }
    int size = ours.serializedSizeInBytes();
    assertThat(size).as("the test needs several chunks").isGreaterThan(3 * RangeBitmapWriter.CHUNK);
    java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    ours.serialize(one);
    assertThat(one.position()).isEqualTo(size);
    java.util.List<java.nio.ByteBuffer> parts = ours.serializedParts();
    assertThat(parts.size()).isGreaterThan(3);
    java.nio.ByteBuffer joined = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (java.nio.ByteBuffer p : parts) {
      joined.put(p.duplicate());
    }
    assertThat(joined.position()).isEqualTo(size);
    assertThat(joined.flip()).isEqualTo(one.flip());
    RangeBitmap read = RangeBitmap.map(joined);
    RangeBitmap expected = theirs.build();
    for (int q = 0; q < 20; q++) {
      long v = values[r.nextInt(rows)];
      assertThat(read.lte(v)).isEqualTo(expected.lte(v));
      assertThat(read.eq(v)).isEqualTo(expected.eq(v));
    }
  }
}
