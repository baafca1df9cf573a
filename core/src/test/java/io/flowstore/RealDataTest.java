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

  static final Map<String, Integer> YANDEX_FILES = Map.of(
      "yandex-audit-trails-arcsight-samples/041738547.json", 4,
      "yandex-audit-trails-arcsight-samples/042624546.json", 31,
      "yandex-audit-trails-arcsight-samples/134730901.json", 5,
      "yandex-audit-trails-arcsight-samples/151859118.json", 12,
      "yandex-audit-trails-arcsight-samples/155732665.json", 3,
      "yandex-audit-trails-doublecloud-transfer/check_db_test.go.extracted_event.jsonl", 1);

  /**
   * Every real Yandex Audit Trails file: every event stored in the audit stream, none
   * quarantined, each read back semantically equal to its input, counts by event type as in
   * the file, and the typed values as written.
   */
  @Test
  void shouldStoreEveryRealAuditTrailsEventLosslessly() throws Exception {
    assumeTrue(Files.isDirectory(REAL), "no real data at " + REAL);
    try (FlowStore store = FlowStore.open(dir)) {
      java.util.List<Object> inputs = new java.util.ArrayList<>();
      for (String file : new java.util.TreeSet<>(YANDEX_FILES.keySet())) {
        IngestResult r = store.ingest(REAL.resolve(file));
        assertThat(r.quarantined()).as(file + ": " + r.errors()).isZero();
        assertThat(r.accepted()).as(file).isEqualTo(YANDEX_FILES.get(file).longValue()).isEqualTo(r.audit());
        String text = Files.readString(REAL.resolve(file));
        Object tree = io.flowstore.internal.json.JsonTree.parse(file.endsWith(".jsonl") ? "[" + text.strip() + "]" : text);
        inputs.addAll((java.util.List<?>) tree);
      }
      assertThat(store.count()).isZero();
      assertThat(store.auditCount()).isEqualTo(56);
      java.util.List<AuditEvent> stored = store.auditEvents();
      assertThat(stored).hasSize(56);
      Map<String, Long> expectedTypes = new java.util.TreeMap<>();
      Map<String, Long> storedTypes = new java.util.TreeMap<>();
      for (int i = 0; i < stored.size(); i++) {
        AuditEvent e = stored.get(i);
        @SuppressWarnings("unchecked")
        Map<String, Object> in = (Map<String, Object>) inputs.get(i);
        assertThat(e.fields()).as("event %d", i).isEqualTo(in);
        assertThat(e.family()).isEqualTo(AuditFamily.YANDEX);
        assertThat(e.eventId()).isEqualTo(in.get("event_id"));
        assertThat(e.eventType()).isEqualTo(in.get("event_type"));
        assertThat(e.eventSource()).isEqualTo(in.get("event_source"));
        assertThat(e.status()).isEqualTo(in.get("event_status")).isIn("DONE", "ERROR", "STARTED", "CANCELLED");
        assertThat(e.eventTime()).isEqualTo(java.time.Instant.parse((String) in.get("event_time")));
        assertThat(e.subjectName()).isEqualTo(e.value("authentication.subject_name"))
            .isEqualTo(e.value("authentication.subjectName"));
        assertThat(e.resourceIds()).isEqualTo(((java.util.List<?>) e.value("resource_metadata.path")).stream()
            .map(x -> ((Map<?, ?>) x).get("resource_id")).toList());
        expectedTypes.merge((String) in.get("event_type"), 1L, Long::sum);
        storedTypes.merge(e.eventType(), 1L, Long::sum);
      }
      assertThat(storedTypes).isEqualTo(expectedTypes);
      AuditEvent v6 = stored.stream().filter(e -> "2a02:6b8:b081:6421::1:3".equals(e.remoteAddress())).findFirst()
          .orElseThrow();
      assertThat(v6.remoteIp()).isEqualTo(IpAddress.parse("2a02:6b8:b081:6421::1:3"));
      assertThat(v6.resourceIds()).containsExactly("yc.organization-manager.yandex", "b1g3o4minpkuh10pd2rj",
          "b1gvnphpkgt8oechmpo0");
      assertThat(stored).anyMatch(e -> "cloud.yandex".equals(e.remoteAddress()) && e.remoteIp() == null);
    }
    try (FlowStore again = FlowStore.builder(dir).readOnly(true).open()) {
      assertThat(again.auditCount()).isEqualTo(56);
    }
  }

  /** The documentation's examples of a management and a data event (placeholders and all). */
  @Test
  void shouldStoreTheDocumentedExamples() throws Exception {
    assumeTrue(Files.isDirectory(REAL), "no real data at " + REAL);
    try (FlowStore store = FlowStore.open(dir)) {
      for (String f : new String[] {"en_audit-trails_concepts_format-data-plane.md.GetPayload.example.json",
        "en_audit-trails_concepts_format.md.CreateInstance.example.json"}) {
        Path file = REAL.resolve("yandex-docs-examples").resolve(f);
        IngestResult r = store.ingest(file);
        // the examples write "<event_date>" for the time: refused with the field and its line, kept whole
        assertThat(r.quarantined()).isEqualTo(1);
        IngestError e = r.errors().get(0);
        assertThat(e.reason()).isEqualTo("invalid value: field=event_time, expected=RFC3339 time, value=\"<event_date>\"");
        assertThat(e.field()).isEqualTo("event_time");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(19);
      }
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
