package io.flowstore.internal.index;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open segment's range columns and per-chunk range bitmaps answer every range exactly as a
 * brute-force test of the values: on columns (no builder), on built bitmaps, with rows cut at
 * any visible count, with a field whose spread overflows 63 bits, and after a restore (pending
 * chunks answered by the caller, then read back).
 */
class RangeChunksTest {
  private static final int CHUNK = RangeChunks.CHUNK;
  private static final int FIELDS = RangeChunks.FIELDS;
  private static final int ROWS = 3 * CHUNK + 12_345;

  private final long[][] values = new long[ROWS][];
  private final boolean[][] present = new boolean[ROWS][];

  RangeChunksTest() {
    SplittableRandom r = new SplittableRandom(5);
    long time = 1_700_000_000_000_000_000L;
    for (int row = 0; row < ROWS; row++) {
      if (r.nextInt(12) == 0) {
        continue; // a dictionary entry: no values
      }
      long[] v = new long[FIELDS];
      boolean[] p = new boolean[FIELDS];
      for (int f = 0; f < FIELDS; f++) {
        p[f] = r.nextInt(10) != 0;
      }
      time += r.nextInt(2_000_000);
      v[RangeField.EVENT_TIME.ordinal()] = time - r.nextInt(50_000_000); // roughly in order, a little late
      v[RangeField.BYTES.ordinal()] = r.nextInt(4) == 0 ? r.nextLong(1L << 40) : r.nextInt(2000);
      v[RangeField.PACKETS.ordinal()] = r.nextInt(100);
      v[RangeField.SRC_PORT.ordinal()] = r.nextInt(65536);
      v[RangeField.DST_PORT.ordinal()] = r.nextInt(4) == 0 ? 443 : r.nextInt(65536);
      v[RangeField.SRC_ADDR.ordinal()] = r.nextLong(1L << 32);
      v[RangeField.DST_ADDR.ordinal()] = 0x0A00_0000L + r.nextInt(1 << 24);
      v[RangeField.AGG_START.ordinal()] = row >= CHUNK && row < 2 * CHUNK && r.nextInt(100) == 0
          ? (r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) : time; // chunk 1 overflows 63 bits
      v[RangeField.AGG_END.ordinal()] = -r.nextLong(1L << 50); // negative values
      values[row] = v;
      present[row] = p;
    }
  }

  private void fill(RangeChunks chunks, int from, int to) {
    for (int row = from; row < to; row++) {
      if (values[row] == null) {
        chunks.advance(row);
      } else {
        chunks.add(row, values[row], present[row]);
      }
    }
  }

  private MutableRoaringBitmap brute(RangeField f, long lo, long hi, int from, int to) {
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    int i = f.ordinal();
    for (int row = from; row < to; row++) {
      if (values[row] != null && present[row][i] && values[row][i] >= lo && values[row][i] <= hi) {
        out.add(row);
      }
    }
    return out;
  }

  /** Bounds to try on field {@code f}: taken from its values, one-sided, points, everything, nothing. */
  private List<long[]> bounds(RangeField f, SplittableRandom r) {
    List<long[]> out = new ArrayList<>();
    out.add(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
    out.add(new long[] {5, 4});
    for (int k = 0; k < 3; k++) {
      long a = someValue(f, r);
      long b = someValue(f, r);
      out.add(new long[] {Math.min(a, b), Math.max(a, b)});
      out.add(new long[] {a, a});
      out.add(new long[] {a, Long.MAX_VALUE});
      out.add(new long[] {Long.MIN_VALUE, a});
    }
    return out;
  }

  private long someValue(RangeField f, SplittableRandom r) {
    while (true) {
      int row = r.nextInt(ROWS);
      if (values[row] != null) {
        return values[row][f.ordinal()];
      }
    }
  }

  private void assertAnswers(RangeChunks chunks, String state, RangeChunks.PendingRows pending) {
    SplittableRandom r = new SplittableRandom(state.hashCode());
    for (int visible : new int[] {ROWS, CHUNK, CHUNK + 1, 2 * CHUNK - 1, ROWS - 7, 1000}) {
      RangeChunks.Frozen frozen = chunks.freeze();
      for (RangeField f : RangeField.values()) {
        for (long[] b : bounds(f, r)) {
          assertThat(frozen.range(f, b[0], b[1], visible, pending))
              .as("%s: %s in [%d, %d], %d rows visible", state, f, b[0], b[1], visible)
              .isEqualTo(brute(f, b[0], b[1], 0, visible));
        }
      }
    }
  }

  private static final RangeChunks.PendingRows NONE_PENDING = (c, limit) -> {
    throw new AssertionError("no chunk is pending here: chunk=" + c);
  };

  @Test
  void shouldAnswerFromColumnsWhenNothingIsBuilt() {
    RangeChunks chunks = new RangeChunks(null);
    fill(chunks, 0, ROWS);
    assertAnswers(chunks, "columns", NONE_PENDING);
  }

  @Test
  void shouldAnswerFromBuiltBitmaps() {
    Executor inline = Runnable::run;
    RangeChunks chunks = new RangeChunks(inline);
    fill(chunks, 0, ROWS);
    assertAnswers(chunks, "bitmaps", NONE_PENDING);
  }

  @Test
  void shouldAnswerPendingChunksThroughTheCallerThenFromWhatIsReadBack() {
    RangeChunks.RowSource source = (from, to, sink) -> {
      for (int row = from; row < Math.min(to, ROWS); row++) {
        if (values[row] != null) {
          sink.row(row, values[row], present[row]);
        }
      }
    };
    int restored = 2 * CHUNK + 999;
    RangeChunks chunks = new RangeChunks(null);
    chunks.restore(restored, source);
    fill(chunks, restored, ROWS);
    assertThat(chunks.pending(0)).isTrue();
    assertThat(chunks.pending(2)).isFalse();
    List<Integer> asked = new ArrayList<>();
    // a real caller answers from the records: here, from the same values
    RangeField[] field = new RangeField[1];
    long[] bound = new long[2];
    RangeChunks.PendingRows records = (c, limit) -> {
      asked.add(c);
      assertThat(c).isLessThan(2);
      MutableRoaringBitmap hit = brute(field[0], bound[0], bound[1], c << 16, (c << 16) + limit);
      return hit.isEmpty() ? null : hit.getMappeableRoaringArray().getContainerAtIndex(0);
    };
    SplittableRandom r = new SplittableRandom(9);
    for (RangeField f : RangeField.values()) {
      for (long[] b : bounds(f, r)) {
        field[0] = f;
        bound[0] = b[0];
        bound[1] = b[1];
        assertThat(chunks.freeze().range(f, b[0], b[1], ROWS, records)).as("pending: %s in [%d, %d]", f, b[0], b[1])
            .isEqualTo(brute(f, b[0], b[1], 0, ROWS));
      }
    }
    assertThat(asked).contains(0, 1);
    for (int c = 0; c < 2; c++) {
      chunks.replace(c, RangeChunks.read(c, source));
    }
    assertThat(chunks.pending(0)).isFalse();
    assertAnswers(chunks, "read back", NONE_PENDING);
  }

  @Test
  void shouldKeepAnEarlierCaptureValidWhileTheWriterMovesOn() {
    RangeChunks chunks = new RangeChunks(Runnable::run);
    fill(chunks, 0, CHUNK - 10);
    RangeChunks.Frozen early = chunks.freeze();
    fill(chunks, CHUNK - 10, ROWS); // fills the chunk the capture saw as the tail, and more
    for (RangeField f : RangeField.values()) {
      assertThat(early.range(f, Long.MIN_VALUE, Long.MAX_VALUE, CHUNK - 10, NONE_PENDING))
          .isEqualTo(brute(f, Long.MIN_VALUE, Long.MAX_VALUE, 0, CHUNK - 10));
    }
  }
}
