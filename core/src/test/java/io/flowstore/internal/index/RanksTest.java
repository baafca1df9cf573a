package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ranks among a segment's distinct values: order kept, every bound mapped exactly. */
class RanksTest {
  @Test
  void shouldMapEveryBoundToTheRanksOfTheValuesInside() {
    SplittableRandom random = new SplittableRandom(4);
    for (int trial = 0; trial < 100; trial++) {
      int rows = 1 + random.nextInt(30_000);
      int spread = trial % 3 == 0 ? 50 : trial % 3 == 1 ? 100_000 : Integer.MAX_VALUE;
      Ranks.Builder b = new Ranks.Builder(rows);
      long[] values = new long[rows];
      boolean[] has = new boolean[rows];
      TreeSet<Long> distinct = new TreeSet<>();
      for (int r = 0; r < rows; r++) {
        has[r] = random.nextInt(7) != 0;
        values[r] = trial % 5 == 0 ? 0xFFFF_FFFFL - random.nextInt(spread) : random.nextInt(spread);
        if (has[r]) {
          b.add(r, values[r]);
          distinct.add(values[r]);
        }
      }
      assertThat(b.distinct()).isEqualTo(distinct.size());
      if (distinct.isEmpty()) {
        continue;
      }
      Ranks ranks = b.ranks();
      assertThat(ranks.size()).isEqualTo(distinct.size());
      int i = 0;
      for (long v : distinct) {
        assertThat(ranks.value(i++)).isEqualTo(v);
      }
      for (int r = 0; r < rows; r++) {
        assertThat(b.has(r)).isEqualTo(has[r]);
        if (has[r]) {
          assertThat(b.value(r)).isEqualTo(values[r]);
          assertThat(ranks.value(b.rank(r))).isEqualTo(values[r]);
        }
      }
      for (int k = 0; k < 200; k++) {
        long lo = random.nextLong(-5, 0x1_0000_0005L);
        long hi = random.nextInt(4) == 0 ? lo : random.nextLong(lo, 0x1_0000_0005L);
        if (k % 10 == 0) {
          lo = Long.MIN_VALUE;
        }
        if (k % 10 == 1) {
          hi = Long.MAX_VALUE;
        }
        int expected = distinct.subSet(lo, true, hi, true).size();
        int a = ranks.lowerRank(lo);
        int c = ranks.upperRank(hi);
        assertThat(Math.max(0, c - a + 1)).as("[%d, %d]", lo, hi).isEqualTo(expected);
        if (expected > 0) {
          assertThat(ranks.value(a)).isEqualTo(distinct.ceiling(lo));
          assertThat(ranks.value(c)).isEqualTo(distinct.floor(hi));
        }
      }
      assertThat(Ranks.map(ranks.serialize())).isEqualTo(ranks);
    }
  }

  @Test
  void shouldBeUsedOnlyWhereItSavesEightSlices() {
    assertThat(Ranks.worthIt(10_000, 0xFFFF_FFFFL)).isTrue(); // 14 slices instead of 32
    assertThat(Ranks.worthIt(1 << 24, 0xFFFF_FFFFL)).isTrue();
    assertThat(Ranks.worthIt((1 << 24) + 1, 0xFFFF_FFFFL)).isFalse();
    assertThat(Ranks.worthIt(4096, 4095)).isFalse(); // a /20: values are as short as ranks
    assertThat(Ranks.worthIt(0, 100)).isFalse();
    assertThat(Ranks.worthIt(1, 0)).isFalse();
  }

  @Test
  void shouldRefuseAMalformedSection() {
    assertThatThrownBy(() -> Ranks.map(ByteBuffer.allocate(4))).isInstanceOf(IllegalArgumentException.class);
    ByteBuffer b = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 2).putLong(8, 7).putLong(16, 7);
    assertThatThrownBy(() -> Ranks.map(b)).as("not ascending").isInstanceOf(IllegalArgumentException.class);
  }
}
