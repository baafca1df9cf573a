package io.flowstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowstore.FlowStore;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest of directories, stats, export, tail and report, in-process. */
class ToolCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path store() {
    return dir.resolve("s");
  }

  private void ingest(byte[] data) {
    try (FlowStore s = FlowStore.open(store())) {
      s.ingest(data, "test");
    }
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void shouldIngestADirectoryTreeAsABucketIsLaidOut() throws Exception {
    Path day = Files.createDirectories(dir.resolve("bucket/trail/abc/2025/11/21"));
    Path other = Files.createDirectories(dir.resolve("bucket/trail/abc/2025/11/22"));
    Files.write(day.resolve("041238068.json"), FlowGenerator.builder().seed(1).build().jsonArray(30));
    Files.write(day.resolve("041239001.json.gz"), gzip(FlowGenerator.builder().seed(2).build().jsonArray(20)));
    Files.write(other.resolve("flows.ndjson"), FlowGenerator.builder().seed(3).build().ndjson(10));
    Files.writeString(other.resolve("notes.txt"), "not events");
    Files.writeString(other.resolve(".partial.json"), "{\"half\":");
    Run r = Run.of(dir, "ingest", "--store", "s", "bucket");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(
        "bucket/trail/abc/2025/11/21/041238068.json: stored 30 events, quarantined 0\n"
        + "bucket/trail/abc/2025/11/21/041239001.json.gz: stored 20 events, quarantined 0\n"
        + "bucket/trail/abc/2025/11/22/flows.ndjson: stored 10 events, quarantined 0\n"
        + "total: 3 files, stored 60 events, quarantined 0\n");
    assertThat(r.err()).isEmpty(); // not a terminal: no progress line
    assertThat(Run.of(dir, "count", "--store", "s").out()).isEqualTo("60\n");
  }

  @Test
  void shouldRefuseMissingInputsAndEmptyDirectoriesInOneLine() throws Exception {
    Files.createDirectories(dir.resolve("empty/sub"));
    Run r = Run.of(dir, "ingest", "--store", "s", "empty");
    assertThat(r.code()).isEqualTo(Main.FAILED);
    assertThat(r.err()).isEqualTo("flowstore ingest: no *.json, *.json.gz, *.ndjson, *.ndjson.gz, *.jsonl or *.jsonl.gz files under empty\n");
    r = Run.of(dir, "ingest", "--store", "s", "nope.json");
    assertThat(r.code()).isEqualTo(Main.FAILED);
    assertThat(r.err()).isEqualTo("flowstore ingest: no such file or directory: nope.json\n");
    assertThat(Run.of(dir, "ingest", "--progress", "--quiet", "x").code()).isEqualTo(Main.USAGE);
  }

  @Test
  void shouldDrawTheProgressLineWithCountsShareAndEta() throws Exception {
    Files.write(dir.resolve("a.ndjson"), FlowGenerator.builder().seed(5).build().ndjson(100));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (FlowStore s = FlowStore.open(store());
        Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), s, 2, Files.size(dir.resolve("a.ndjson")) * 2)) {
      assertThat(p.line()).matches("ingest: 0/2 files, 0 events, 0 events/s, 0 quarantined, 0% of [0-9.]+ KiB");
      s.ingest(dir.resolve("a.ndjson"), io.flowstore.IngestOptions.DEFAULT.withProgress(p.counter()));
      p.fileDone();
      s.ingest("{\"bad\":".getBytes(StandardCharsets.UTF_8), "bad");
      assertThat(p.line()).matches("ingest: 1/2 files, 101 events, [0-9,]+ events/s, 1 quarantined, 50% of [0-9.]+ KiB, ETA 0:\\d\\d");
    }
    assertThat(Progress.clock(3725)).isEqualTo("1:02:05");
    assertThat(Progress.clock(65)).isEqualTo("1:05");
  }

  @Test
  void shouldShowTheProgressLineWhenAskedAndEraseIt() throws Exception {
    Files.write(dir.resolve("big.ndjson"), FlowGenerator.builder().seed(6).build().ndjson(30_000));
    Run r = Run.of(dir, "ingest", "--store", "s", "--progress", "big.ndjson");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("big.ndjson: stored 30,000 events, quarantined 0\n");
    // the line is redrawn in place and erased, so the summary stands alone; a fast ingest may finish before it shows
    if (!r.err().isEmpty()) {
      assertThat(r.err()).startsWith("\ringest: 0/1 file, ").endsWith("\r").doesNotContain("\n");
    }
  }

  @Test
  void shouldPrintStatsPerStreamAsTableAndJson() throws Exception {
    ingest(FlowGenerator.builder().seed(7).build().ndjson(2000));
    ingest(AuditGenerator.builder().seed(7).build().ndjson(40));
    ingest("{\"eventType\":\"x.Unknown\",\"eventId\":\"1\"}\n{\"broken\":".getBytes(StandardCharsets.UTF_8));
    Run t = Run.of(dir, "stats", "--store", "s");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("stream      events", "flows        2,000", "audit           40", "quarantine       2",
        "top action (flows):", "top direction (flows):", "top eventType (audit):", "top reason (quarantine):",
        "unsupported event type");
    assertThat(t.out()).containsPattern("flows +2,000 +20\\d\\d-\\d\\d-\\d\\dT[^ ]+Z +20\\d\\d-[^ ]+Z +1 +[0-9.]+ (KiB|MiB)");
    Run j = Run.of(dir, "stats", "--store", "s", "--json");
    JsonNode n = JSON.readTree(j.out());
    assertThat(n.get("flows").get("events").asLong()).isEqualTo(2000);
    assertThat(n.get("flows").get("queueBytes").asLong()).isPositive();
    assertThat(n.get("flows").get("indexBytes").asLong()).isPositive();
    assertThat(n.get("flows").get("segments").asInt()).isEqualTo(1);
    long rejects = 0;
    try (FlowStore s = FlowStore.builder(store()).readOnly(true).open()) {
      rejects = FlowSearcher.of(s).count(Query.parse("action = REJECT"));
    }
    JsonNode actions = n.get("flows").get("top").get("action");
    long sum = 0;
    for (JsonNode a : actions) {
      sum += a.get("events").asLong();
      if (a.get("key").asText().equals("REJECT")) {
        assertThat(a.get("events").asLong()).isEqualTo(rejects);
      }
    }
    assertThat(sum).isEqualTo(2000);
    assertThat(n.get("flows").get("firstEventTime").asText()).isLessThan(n.get("flows").get("lastEventTime").asText());
    assertThat(n.get("audit").get("events").asLong()).isEqualTo(40);
    assertThat(n.get("quarantine").get("events").asLong()).isEqualTo(2);
    assertThat(n.get("diskBytes").asLong()).isGreaterThanOrEqualTo(n.get("flows").get("queueBytes").asLong());
  }

  @Test
  void shouldExportWhatMatchesInEveryFormatStreaming() throws Exception {
    ingest(FlowGenerator.builder().seed(8).build().ndjson(3000));
    long rejects;
    try (FlowStore s = FlowStore.builder(store()).readOnly(true).open()) {
      rejects = FlowSearcher.of(s).count(Query.parse("action = REJECT"));
    }
    assertThat(rejects).isBetween(100L, 600L);
    Run nd = Run.of(dir, "export", "--store", "s", "action", "=", "REJECT");
    assertThat(nd.code()).as(nd.err()).isZero();
    assertThat(nd.out().lines()).hasSize((int) rejects).allMatch(l -> l.contains("\"action\":\"REJECT\""));
    assertThat(nd.err()).isEqualTo("exported " + Cli.number(rejects) + " flow events\n");

    Run csv = Run.of(dir, "export", "--store", "s", "--format", "csv", "--out", "r.csv", "action = REJECT");
    assertThat(csv.code()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("r.csv"));
    assertThat(lines.get(0)).startsWith("eventId,eventSource,eventType,eventTime,");
    assertThat(lines).hasSize((int) rejects + 1);
    assertThat(csv.err()).startsWith("exported " + Cli.number(rejects) + " flow events to r.csv (");
    assertThat(dir.resolve("r.csv.partial")).doesNotExist();

    Run js = Run.of(dir, "export", "--store", "s", "--format", "json", "--gzip", "--out", "all.json.gz");
    assertThat(js.code()).isZero();
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("all.json.gz")))) {
      JsonNode arr = JSON.readTree(in);
      assertThat(arr.isArray()).isTrue();
      assertThat(arr.size()).isEqualTo(3000);
    }
    // what was exported ingests back to the same events
    Run back = Run.of(dir, "ingest", "--store", "t", "all.json.gz");
    assertThat(back.out()).contains("stored 3,000 events, quarantined 0");
    assertThat(Run.of(dir, "cat", "--store", "t").out()).isEqualTo(Run.of(dir, "cat", "--store", "s").out());
  }

  @Test
  void shouldExportAuditEventsAndRefuseBadFormats() throws Exception {
    byte[] audit = AuditGenerator.builder().seed(9).build().ndjson(25);
    ingest(audit);
    Run r = Run.of(dir, "export", "--store", "s", "--stream", "audit");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(new String(audit, StandardCharsets.UTF_8));
    Run csv = Run.of(dir, "export", "--store", "s", "--stream", "audit", "--format", "csv");
    assertThat(csv.out().lines()).hasSize(26).first().isEqualTo("eventTime,eventType,status,subjectName,subjectId,remoteAddress,resourceIds");
    Run bad = Run.of(dir, "export", "--store", "s", "--format", "xml");
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).startsWith("flowstore export: option --format must be one of ndjson|csv|json: value=xml\n");
  }

  @Test
  void shouldTailEventsIngestedAfterItStartedOnly() throws Exception {
    ingest(FlowGenerator.builder().seed(10).build().ndjson(500));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new java.io.ByteArrayInputStream(new byte[0]), Map.of(), dir);
    CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(() -> main.run(new String[] {"tail", "--store", "s",
      "--limit", "5", "--format", "line", "action = REJECT"}));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!err.toString(StandardCharsets.UTF_8).contains("Ctrl-C") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("tailing ").contains("for action = REJECT");
    assertThat(out.size()).isZero(); // nothing from before
    ingest(FlowGenerator.builder().seed(11).build().ndjson(2000)); // many more than 5 rejects
    assertThat(tail.get(30, TimeUnit.SECONDS)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(5).allMatch(l -> l.matches("20\\d\\d-\\S+Z REJECT (INGRESS|EGRESS) proto \\S+ \\S+:\\S+ -> \\S+:\\S+ \\S+ pkts .+"));
  }

  @Test
  void shouldWriteASelfContainedReport() throws Exception {
    String hostile = "{\"event_type\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\",\"event_time\":\"2025-11-21T10:00:00Z\","
            + "\"details\":{\"action\":\"REJECT\",\"direction\":\"INGRESS\",\"subnet_id\":\"<script>alert(1)</script>\","
            + "\"dst_port\":\"22\",\"bytes\":\"999999999999\",\"packets\":\"1\",\"src_addr\":\"10.0.0.1\"}}\n";
    ingest((new String(FlowGenerator.builder().seed(12).build().ndjson(3000), StandardCharsets.UTF_8) + hostile
        + "{\"truncated\":").getBytes(StandardCharsets.UTF_8));
    Run r = Run.of(dir, "report", "--store", "s", "--out", "r.html");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).matches("wrote r.html \\([0-9.]+ KiB\\): 3,001 flow events\n");
    String html = Files.readString(dir.resolve("r.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>flowstore report</title>", "Traffic over time",
        "Top talkers", "Top rejected destination ports", "Traffic per subnet and direction", "Quarantine (1 events)",
        "3,001", "&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).doesNotContain("<script", "http://", "https://", "<link", "@import", "url(");
    assertThat(html.split("<svg ", -1)).hasSize(1 + 6); // bytes, flows, talkers, ports, subnets, quarantine
    for (String tag : List.of("svg", "section", "table", "details", "text", "title")) {
      assertThat(html.split("<" + tag + "[ >]", -1).length).as(tag).isEqualTo(html.split("</" + tag + ">", -1).length);
    }
    // a filter narrows every chart
    Run f = Run.of(dir, "report", "--store", "s", "--out", "-", "direction = EGRESS");
    assertThat(f.out()).contains("<code>direction = EGRESS</code>").doesNotContain("INGRESS bytes");
  }

  @Test
  void shouldCutTimeIntoAtMostSixtyRoundBuckets() {
    assertThat(ReportCommand.bucket(java.time.Duration.ofSeconds(29))).hasSeconds(1);
    assertThat(ReportCommand.bucket(java.time.Duration.ofMinutes(5))).hasSeconds(10);
    assertThat(ReportCommand.bucket(java.time.Duration.ofHours(24))).hasMinutes(30);
    assertThat(ReportCommand.bucket(java.time.Duration.ofDays(29))).hasHours(12);
    assertThat(ReportCommand.bucket(java.time.Duration.ofDays(30))).hasDays(1);
    assertThat(ReportCommand.bucket(java.time.Duration.ZERO)).hasSeconds(1);
    assertThat(Svg.niceCeiling(7)).isEqualTo(10);
    assertThat(Svg.niceCeiling(1234)).isEqualTo(2000);
    assertThat(Svg.niceCeiling(5000)).isEqualTo(5000);
    assertThat(Svg.binaryCeiling(21L << 20)).isEqualTo(32L << 20);
    assertThat(Html.escape("<a href=\"x\">'&'</a>\u0001")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }
}
