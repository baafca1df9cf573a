package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The highest values kept with their rows: exact above the threshold, whatever the ties. */
class HighValuesTest {
  @Test
  void shouldKeepEveryRowAtOrAboveTheThresholdInRowOrder() {
    SplittableRandom random = new SplittableRandom(8);
    for (int trial = 0; trial < 200; trial++) {
      int rows = 1 + random.nextInt(20_000);
      int distinct = 1 + random.nextInt(trial % 2 == 0 ? 5 : 100_000); // many ties, or few
      long[] values = new long[rows];
      boolean[] present = new boolean[rows];
      HighValues.Builder b = new HighValues.Builder(rows);
      List<Integer> order = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        order.add(r);
      }
      java.util.Collections.shuffle(order, new java.util.Random(trial)); // rows may come in any order
      for (int r : order) {
        present[r] = random.nextInt(10) != 0;
        values[r] = random.nextInt(distinct) * 1000L - 7;
        if (present[r]) {
          b.add(r, values[r]);
        }
      }
      HighValues h = b.build();
      assertThat(h).isNotNull();
      List<Integer> expected = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        if (present[r] && values[r] >= h.threshold()) {
          expected.add(r);
        }
      }
      List<Integer> kept = new ArrayList<>();
      for (int i = 0; i < h.size(); i++) {
        kept.add(h.row(i));
        assertThat(h.value(i)).isEqualTo(values[h.row(i)]);
      }
      assertThat(kept).as("trial %d", trial).isEqualTo(expected);
      assertThat(h.size()).isLessThanOrEqualTo(Math.max(1, rows >>> HighValues.SHARE_SHIFT));
      List<Integer> between = new ArrayList<>();
      long lo = h.threshold() + random.nextInt(3000);
      long hi = lo + random.nextInt(50_000);
      int limit = random.nextInt(rows + 1);
      h.rows(lo, hi, limit, between::add);
      assertThat(between).isEqualTo(expected.stream()
          .filter(r -> r < limit && values[r] >= lo && values[r] <= hi).toList());
      assertThat(HighValues.map(h.serialize())).isEqualTo(h);
    }
  }

  @Test
  void shouldKeepEverythingWhenFewerRowsThanItsShareHaveTheField() {
    HighValues.Builder b = new HighValues.Builder(1 << 16);
    b.add(9, 5);
    b.add(3, Long.MIN_VALUE);
    HighValues h = b.build();
    assertThat(h.threshold()).isEqualTo(Long.MIN_VALUE);
    assertThat(h.covers(Long.MIN_VALUE)).isTrue();
    assertThat(h.size()).isEqualTo(2);
    assertThat(h.row(0)).isEqualTo(3);
    assertThat(h.row(1)).isEqualTo(9);
  }

  @Test
  void shouldGiveUpWhenTheKeptValuesAreAllTheLargestPossible() {
    HighValues.Builder b = new HighValues.Builder(512); // keeps 2
    for (int r = 0; r < 512; r++) {
      b.add(r, r < 3 ? Long.MAX_VALUE : r);
    }
    assertThat(b.build()).as("three rows hold Long.MAX_VALUE, two are kept: not exact").isNull();
  }

  @Test
  void shouldRefuseAMalformedSection() {
    assertThatThrownBy(() -> HighValues.map(ByteBuffer.allocate(8))).isInstanceOf(IllegalArgumentException.class);
    ByteBuffer b = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, 0).putInt(8, 5);
    assertThatThrownBy(() -> HighValues.map(b)).isInstanceOf(IllegalArgumentException.class);
  }
}
