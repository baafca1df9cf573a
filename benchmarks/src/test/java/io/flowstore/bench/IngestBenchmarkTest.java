package io.flowstore.bench;

import io.flowstore.FlowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark body once on small data and checks its answer, so the suite cannot rot. */
class IngestBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void shouldIngestEveryEventAndScanEveryToken() throws Exception {
    IngestBenchmark b = new IngestBenchmark();
    b.events = 500;
    b.data();
    b.openForTest(dir);
    try {
      assertThat(b.ingest()).isEqualTo(500);
      assertThat(b.ingest()).isEqualTo(500);
      // every generated event has the same structure size range: tens of tokens each
      assertThat(b.tokenScan()).isBetween(500L * 40, 500L * 120);
    } finally {
      b.closeForTest();
    }
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.count()).isEqualTo(1000);
    }
  }
}
