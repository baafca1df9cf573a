package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitmapsTest {
  @Test
  void shouldIntersectLikeRoaringOnMixedDensitiesAndMappedOperands() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + r.nextInt(4);
      ImmutableRoaringBitmap[] b = new ImmutableRoaringBitmap[n];
      for (int i = 0; i < n; i++) {
        MutableRoaringBitmap m = new MutableRoaringBitmap();
        double density = r.nextInt(3) == 0 ? 0.001 : r.nextDouble();
        int rows = r.nextInt(200_000);
        for (int row = 0; row < rows; row++) {
          if (r.nextDouble() < density) {
            m.add(row);
          }
        }
        if (r.nextBoolean()) {
          m.runOptimize();
        }
        b[i] = r.nextBoolean() ? m : mapped(m);
      }
      MutableRoaringBitmap expected = BufferFastAggregation.naive_and(b);
      assertThat(Bitmaps.and(b)).as("trial %d", trial).isEqualTo(expected);
      assertThat(Bitmaps.andCardinality(b)).as("trial %d", trial).isEqualTo(expected.getLongCardinality());
    }
    assertThatThrownBy(() -> Bitmaps.andCardinality()).isInstanceOf(IllegalArgumentException.class);
  }

  private static ImmutableRoaringBitmap mapped(MutableRoaringBitmap m) {
    ByteBuffer b = ByteBuffer.allocateDirect(m.serializedSizeInBytes());
    m.serialize(b);
    b.flip();
    return new ImmutableRoaringBitmap(b);
  }
}
