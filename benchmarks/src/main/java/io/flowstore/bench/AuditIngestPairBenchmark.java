package io.flowstore.bench;

import io.flowstore.gen.AuditGenerator;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;

/**
 * Ingest of generated audit events (Yandex Audit Trails and, a quarter of them, CTyun Cloud
 * Audit) against the token scan of the same bytes, paired as in {@link IngestPairBenchmark}
 * (whose settings and benchmark method this inherits). Target: at least 0.60 of the scan rate.
 */
@State(Scope.Benchmark)
public class AuditIngestPairBenchmark extends IngestPairBenchmark {
  @Override
  byte[] generate(int n) {
    return AuditGenerator.builder().seed(2025).build().ndjson(n);
  }

  @Override
  String stream() {
    return "audit";
  }
}
