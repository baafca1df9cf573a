package io.flowstore.internal.audit;

import io.flowstore.AuditEvent;
import io.flowstore.AuditFamily;
import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.internal.codec.Crc;
import io.flowstore.internal.codec.LE;
import io.flowstore.internal.storage.QueueReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit record points its keys into the event's JSON: for every way the ingest reaches an
 * audit event (the flow parser's prefix, the audit parser on the ingest parser, a second parse
 * of the event's bytes, a JSON array delivery) the keys are found there and nothing is
 * repeated; values the JSON holds only with escapes are repeated after it and still read back
 * and index exactly; records of the earlier layout (0xA1) still read.
 */
class AuditRecordCodecTest {
  static final Path REAL = Path.of("..", "..", "shared", "data", "real").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void shouldPointEveryKeyIntoTheJson() throws Exception {
    byte[] ndjson = AuditGenerator.builder().seed(77).build().ndjson(500);
    String reordered = "{\"event_type\":\"yandex.cloud.audit.iam.CreateKey\",\"event_source\":\"iam\","
        + "\"event_id\":\"e-reordered\",\"event_time\":\"2025-11-21T00:00:00Z\",\"event_status\":\"DONE\","
        + "\"authentication\":{\"subject_id\":\"aje-s1\",\"subject_type\":\"SERVICE_ACCOUNT\"},"
        + "\"resource_metadata\":{\"path\":[{\"resource_id\":\"b1g-c\"},{\"resource_id\":\"b1g-f\"}]},"
        + "\"request_metadata\":{\"remote_address\":\"10.1.2.3\"}}\n";
    String flowFirst = "{\"eventId\":\"x1\",\"eventSource\":\"vpc\",\"unknownField\":1,"
        + "\"eventType\":\"yandex.cloud.audit.vpc.CreateSubnet\",\"eventTime\":\"2025-11-21T00:00:00Z\","
        + "\"eventStatus\":\"DONE\"}\n";
    long expected;
    try (FlowStore store = FlowStore.open(dir)) {
      expected = store.ingest(ndjson, "gen").audit();
      expected += store.ingest((reordered + flowFirst).getBytes(StandardCharsets.UTF_8), "orders").audit();
      // a delivery as a JSON array, as Yandex writes its bucket files
      String array = "[" + new String(ndjson, 0, 4000, StandardCharsets.UTF_8).split("\n")[0] + ",\n  "
          + reordered.trim() + "]";
      expected += store.ingest(array.getBytes(StandardCharsets.UTF_8), "array").audit();
      if (Files.isDirectory(REAL)) {
        try (Stream<Path> files = Files.walk(REAL)) {
          for (Path f : files.filter(f -> f.toString().contains("yandex-audit-trails")
              && Files.isRegularFile(f)).toList()) {
            IngestResult r = store.ingest(f);
            expected += r.audit();
          }
        }
      }
      assertThat(expected).isGreaterThan(500);
      List<byte[]> records = records(store);
      assertThat(records).hasSize((int) expected);
      for (byte[] b : records) {
        assertThat(b[0]).isEqualTo(AuditRecordCodec.TYPE_AUDIT_V2);
        AuditRecordCodec.Ranges r = new AuditRecordCodec.Ranges();
        AuditRecordCodec.locate(b, 0, r);
        assertThat(r.jsonAt + r.jsonLength + 4)
            .as("no key repeated after the JSON: %s", new String(b, r.jsonAt, r.jsonLength, StandardCharsets.UTF_8))
            .isEqualTo(b.length);
      }
    }
  }

  @Test
  void shouldRepeatKeysWrittenWithEscapesAndReadThemExactly() {
    String event = "{\"event_id\":\"e\\u002d1\",\"event_source\":\"iam\",\"event_type\":\"yandex.cloud.audit.iam.CreateKey\","
        + "\"event_time\":\"2025-11-21T00:00:00Z\",\"event_status\":\"DONE\","
        + "\"authentication\":{\"subject_id\":\"\u0438\u0434-7\",\"subject_name\":\"a\\\"b\"},"
        + "\"resource_metadata\":{\"path\":[{\"resource_id\":\"b1g\\/x\"},{\"resource_id\":\"plain\"}]}}";
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.ingest(event.getBytes(StandardCharsets.UTF_8), "esc").audit()).isEqualTo(1);
      byte[] b = records(store).get(0);
      AuditRecordCodec.Ranges r = new AuditRecordCodec.Ranges();
      AuditRecordCodec.locate(b, 0, r);
      assertThat(b.length).isGreaterThan(r.jsonAt + r.jsonLength + 4);
      AuditEvent e = AuditRecordCodec.decode(b, 0, b.length);
      assertThat(e.eventId()).isEqualTo("e-1");
      assertThat(e.subjectId()).isEqualTo("\u0438\u0434-7");
      assertThat(e.subjectName()).isEqualTo("a\"b");
      assertThat(e.resourceIds()).containsExactly("b1g/x", "plain");
      assertThat(e.json()).isEqualTo(event);
      AuditIndex.SegmentView v = FlowStore.engineOf(store).auditIndex().snapshot().segments().get(0);
      assertThat(v.dim(AuditDim.SUBJECT_ID, "\u0438\u0434-7").getCardinality()).isEqualTo(1);
      assertThat(v.dim(AuditDim.SUBJECT_NAME, "a\"b").getCardinality()).isEqualTo(1);
      assertThat(v.dim(AuditDim.RESOURCE_ID, "b1g/x").getCardinality()).isEqualTo(1);
      assertThat(v.dim(AuditDim.RESOURCE_ID, "b1g\\/x").getCardinality()).isZero();
    }
  }

  @Test
  void shouldReadRecordsOfTheEarlierLayout() {
    String json = "{\"event_id\":\"old-1\"}";
    String[] keys = new String[AuditKey.values().length];
    keys[AuditKey.EVENT_ID.ordinal()] = "old-1";
    keys[AuditKey.EVENT_TYPE.ordinal()] = "yandex.cloud.audit.iam.CreateKey";
    keys[AuditKey.SUBJECT_NAME.ordinal()] = "\u0438\u043c\u044f";
    byte[] b = v1(keys, List.of("b1g-c", "b1g-f"), json);
    assertThat(new AuditRecordCodec().intact(b, 0, b.length)).isTrue();
    AuditEvent e = AuditRecordCodec.decode(b, 0, b.length);
    assertThat(e.family()).isEqualTo(AuditFamily.YANDEX);
    assertThat(e.eventId()).isEqualTo("old-1");
    assertThat(e.eventType()).isEqualTo("yandex.cloud.audit.iam.CreateKey");
    assertThat(e.subjectName()).isEqualTo("\u0438\u043c\u044f");
    assertThat(e.status()).isNull();
    assertThat(e.resourceIds()).containsExactly("b1g-c", "b1g-f");
    assertThat(e.json()).isEqualTo(json);
    assertThat(e.eventTime()).isEqualTo(java.time.Instant.ofEpochSecond(1_700_000_000L, 5));
  }

  /** A record as the 0xA1 layout wrote it: keys inline, then the resource ids, then the JSON. */
  private static byte[] v1(String[] keys, List<String> ids, String json) {
    byte[] b = new byte[4096];
    b[0] = AuditRecordCodec.TYPE_AUDIT_V1;
    b[1] = 0;
    LE.putShort(b, 2, 1); // eventTime present
    LE.putLong(b, 8, 1_700_000_000L);
    LE.putInt(b, 16, 5);
    int p = AuditRecordCodec.FIXED;
    for (String k : keys) {
      p = v1String(k, b, p);
    }
    LE.putShort(b, p, ids.size());
    p += 2;
    for (String id : ids) {
      p = v1String(id, b, p);
    }
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    LE.putInt(b, p, j.length);
    System.arraycopy(j, 0, b, p + 4, j.length);
    p += 4 + j.length;
    LE.putInt(b, p, new Crc().of(b, 0, p));
    return java.util.Arrays.copyOf(b, p + 4);
  }

  private static int v1String(String v, byte[] b, int p) {
    if (v == null) {
      LE.putShort(b, p, 0xFFFF);
      return p + 2;
    }
    byte[] u = v.getBytes(StandardCharsets.UTF_8);
    LE.putShort(b, p, u.length);
    System.arraycopy(u, 0, b, p + 2, u.length);
    return p + 2 + u.length;
  }

  private static List<byte[]> records(FlowStore store) {
    store.sync();
    List<byte[]> out = new ArrayList<>();
    try (QueueReader r = FlowStore.engineOf(store).auditIndex().reader()) {
      while (r.next()) {
        out.add(java.util.Arrays.copyOf(r.buffer(), r.length()));
      }
    }
    return out;
  }
}
