package io.flowstore;

import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of bad input: the good events around it are stored, the bad ones quarantined with a reason. */
class IngestErrorsTest {
  private static final String TYPE = "yandex.cloud.audit.network.flowlogs.ExternalFlow";

  @TempDir
  Path dir;

  private static String event(int n) {
    return "{\"event_id\":\"e" + n + "\",\"event_type\":\"" + TYPE + "\",\"details\":{\"bytes\":\"" + n + "\"}}";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private IngestResult ingest(FlowStore store, String text) {
    return store.ingest(bytes(text), "test.ndjson");
  }

  private static List<Long> storedBytes(FlowStore store) {
    return Stores.flows(store).stream().map(FlowEvent::bytes).toList();
  }

  @Test
  void shouldQuarantineAMalformedLineAndKeepTheLinesAround() {
    String text = event(1) + "\n" + "{\"event_id\":\"e2\",\"event_type\" \"oops\"}\n" + event(3) + "\n";
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.quarantined()).isEqualTo(1);
      IngestError e = r.errors().get(0);
      assertThat(e.reason()).isEqualTo("malformed JSON: detail=Unexpected character ('\"' (code 34)): "
          + "was expecting a colon to separate field name and value");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.column()).isEqualTo(31); // the '"' where the ':' belongs
      assertThat(e.byteOffset()).isEqualTo(text.indexOf("\"oops"));
      assertThat(e.ordinal()).isEqualTo(2);
      assertThat(e.source()).isEqualTo("test.ndjson");
      assertThat(storedBytes(store)).containsExactly(1L, 3L);
      QuarantinedEvent q = Stores.quarantine(store).get(0);
      assertThat(q.rawText()).isEqualTo("{\"event_id\":\"e2\",\"event_type\" \"oops\"}");
      assertThat(q.error()).isEqualTo(e);
    }
  }

  @Test
  void shouldFindTheNextEventWhenALineIsCutShort() {
    String text = event(1) + "\n" + "{\"event_id\":\"e2\",\"details\":{\"bytes\":\"1\"\n" + event(3) + "\n" + event(4);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(3);
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(r.errors().get(0).reason()).startsWith("malformed JSON: detail=Unexpected character ('{'");
      assertThat(r.errors().get(0).line()).isEqualTo(3);
      assertThat(storedBytes(store)).containsExactly(1L, 3L, 4L);
      assertThat(Stores.quarantine(store).get(0).rawText()).isEqualTo("{\"event_id\":\"e2\",\"details\":{\"bytes\":\"1\"");
    }
  }

  @Test
  void shouldKeepEveryCompleteEventOfATruncatedDeliveryAndQuarantineTheTail() {
    byte[] full = FlowGenerator.builder().seed(4).build().jsonArray(50);
    String text = new String(full, StandardCharsets.UTF_8);
    int cut = text.lastIndexOf(",\n{") + 40; // inside the 50th event
    byte[] truncated = Arrays.copyOf(full, cut);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(truncated, "041238068.json");
      assertThat(r.accepted()).isEqualTo(49);
      assertThat(r.quarantined()).isEqualTo(1);
      IngestError e = r.errors().get(0);
      assertThat(e.reason()).isEqualTo("truncated input: the event is not closed before the end of the input");
      assertThat(e.ordinal()).isEqualTo(50);
      assertThat(e.byteOffset()).isEqualTo(cut);
      QuarantinedEvent q = Stores.quarantine(store).get(0);
      assertThat(q.rawText()).isEqualTo(text.substring(text.lastIndexOf(",\n{") + 2, cut));
    }
  }

  @Test
  void shouldAcceptAnArrayWhoseClosingBracketIsMissing() {
    String text = "[" + event(1) + ",\n" + event(2);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.quarantined()).isZero();
    }
  }

  @Test
  void shouldResyncInsideASingleLineArray() {
    String text = "[" + event(1) + "," + "{\"event_id\":\"e2\",,}" + "," + event(3) + "]";
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(storedBytes(store)).containsExactly(1L, 3L);
      assertThat(Stores.quarantine(store).get(0).rawText()).isEqualTo("{\"event_id\":\"e2\",,}");
    }
  }

  @Test
  void shouldNameTheFieldOfAWrongType() {
    String line2 = "{\"event_type\":\"" + TYPE + "\",\"details\":{\"srcPort\":\"1\",\"bytes\":{\"n\":1}}}";
    String text = event(1) + "\n" + line2 + "\n" + event(3);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(2);
      IngestError e = r.errors().get(0);
      assertThat(e.reason()).isEqualTo("wrong type: field=details.bytes, expected=int64, actual=object");
      assertThat(e.field()).isEqualTo("details.bytes");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.column()).isEqualTo(line2.indexOf("{\"n\"") + 1);
      assertThat(e.byteOffset()).isEqualTo(text.indexOf("{\"n\""));
      assertThat(e.ordinal()).isEqualTo(2);
    }
  }

  @Test
  void shouldQuarantineValuesOfTheRightTypeButWrongForm() {
    String text = String.join("\n",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"src_addr\":\"10.0.0.300\"}}",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"bytes\":\"99999999999999999999\"}}",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"bytes\":99999999999999999999}}",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"packets\":\"12a\"}}",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"packets\":1.5}}",
        "{\"event_type\":\"" + TYPE + "\",\"event_time\":\"2025-11-21 10:00\"}",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"tcp_flags\":\"0xZZ\"}}",
        "{\"event_type\":\"" + TYPE + "\",\"details\":{\"action\":\"ACCEPT\",\"action\":\"REJECT\"}}",
        event(9));
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(1);
      assertThat(r.quarantined()).isEqualTo(8);
      assertThat(r.errors()).extracting(IngestError::reason).containsExactly(
          "invalid value: field=details.srcAddr, expected=IP address, value=\"10.0.0.300\"",
          "int64 out of range: field=details.bytes, value=\"99999999999999999999\"",
          "int64 out of range: field=details.bytes, value=99999999999999999999",
          "invalid value: field=details.packets, expected=int64, value=\"12a\"",
          "wrong type: field=details.packets, expected=int64, actual=number",
          "invalid value: field=eventTime, expected=RFC 3339 time, value=\"2025-11-21 10:00\"",
          "invalid value: field=details.tcpFlags, expected=hex (0x..) or decimal int64, value=\"0xZZ\"",
          "duplicate field: field=details.action");
      assertThat(r.errors()).extracting(IngestError::ordinal).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }
  }

  @Test
  void shouldNameTheTypeOfEventsThatAreNotFlowEvents() {
    String audit = "{\"event_id\":\"aje6\",\"event_source\":\"iam\",\"event_type\":\"com.example.iam.CreateServiceAccount\","
        + "\"authentication\":{\"authenticated\":true},\"details\":{\"service_account_id\":\"x\"}}";
    String ctyun = "{\"id\":\"6b23\",\"eventType\":{\"code\":\"1\",\"value\":\"Console\"}}";
    String untyped = "{\"eventId\":\"x\",\"details\":{\"bytes\":\"1\"}}";
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, audit + "\n" + ctyun + "\n" + untyped + "\n" + event(4));
      assertThat(r.accepted()).isEqualTo(1);
      assertThat(r.errors()).extracting(IngestError::reason).containsExactly(
          "unsupported event type: eventType=com.example.iam.CreateServiceAccount",
          "missing field: eventName",
          "missing field: eventType");
      assertThat(r.errors()).extracting(IngestError::field).containsExactly("eventType", "eventName", "eventType");
      assertThat(r.errors()).extracting(IngestError::column).containsExactly(1, 1, 1);
      assertThat(Stores.quarantine(store).get(0).rawText()).isEqualTo(audit);
    }
  }

  @Test
  void shouldRefuseTopLevelValuesThatAreNotObjects() {
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, "[" + event(1) + ", 42, \"text\", [1,2], null, " + event(6) + "]");
      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.errors()).extracting(IngestError::reason).containsExactly(
          "event is not a JSON object: token=42", "event is not a JSON object: token=text",
          "event is not a JSON object: token=array", "event is not a JSON object: token=null");
      assertThat(r.errors()).extracting(IngestError::ordinal).containsExactly(2L, 3L, 4L, 5L);
      assertThat(Stores.quarantine(store)).extracting(QuarantinedEvent::rawText)
          .containsExactly("42", "\"text\"", "[1,2]", "null");
    }
  }

  @Test
  void shouldEnforceTheJsonLimitsAsQuarantineReasons() {
    String longString = "x".repeat(70_000);
    String deep = "[".repeat(100) + "]".repeat(100);
    String longNumber = "1".repeat(150);
    String text = String.join("\n",
        "{\"event_type\":\"" + TYPE + "\",\"note\":\"" + longString + "\"}",
        "{\"event_type\":\"" + TYPE + "\",\"deep\":" + deep + "}",
        "{\"event_type\":\"" + TYPE + "\",\"n\":" + longNumber + "}",
        event(4));
    try (FlowStore store = FlowStore.builder(dir).maxStringLength(65_536).open()) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(1);
      assertThat(r.errors()).extracting(IngestError::reason).containsExactly(
          "string too long: limit=65536", "nesting too deep: limit=64", "number too long: limit=100");
      assertThat(storedBytes(store)).containsExactly(4L);
    }
  }

  @Test
  void shouldRefuseEventsLargerThanTheLimitFromArraysAndStreams() throws IOException {
    String big = "{\"event_type\":\"" + TYPE + "\",\"pad\":[" + "\"0123456789\",".repeat(400) + "0]}";
    String text = event(1) + "\n" + big + "\n" + event(3) + "\n";
    try (FlowStore store = FlowStore.builder(dir).maxEventSize(2048).open()) {
      IngestResult fromArray = ingest(store, text);
      assertThat(fromArray.accepted()).isEqualTo(2);
      assertThat(fromArray.errors()).extracting(IngestError::reason)
          .containsExactly("event too large: bytes=" + big.length() + ", limit=2048");
      IngestResult fromStream = store.ingest(new ByteArrayInputStream(bytes(text.repeat(200))), "stdin");
      assertThat(fromStream.accepted()).isEqualTo(400);
      assertThat(fromStream.quarantined()).isEqualTo(200);
      assertThat(store.count()).isEqualTo(402);
    }
  }

  @Test
  void shouldBoundTheMemoryOfAHugeEventInAStream() {
    // 50 MB in one event, streamed: refused early, the window never holds it, the next event is stored
    String head = "{\"event_type\":\"" + TYPE + "\",\"pad\":\"";
    byte[] hugePrefix = bytes(head);
    long padding = 50L << 20;
    byte[] tail = bytes("\"}\n" + event(2) + "\n");
    java.io.InputStream in = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
        new ByteArrayInputStream(hugePrefix), new RepeatingStream((byte) 'a', padding), new ByteArrayInputStream(tail))));
    try (FlowStore store = FlowStore.builder(dir).maxStringLength(Integer.MAX_VALUE - 1).maxQuarantineRawSize(4096).open()) {
      IngestResult r = store.ingest(in, "huge");
      assertThat(r.accepted()).isEqualTo(1);
      assertThat(r.errors()).extracting(IngestError::reason)
          .containsExactly("event too large: bytes>16777216, limit=16777216");
      QuarantinedEvent q = Stores.quarantine(store).get(0);
      assertThat(q.isRawTruncated()).isTrue();
      assertThat(q.raw()).hasSize(4096);
      assertThat(q.rawLength()).isEqualTo(hugePrefix.length + padding + 2);
    }
  }

  @Test
  void shouldStopAtTheFirstBadEventInFailFastMode() {
    String line3 = "{\"event_type\":\"" + TYPE + "\",\"details\":{\"bytes\":true}}";
    String text = event(1) + "\n" + event(2) + "\n" + line3 + "\n" + event(4);
    try (FlowStore store = FlowStore.open(dir)) {
      assertThatThrownBy(() -> store.ingest(bytes(text), "batch-7", IngestOptions.failFast()))
          .isInstanceOf(IngestException.class)
          .hasMessage("ingest stopped at a bad event: wrong type: field=details.bytes, expected=int64, actual=boolean "
              + "(source=batch-7, line=3, column=" + (line3.indexOf("true") + 1) + ", offset=" + text.indexOf("true")
              + ", event=3, field=details.bytes)")
          .satisfies(t -> assertThat(((IngestException) t).accepted()).isEqualTo(2));
      assertThat(storedBytes(store)).containsExactly(1L, 2L);
      assertThat(store.quarantinedCount()).isZero();
    }
  }

  @Test
  void shouldStopAtASyntaxErrorInFailFastMode() {
    String text = event(1) + "\n{oops}\n" + event(3);
    try (FlowStore store = FlowStore.open(dir)) {
      assertThatThrownBy(() -> store.ingest(bytes(text), "x", IngestOptions.failFast()))
          .isInstanceOf(IngestException.class)
          .satisfies(t -> assertThat(((IngestException) t).error().ordinal()).isEqualTo(2));
      assertThat(store.count()).isEqualTo(1);
    }
  }

  @Test
  void shouldReportOnlyTheFirstErrorsButCountThemAll() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      sb.append("{\"event_type\":\"nope\"}\n");
    }
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(bytes(sb.toString()), "x", IngestOptions.DEFAULT.withMaxReportedErrors(3));
      assertThat(r.quarantined()).isEqualTo(25);
      assertThat(r.errors()).hasSize(3);
      assertThat(store.quarantinedCount()).isEqualTo(25);
    }
  }

  @Test
  void shouldQuarantineGarbageBetweenEvents() {
    String text = event(1) + "\nthis is not json\n" + event(3) + "\n";
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, text);
      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(r.errors().get(0).reason()).startsWith("malformed JSON: detail=Unrecognized token 'this'");
      assertThat(Stores.quarantine(store).get(0).rawText()).isEqualTo("this is not json");
    }
  }

  @Test
  void shouldReportTheResultAsOneJsonLine() {
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = ingest(store, event(1) + "\n{\"event_type\":\"x\"}");
      assertThat(r.toJson()).isEqualTo("{\"accepted\":1,\"flows\":1,\"audit\":0,\"quarantined\":1,\"errors\":[{\"source\":\"test.ndjson\","
          + "\"line\":2,\"column\":1,\"offset\":" + (event(1).length() + 1) + ",\"event\":2,\"field\":\"eventType\","
          + "\"reason\":\"unsupported event type: eventType=x\"}]}");
    }
  }

  /** An input stream of one byte repeated, without holding it in memory. */
  static final class RepeatingStream extends java.io.InputStream {
    private final byte value;
    private long left;

    RepeatingStream(byte value, long count) {
      this.value = value;
      this.left = count;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return value;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, value);
      left -= n;
      return n;
    }
  }
}
