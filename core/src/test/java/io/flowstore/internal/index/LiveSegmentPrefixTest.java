package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The open segment's cheap bitmap copies: exact, and untouched by later appends. */
class LiveSegmentPrefixTest {
  @Test
  void shouldCopyExactlyTheRowsBelowTheLimitAndNotSeeLaterAppends() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      MutableRoaringBitmap live = new MutableRoaringBitmap();
      int rows = 0;
      int target = r.nextInt(300_000);
      double density = r.nextDouble();
      for (; rows < target; rows++) {
        if (r.nextDouble() < density) {
          live.add(rows);
        }
      }
      int visible = r.nextInt(rows + 1);
      MutableRoaringBitmap expected = live.clone();
      expected.remove(visible, 0x1_0000_0000L);
      MutableRoaringBitmap copy = LiveSegment.prefix(live, visible);
      assertThat(copy).as("trial %d, visible %d of %d", trial, visible, rows).isEqualTo(expected);
      // the writer goes on appending (into the last container and new ones): the copy stays as it was
      for (int k = 0; k < 70_000; k++, rows++) {
        live.add(rows);
      }
      live.runOptimize(); // never done to a live bitmap, but must not matter either way for shared containers
      assertThat(copy).as("trial %d after appends", trial).isEqualTo(expected);
    }
  }
}
