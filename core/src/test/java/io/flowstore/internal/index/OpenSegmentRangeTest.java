package io.flowstore.internal.index;

import io.flowstore.FlowStore;
import io.flowstore.RollPeriod;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open segment of several range chunks answers ranges as its records do: while it is
 * written, after its chunks' bitmaps are built, and after a reopen restored it from a
 * checkpoint (its chunks first pending, then read back).
 */
class OpenSegmentRangeTest {
  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));

  private FlowStore open() {
    return FlowStore.builder(dir).rollPeriod(RollPeriod.DAY).clock(clock).open();
  }

  @Test
  void shouldAnswerRangesLikeTheRecordsBeforeAndAfterAReopen() {
    int events = 2 * RangeChunks.CHUNK + 5_000;
    try (FlowStore store = open()) {
      store.ingest(FlowGenerator.builder().seed(77).edgeCases(true).build().ndjson(events), "big");
      assertOpenSegmentAnswers(store, "while open");
      FlowStore.engineOf(store).segments().awaitMaintenance();
      assertOpenSegmentAnswers(store, "bitmaps built");
    }
    try (FlowStore store = open()) {
      assertOpenSegmentAnswers(store, "just reopened");
      FlowStore.engineOf(store).segments().awaitMaintenance();
      assertOpenSegmentAnswers(store, "read back");
      store.ingest(FlowGenerator.builder().seed(78).build().ndjson(70_000), "more"); // into a fourth chunk
      assertOpenSegmentAnswers(store, "grown after the reopen");
    }
  }

  private static void assertOpenSegmentAnswers(FlowStore store, String state) {
    Segments segments = FlowStore.engineOf(store).segments();
    Dictionary dict = FlowStore.engineOf(store).flowDictionary();
    try (Segments.Acquired a = segments.acquire()) {
      List<SegmentView> views = a.views();
      SegmentView v = views.get(views.size() - 1);
      assertThat(v.sealed()).as(state).isFalse();
      assertThat(v.meta().rows()).as(state).isGreaterThan(2 * RangeChunks.CHUNK);
      for (RangeField f : RangeField.values()) {
        long[] all = {Long.MIN_VALUE, Long.MAX_VALUE};
        long mid = f == RangeField.EVENT_TIME ? (v.meta().minEventTime() + v.meta().maxEventTime()) / 2
            : f == RangeField.SRC_ADDR || f == RangeField.DST_ADDR ? 0x0A00_0000L : 1000;
        for (long[] b : new long[][] {all, {mid, Long.MAX_VALUE}, {mid / 2, mid}}) {
          assertThat(v.range(f, b[0], b[1])).as("%s: %s in [%d, %d]", state, f, b[0], b[1])
              .isEqualTo(RowScan.range(v, v.events(), dict, f, b[0], b[1]));
        }
        assertThat(v.sampleRange(f, mid, Long.MAX_VALUE)).as("%s: sample of %s", state, f)
            .isEqualTo(RowScan.range(v, SegmentView.sample(v.events()), dict, f, mid, Long.MAX_VALUE));
      }
    }
  }
}
