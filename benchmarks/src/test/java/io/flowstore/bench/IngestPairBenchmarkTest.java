package io.flowstore.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPairBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void shouldTimeBothHalvesAndIngestEveryEvent() throws Exception {
    run(new IngestPairBenchmark());
  }

  @Test
  void shouldIngestEveryAuditEventInTheAuditBenchmark() throws Exception {
    AuditIngestPairBenchmark b = new AuditIngestPairBenchmark();
    run(b);
    assertThat(b.ndjson).isNotEmpty();
  }

  private void run(IngestPairBenchmark b) throws Exception {
    b.events = 300;
    b.data();
    b.openForTest(dir);
    IngestPairBenchmark.Times times = new IngestPairBenchmark.Times();
    try {
      long result = b.scanThenIngest(times);
      assertThat(times.events).isEqualTo(300);
      assertThat(times.scanNanos).isPositive();
      assertThat(times.ingestNanos).isPositive();
      assertThat(times.appendNanos).isPositive();
      assertThat(b.records).hasSizeGreaterThanOrEqualTo(300); // flows add dictionary entries
      assertThat(result).isGreaterThan(300);
    } finally {
      b.closeForTest();
    }
  }
}
