package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The open segment's port postings against a brute-force model, across chunk boundaries. */
class ChunkedDimTest {
  @Test
  void shouldAnswerLikeABruteForceModelAtEveryVisibleRowCount() {
    SplittableRandom r = new SplittableRandom(17);
    for (int trial = 0; trial < 12; trial++) {
      ChunkedDim dim = new ChunkedDim();
      int rows = trial == 0 ? 0 : 1 + r.nextInt(4 * ChunkedDim.CHUNK);
      double fill = r.nextDouble();
      long[] value = new long[rows];
      boolean[] has = new boolean[rows];
      int checks = 0;
      for (int row = 0; row < rows; row++) {
        // a gap of rows without a value can cross whole chunks (dictionary rows, absent ports)
        has[row] = r.nextDouble() < fill && !(row > 70_000 && row < 140_000 && trial % 3 == 0);
        if (has[row]) {
          int kind = r.nextInt(100);
          value[row] = kind < 50 ? 443 : kind < 95 ? 1024 + r.nextInt(60_000) : kind < 97 ? -5 - r.nextInt(3)
              : 70_000 + r.nextInt(3);
          dim.set(row, value[row]);
        }
        if (r.nextInt(20_000) == 0 || row == rows - 1) {
          check(dim, value, has, row + 1 - r.nextInt(Math.min(row + 1, 3)), r, "trial " + trial);
          checks++;
        }
      }
      assertThat(checks > 0 || rows == 0).as("checked").isTrue();
      // a checkpoint: serialize what is visible, restore into a fresh one, which then goes on
      int visible = rows;
      ChunkedDim.Chunk[] saved = ChunkedDim.read(ChunkedDim.serialize(dim.frozen(visible)));
      ChunkedDim restored = new ChunkedDim();
      restored.restore(saved, visible);
      check(restored, value, has, visible, r, "trial " + trial + " restored");
      long[] more = java.util.Arrays.copyOf(value, visible + 100_000);
      boolean[] moreHas = java.util.Arrays.copyOf(has, visible + 100_000);
      for (int row = visible; row < more.length; row += 3) {
        more[row] = 443 + row % 7;
        moreHas[row] = true;
        restored.set(row, more[row]);
      }
      check(restored, more, moreHas, more.length, r, "trial " + trial + " restored and continued");
    }
  }

  private static void check(ChunkedDim dim, long[] value, boolean[] has, int visible, SplittableRandom r, String what) {
    TreeMap<Long, MutableRoaringBitmap> expected = new TreeMap<>();
    MutableRoaringBitmap present = new MutableRoaringBitmap();
    for (int row = 0; row < visible; row++) {
      if (has[row]) {
        expected.computeIfAbsent(value[row], k -> new MutableRoaringBitmap()).add(row);
        present.add(row);
      }
    }
    String at = what + ", visible " + visible;
    List<Long> keys = new ArrayList<>(expected.keySet());
    for (int i = 0; i < 20 && !keys.isEmpty(); i++) {
      long k = keys.get(r.nextInt(keys.size()));
      assertThat(dim.bitmap(k, visible)).as(at + ", value " + k).isEqualTo(expected.get(k));
    }
    assertThat(dim.bitmap(443, visible)).as(at + ", value 443")
        .isEqualTo(expected.getOrDefault(443L, new MutableRoaringBitmap()));
    assertThat(dim.bitmap(12, visible)).as(at + ", an absent value").isEqualTo(new MutableRoaringBitmap());
    ChunkedDim.Chunk[] frozen = dim.frozen(visible);
    assertThat(ChunkedDim.keys(frozen)).as(at + ": keys").containsExactly(
        keys.stream().mapToLong(Long::longValue).toArray());
    assertThat(ChunkedDim.present(frozen)).as(at + ": present").isEqualTo(present);
    List<Object[]> entries = ChunkedDim.entries(frozen);
    assertThat(entries).hasSize(expected.size());
    for (Object[] e : entries) {
      assertThat(e[1]).as(at + ": entry " + e[0]).isEqualTo(expected.get((Long) e[0]));
    }
    int[] count = {0};
    ChunkedDim.forEachValue(frozen, (v, rows, chunks, where) -> {
      assertThat(rows).isEqualTo(expected.get(v).getCardinality());
      assertThat(chunks).isEqualTo(expected.get(v).getMappeableRoaringArray().size());
      count[0]++;
    });
    assertThat(count[0]).isEqualTo(expected.size());
    for (Map.Entry<Long, MutableRoaringBitmap> e : expected.entrySet()) {
      assertThat(e.getValue().getCardinality()).isPositive();
    }
  }
}
