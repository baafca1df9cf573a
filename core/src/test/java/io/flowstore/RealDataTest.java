package io.flowstore;

import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real public samples in ../shared/data/real (skipped where that folder is absent). */
class RealDataTest {
  static final Path REAL = Path.of("..", "..", "shared", "data", "real").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void shouldRouteEveryRealAuditTrailsEventToTheQuarantineAsNotAFlowEventForNow() throws Exception {
    assumeTrue(Files.isDirectory(REAL), "no real data at " + REAL);
    Map<String, Integer> records = Map.of(
        "yandex-audit-trails-arcsight-samples/041738547.json", 4,
        "yandex-audit-trails-arcsight-samples/042624546.json", 31,
        "yandex-audit-trails-arcsight-samples/134730901.json", 5,
        "yandex-audit-trails-arcsight-samples/151859118.json", 12,
        "yandex-audit-trails-arcsight-samples/155732665.json", 3,
        "yandex-audit-trails-doublecloud-transfer/check_db_test.go.extracted_event.jsonl", 1);
    try (FlowStore store = FlowStore.open(dir)) {
      for (Map.Entry<String, Integer> e : records.entrySet()) {
        IngestResult r = store.ingest(REAL.resolve(e.getKey()));
        assertThat(r.accepted()).as(e.getKey()).isZero();
        assertThat(r.quarantined()).as(e.getKey()).isEqualTo(e.getValue().longValue());
        assertThat(r.errors()).as(e.getKey()).allSatisfy(err ->
            assertThat(err.reason()).startsWith("unsupported event type: eventType=yandex.cloud.audit."));
      }
      // nothing is lost: each refused event is kept whole
      assertThat(Stores.quarantine(store)).hasSize(56).allSatisfy(q -> {
        assertThat(q.isRawTruncated()).isFalse();
        assertThat(q.rawText()).startsWith("{\"event_id\":").endsWith("}");
      });
    }
  }

  @Test
  void shouldQuarantineOtherVendorsFormatsWithAReason() throws Exception {
    assumeTrue(Files.isDirectory(REAL), "no real data at " + REAL);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult ibm = store.ingest(REAL.resolve("ibm-cloud-vpc-flowlogs-test/00000911.gz"));
      assertThat(ibm.accepted()).isZero();
      assertThat(ibm.quarantined()).isEqualTo(1);
      assertThat(ibm.errors().get(0).reason()).isEqualTo("missing field: eventType");
      IngestResult aws = store.ingest(REAL.resolve("aws-vpcflow-cribl-pack/ZP04h5.json"));
      assertThat(aws.accepted()).isZero();
      assertThat(aws.quarantined()).isEqualTo(100);
    }
  }
}
