package io.flowstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.FlowJsonNormalizer;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes in comes back, meaning for meaning, whatever the input looked like. */
class RoundTripTest {
  @TempDir
  Path dir;

  enum Shape { NDJSON, ARRAY, GZIP_NDJSON, STREAM, FILE }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void shouldReadBackEveryEdgeCaseEventAsItWentIn(Shape shape) throws IOException {
    long seed = 20251121L + shape.ordinal();
    FlowGenerator gen = FlowGenerator.builder().seed(seed).edgeCases(true).build();
    byte[] data = shape == Shape.ARRAY ? gen.jsonArray(3000) : gen.ndjson(3000);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r;
      switch (shape) {
        case GZIP_NDJSON:
          r = store.ingest(gzip(data), "gen.ndjson.gz");
          break;
        case STREAM:
          r = store.ingest(new ByteArrayInputStream(data), "stdin");
          break;
        case FILE:
          Path f = dir.resolve("in.ndjson");
          Files.write(f, data);
          r = store.ingest(f);
          break;
        default:
          r = store.ingest(data, "gen");
      }
      assertThat(r.errors()).as("seed %d", seed).isEmpty();
      assertThat(r.accepted()).isEqualTo(3000);
      assertThat(r.quarantined()).isZero();
      assertSameEvents(Stores.normalized(data), Stores.normalizedFlows(store), seed);
    }
  }

  @Test
  void shouldSurviveReopenWithEveryValueIntact() {
    byte[] data = FlowGenerator.builder().seed(77).edgeCases(true).build().ndjson(2000);
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(data, "gen");
    }
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.count()).isEqualTo(2000);
      assertSameEvents(Stores.normalized(data), Stores.normalizedFlows(store), 77);
    }
  }

  @Test
  void shouldKeepExtremesUnicodeAndUnknownFields() {
    String json = "{\"eventId\":\"evt-1\",\"eventSource\":\"network\","
        + "\"eventType\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\","
        + "\"eventTime\":\"0001-01-01T00:00:00Z\",\"vendorTag\":{\"a\":[1,2.50,null],\"b\":\"\\u0000\"},"
        + "\"resourceMetadata\":{\"path\":[{\"resourceType\":\"resource-manager.cloud\",\"resourceId\":\"b1g\","
        + "\"resourceName\":\"прод 测试 \\uD83D\\uDE80 \\\"q\\\" \\\\ \\ud800\",\"label\":true}],\"zone\":\"ru-central1-a\"},"
        + "\"eventStatus\":\"DONE\",\"details\":{\"session\":\"9223372036854775807\",\"flowIdx\":-9223372036854775808,"
        + "\"srcAddr\":\"2001:DB8::1\",\"dstAddr\":\"::ffff:10.1.2.3\",\"aggStart\":\"9999-12-31T23:59:59.999999999Z\","
        + "\"aggEnd\":\"2025-11-21T03:00:00.5+03:00\",\"bytes\":0,\"packets\":\"00042\",\"tcpFlags\":\"27\","
        + "\"action\":\"\",\"reason\":null,\"extraDetail\":12345678901234567890123}}";
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(json.getBytes(StandardCharsets.UTF_8), "hand");
      assertThat(r.errors()).isEmpty();
      FlowEvent e = Stores.flows(store).get(0);
      assertThat(e.eventId()).isEqualTo("evt-1");
      assertThat(e.kind()).isEqualTo(FlowKind.VPC);
      assertThat(e.eventTime().toString()).isEqualTo("0001-01-01T00:00:00Z");
      assertThat(e.aggStart().toString()).isEqualTo("9999-12-31T23:59:59.999999999Z");
      assertThat(e.aggEnd().toString()).isEqualTo("2025-11-21T00:00:00.5Z");
      assertThat(e.session()).isEqualTo(Long.MAX_VALUE);
      assertThat(e.flowIdx()).isEqualTo(Long.MIN_VALUE);
      assertThat(e.srcAddr()).isEqualTo(IpAddress.parse("2001:db8::1"));
      assertThat(e.dstAddr().isV4()).isFalse();
      assertThat(e.bytes()).isZero();
      assertThat(e.packets()).isEqualTo(42L);
      assertThat(e.tcpFlags()).isEqualTo(27L);
      assertThat(e.action()).isEmpty();
      assertThat(e.reason()).isNull();
      assertThat(e.dstPort()).isNull();
      assertThat(e.path()).singleElement().satisfies(res -> {
        assertThat(res.resourceName()).isEqualTo("прод 测试 \uD83D\uDE80 \"q\" \\ \uD800");
        assertThat(res.unknownFields()).isEqualTo("\"label\":true");
      });
      assertThat(e.unknownFields()).isEqualTo("{\"vendorTag\":{\"a\":[1,2.50,null],\"b\":\"\\u0000\"},"
          + "\"resourceMetadata\":{\"zone\":\"ru-central1-a\"},\"details\":{\"extraDetail\":12345678901234567890123}}");
      assertThat(e.toJson()).contains("\"tcpFlags\":\"0x1b\"", "\"session\":\"9223372036854775807\"",
          "\"srcAddr\":\"2001:db8::1\"", "\"resourceName\":\"прод 测试 \uD83D\uDE80 \\\"q\\\" \\\\ \\ud800\"");
      assertSameEvents(Stores.normalized(json.getBytes(StandardCharsets.UTF_8)), Stores.normalizedFlows(store), 0);
    }
  }

  @Test
  void shouldGiveTheSameValuesThroughTheZeroAllocationView() {
    byte[] data = FlowGenerator.builder().seed(9).edgeCases(true).build().ndjson(1000);
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(data, "gen");
      List<FlowEvent> viaView = new ArrayList<>();
      long seen = store.scan(v -> {
        for (FlowField f : FlowField.values()) {
          assertThat(v.has(f)).isEqualTo(v.value(f) != null);
        }
        viaView.add(v.toEvent());
        return true;
      });
      assertThat(seen).isEqualTo(1000);
      assertThat(viaView).isEqualTo(Stores.flows(store));
    }
  }

  @Test
  void shouldStopAScanWhenTheVisitorSaysSo() {
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(FlowGenerator.builder().seed(1).build().ndjson(100), "gen");
      int[] calls = {0};
      assertThat(store.scan(v -> ++calls[0] < 10)).isEqualTo(10);
    }
  }

  static void assertSameEvents(List<JsonNode> expected, List<JsonNode> actual, long seed) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("seed %d, event %d", seed, i + 1).isEqualTo(expected.get(i));
    }
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
