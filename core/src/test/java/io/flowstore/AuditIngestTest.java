package io.flowstore;

import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.json.JsonTree;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit events: CTyun and Yandex, routing of mixed deliveries, refusals with reasons. */
class AuditIngestTest {
  /** The example event of seed 003 (CTyun Cloud Audit), verbatim. */
  static final String CTYUN = "{\n\"id\": \"6b231dfb9f684d65a9bf5f53a3d7f828\",\n\"eventId\": \"58160545\",\n"
      + "\"eventName\": \"create_volume\",\n\"eventTime\": \"2022-12-17 14:52:55\",\n"
      + "\"eventLevel\": {\n\"code\": \"0\",\n\"value\": \"normal\"\n},\n"
      + "\"eventType\": {\n\"code\": \"1\",\n\"value\": \"Some control events of the console or sales page (ConsoleOperation)\"\n},\n"
      + "\"eventActType\": {\n\"code\": \"1\",\n\"value\": \"Write type\"\n},\n"
      + "\"srcRegion\": \"d8d23b1e44ad11e9accd0242ac110002\",\n\"srcServiceType\": \"Storage\",\n\"srcIp\": \"\",\n"
      + "\"srcProdTypeName\": \"EVS\",\n\"srcProdName\": \"evs-d55c\",\n"
      + "\"srcResId\": \"f9028cd6-5b42-4227-bc67-1e6f8d9fa982\",\n\"accountId\": \"532a108316474db4a03e5b3fcc089757\",\n"
      + "\"reqId\": \"58160545\",\n"
      + "\"reqData\": \"{\\\"resource_name\\\": \\\"evs-d55c\\\", \\\"resource_uuid\\\": \\\"f9028cd6-5b42-4227-bc67-1e6f8d9fa982\\\"}\",\n"
      + "\"respData\": \"0\",\n\"apiVersion\": \"v1\",\n\"createTime\": \"2022-12-17 15:00:04\",\n"
      + "\"updateTime\": \"2022-12-17 15:00:04\"\n}";

  static final String YANDEX = "{\"event_id\":\"e1\",\"event_source\":\"iam\",\"event_type\":\"yandex.cloud.audit.iam.CreateServiceAccount\","
      + "\"event_time\":\"2021-04-29T04:26:11.123456789+03:00\",\"authentication\":{\"authenticated\":true,"
      + "\"subject_type\":\"YANDEX_PASSPORT_USER_ACCOUNT\",\"subject_id\":\"aje9\",\"subject_name\":\"xseiko\"},"
      + "\"authorization\":{\"authorized\":true},\"resource_metadata\":{\"path\":[{\"resource_type\":\"resource-manager.cloud\","
      + "\"resource_id\":\"b1gm\",\"resource_name\":\"cloud\"},{\"resource_type\":\"resource-manager.folder\","
      + "\"resource_id\":\"b1gj\",\"resource_name\":\"audit\"}]},\"request_metadata\":{\"remote_address\":\"10.1.2.3\","
      + "\"user_agent\":\"ua\",\"request_id\":\"r1\"},\"event_status\":\"ERROR\",\"details\":{\"n\":1.50,\"big\":123456789012345678901234567890,"
      + "\"list\":[1,{\"x\":null},\"\\u00e9\\n\"]},\"request_parameters\":{},\"response\":{\"ok\":false}}";

  @TempDir
  Path dir;

  @Test
  void shouldStoreTheCtyunExampleWithItsCodesValuesAndLocalTimes() {
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(CTYUN.getBytes(StandardCharsets.UTF_8), "ctyun");
      assertThat(r.errors()).isEmpty();
      assertThat(r.audit()).isEqualTo(1);
      AuditEvent e = store.auditEvents().get(0);
      assertThat(e.fields()).isEqualTo(JsonTree.parse(CTYUN));
      assertThat(e.family()).isEqualTo(AuditFamily.CTYUN);
      assertThat(e.eventId()).isEqualTo("6b231dfb9f684d65a9bf5f53a3d7f828");
      assertThat(e.eventType()).isEqualTo("create_volume");
      assertThat(e.eventSource()).isEqualTo("Storage");
      assertThat(e.status()).isEqualTo("0");
      assertThat(e.statusValue()).isEqualTo("normal");
      assertThat(e.actType()).isEqualTo("1");
      assertThat(e.subjectId()).isEqualTo("532a108316474db4a03e5b3fcc089757");
      assertThat(e.srcProdTypeName()).isEqualTo("EVS");
      assertThat(e.srcRegion()).isEqualTo("d8d23b1e44ad11e9accd0242ac110002");
      assertThat(e.resourceIds()).containsExactly("f9028cd6-5b42-4227-bc67-1e6f8d9fa982");
      assertThat(e.remoteAddress()).isEmpty();
      assertThat(e.remoteIp()).isNull();
      // no zone in the text: read in UTC+8 by default
      assertThat(e.eventTime()).isEqualTo(Instant.parse("2022-12-17T06:52:55Z"));
      assertThat(e.createTime()).isEqualTo(Instant.parse("2022-12-17T07:00:04Z"));
      assertThat(e.updateTime()).isEqualTo(e.createTime());
      // JSON inside strings: the exact string is kept, its top-level fields are reachable
      assertThat(e.value("reqData")).isEqualTo(
          "{\"resource_name\": \"evs-d55c\", \"resource_uuid\": \"f9028cd6-5b42-4227-bc67-1e6f8d9fa982\"}");
      assertThat(e.value("reqData.resource_name")).isEqualTo("evs-d55c");
      assertThat(e.value("respData")).isEqualTo("0");
      assertThat(e.value("respData.x")).isNull();
      assertThat(e.value("eventLevel.value")).isEqualTo("normal");
      assertThat(e.value("eventType.code")).isEqualTo("1");
    }
  }

  @Test
  void shouldReadCtyunTimesInTheConfiguredZone() {
    try (FlowStore store = FlowStore.builder(dir).ctyunTimeZone(ZoneOffset.UTC).open()) {
      store.ingest(CTYUN.getBytes(StandardCharsets.UTF_8), "ctyun");
      assertThat(store.auditEvents().get(0).eventTime()).isEqualTo(Instant.parse("2022-12-17T14:52:55Z"));
    }
  }

  @Test
  void shouldKeepEveryYandexValueAsWritten() {
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.ingest(YANDEX.getBytes(StandardCharsets.UTF_8), "y").audit()).isEqualTo(1);
      AuditEvent e = store.auditEvents().get(0);
      // byte for byte as written, escapes and all
      assertThat(e.json()).isEqualTo(YANDEX);
      assertThat(e.fields()).isEqualTo(JsonTree.parse(YANDEX));
      assertThat(e.eventTime()).isEqualTo(Instant.parse("2021-04-29T01:26:11.123456789Z"));
      assertThat(e.remoteIp()).isEqualTo(IpAddress.parse("10.1.2.3"));
      assertThat(e.value("details.n")).isEqualTo(new java.math.BigDecimal("1.50"));
      assertThat(e.value("details.big")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
      assertThat(e.value("requestMetadata.userAgent")).isEqualTo("ua");
      assertThat(e.value("authentication.authenticated")).isEqualTo(true);
      assertThat(e.value("no.such.path")).isNull();
    }
  }

  /** One delivery of flows, Yandex and CTyun audit events, another vendor's event and broken audit events. */
  @Test
  void shouldRouteAMixedDeliveryAndQuarantineWhatIsNeither() {
    String flows = new String(FlowGenerator.builder().seed(5).build().ndjson(50), StandardCharsets.UTF_8);
    String[] flowLines = flows.strip().split("\n");
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < flowLines.length; i++) {
      in.append(flowLines[i]).append('\n');
      if (i % 10 == 3) {
        in.append(YANDEX.replace("\"e1\"", "\"e" + i + "\"")).append('\n');
      }
      if (i % 10 == 7) {
        in.append(CTYUN.replace('\n', ' ')).append('\n');
      }
    }
    in.append("{\"event_id\":\"x\",\"event_type\":\"com.example.Other\",\"event_time\":\"2021-01-01T00:00:00Z\"}\n");
    in.append(YANDEX.replace("\"2021-04-29T04:26:11.123456789+03:00\"", "5")).append('\n');
    in.append(YANDEX.replace("\"event_time\":\"2021-04-29T04:26:11.123456789+03:00\",", "")).append('\n');
    in.append(CTYUN.replace("2022-12-17 14:52:55", "17/12/2022").replace('\n', ' ')).append('\n');
    in.append(YANDEX.replace("{\"authenticated\":true,", "[{\"authenticated\":true,").replace("\"xseiko\"},", "\"xseiko\"}],"))
        .append('\n');
    in.append("{\"eventType\":{\"code\":\"1\"},\"id\":\"no name\"}\n");
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(in.toString().getBytes(StandardCharsets.UTF_8), "mixed");
      assertThat(r.flows()).isEqualTo(50);
      assertThat(r.audit()).isEqualTo(10);
      assertThat(r.quarantined()).isEqualTo(6);
      List<String> reasons = r.errors().stream().map(IngestError::reason).toList();
      assertThat(reasons).containsExactly(
          "unsupported event type: eventType=com.example.Other",
          "wrong type: field=event_time, expected=string, actual=number",
          "missing field: event_time",
          "invalid value: field=eventTime, expected=yyyy-MM-dd HH:mm:ss, value=\"17/12/2022\"",
          "wrong type: field=authentication, expected=object, actual=array",
          "missing field: eventName");
      assertThat(r.errors().get(1).field()).isEqualTo("event_time");
      assertThat(r.errors().get(1).line()).isEqualTo(flowLines.length + 12);
      assertThat(r.toJson()).startsWith("{\"accepted\":60,\"flows\":50,\"audit\":10,\"quarantined\":6,");
      assertThat(store.count()).isEqualTo(50);
      assertThat(store.auditCount()).isEqualTo(10);
      assertThat(store.auditEvents()).extracting(AuditEvent::family).containsOnly(AuditFamily.YANDEX, AuditFamily.CTYUN);
      // nothing is lost: each refused event is kept whole with its reason
      assertThat(Stores.quarantine(store)).hasSize(6).allSatisfy(q -> assertThat(q.rawText()).startsWith("{"));
    }
    try (FlowStore again = FlowStore.open(dir)) {
      assertThat(again.auditCount()).isEqualTo(10);
      assertThat(again.count()).isEqualTo(50);
      Map<String, Object> first = again.auditEvents().get(0).fields();
      assertThat(first.get("event_id")).isEqualTo("e3");
    }
  }

  /** Generated audit events (both families, NDJSON and a bucket-style array) store and read back whole. */
  @Test
  void shouldStoreGeneratedAuditEventsLosslessly() {
    io.flowstore.gen.AuditGenerator gen = io.flowstore.gen.AuditGenerator.builder().seed(9).build();
    byte[] ndjson = gen.ndjson(2000);
    byte[] array = gen.jsonArray(500);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult a = store.ingest(ndjson, "gen.ndjson");
      IngestResult b = store.ingest(array, "gen.json");
      assertThat(a.errors()).isEmpty();
      assertThat(b.errors()).isEmpty();
      assertThat(a.audit() + b.audit()).isEqualTo(2500);
      List<AuditEvent> stored = store.auditEvents();
      List<Object> inputs = new java.util.ArrayList<>();
      for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
        inputs.add(JsonTree.parse(line));
      }
      inputs.addAll((List<?>) JsonTree.parse(new String(array, StandardCharsets.UTF_8)));
      for (int i = 0; i < stored.size(); i++) {
        assertThat(stored.get(i).fields()).as("event %d", i).isEqualTo(inputs.get(i));
      }
      long ctyun = stored.stream().filter(e -> e.family() == AuditFamily.CTYUN).count();
      assertThat(ctyun).isBetween(500L, 800L);
      assertThat(stored).allSatisfy(e -> {
        assertThat(e.eventTime()).isNotNull();
        assertThat(e.eventType()).isNotNull();
        assertThat(e.subjectId()).isNotNull();
        assertThat(e.resourceIds()).isNotEmpty();
      });
    }
  }
}
