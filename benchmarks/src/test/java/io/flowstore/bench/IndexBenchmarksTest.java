package io.flowstore.bench;

import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the index benchmark bodies once on a small store with several segments and checks their answers. */
class IndexBenchmarksTest {
  @TempDir
  Path dir;

  private Path smallStore() {
    Path store = dir.resolve("store");
    try (FlowStore s = FlowStore.builder(store).maxSegmentRows(8192).open()) {
      s.ingest(FlowGenerator.builder().seed(IndexQueryBenchmark.SEED).build().ndjson(30_000), "generated");
    }
    return store;
  }

  @Test
  void shouldCountTheSameByRollupsByBitmapsAndByScanning() {
    Path store = smallStore();
    for (String action : new String[] {"ACCEPT", "REJECT"}) {
      IndexQueryBenchmark b = new IndexQueryBenchmark();
      b.dir = store;
      b.subnetRank = 1;
      b.action = action;
      b.direction = "INGRESS";
      b.open(); // checks both index answers against a scan of every record, and throws when they differ
      try {
        long n = b.countByRollup();
        assertThat(n).isPositive().isEqualTo(b.countByBitmaps());
      } finally {
        b.close();
      }
    }
  }

  @Test
  void shouldReopenTheStore() {
    ReopenBenchmark b = new ReopenBenchmark();
    b.dir = smallStore();
    for (boolean readOnly : new boolean[] {false, true}) {
      b.readOnly = readOnly;
      b.store();
      assertThat(b.open()).isEqualTo(30_000);
      b.close();
    }
  }

  @Test
  void shouldIngestIntoBothStoresAndTimeEach() {
    IndexIngestPairBenchmark b = new IndexIngestPairBenchmark();
    b.events = 400;
    b.ndjson = FlowGenerator.builder().seed(2025).build().ndjson(400);
    b.openForTest(dir.resolve("pair"));
    IndexIngestPairBenchmark.Times times = new IndexIngestPairBenchmark.Times();
    try {
      assertThat(b.ingestBoth(times)).isEqualTo(800);
      assertThat(b.ingestBoth(times)).isEqualTo(800);
      assertThat(times.events).isEqualTo(800);
      assertThat(times.indexedNanos).isPositive();
      assertThat(times.unindexedNanos).isPositive();
    } finally {
      b.closeForTest();
    }
    try (FlowStore indexed = FlowStore.open(dir.resolve("pair/indexed"));
        FlowStore unindexed = FlowStore.builder(dir.resolve("pair/unindexed")).indexes(false).open()) {
      assertThat(indexed.count()).isEqualTo(800);
      assertThat(unindexed.count()).isEqualTo(800);
    }
  }
}
