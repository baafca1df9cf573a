package io.flowstore.cli;

import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The flowstore command, run in-process with its streams captured. */
class CliTest {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  Run run(String stdin, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, dir).run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run run(String... args) {
    return run("", Map.of(), args);
  }

  @Test
  void shouldIngestFilesAndReportJson() throws Exception {
    Files.write(dir.resolve("a.json"), FlowGenerator.builder().seed(1).build().jsonArray(300));
    Files.write(dir.resolve("b.ndjson"), FlowGenerator.builder().seed(2).build().ndjson(200));
    Run r = run("ingest", "--store", "s", "--json", "a.json", "b.ndjson");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("{\"accepted\":500,\"flows\":500,\"audit\":0,\"quarantined\":0,\"errors\":[]}\n");
    assertThat(run("count", "--store", "s").out()).isEqualTo("500\n");
  }

  @Test
  void shouldStoreAuditEventsBesideFlowsAndCatThemAsWritten() throws Exception {
    byte[] audit = io.flowstore.gen.AuditGenerator.builder().seed(4).build().ndjson(30);
    Files.write(dir.resolve("mixed.ndjson"), (new String(FlowGenerator.builder().seed(4).build().ndjson(20),
        StandardCharsets.UTF_8) + new String(audit, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    Run r = run("ingest", "--store", "s", "mixed.ndjson");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("mixed.ndjson: stored 50 events (20 flow, 30 audit), quarantined 0\n");
    assertThat(run("count", "--store", "s").out()).isEqualTo("20\n");
    // the generator writes compact JSON, so what comes back is byte for byte what went in
    assertThat(run("cat", "--store", "s", "--stream", "audit").out()).isEqualTo(new String(audit, StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadStdinAndQuarantineWithExitZero() {
    String input = new String(FlowGenerator.builder().seed(3).build().ndjson(5), StandardCharsets.UTF_8)
        + "{\"event_type\":\"yandex.cloud.audit.iam.CreateKey\"}\n";
    Run r = run(input, Map.of(), "ingest", "--store", "s", "--json", "-");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("{\"accepted\":5,\"flows\":5,\"audit\":0,\"quarantined\":1,\"errors\":[{\"source\":\"stdin\",\"line\":6,");
    Run q = run("cat", "--store", "s", "--stream", "quarantine");
    assertThat(q.out().lines()).singleElement().satisfies(l -> assertThat(l)
        .contains("\"reason\":\"missing field: event_time\"")
        .contains("\"raw\":\"{\\\"event_type\\\":\\\"yandex.cloud.audit.iam.CreateKey\\\"}\""));
  }

  @Test
  void shouldExitOneWhenFailFastStops() {
    String input = new String(FlowGenerator.builder().seed(3).build().ndjson(2), StandardCharsets.UTF_8)
        + "{\"event_type\":\"x\"}\n";
    Run r = run(input, Map.of(), "ingest", "--store", "s", "--on-error", "fail", "--json", "-");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("{\"accepted\":2,\"flows\":2,\"audit\":0,\"quarantined\":0,\"errors\":[{\"source\":\"stdin\",\"line\":3");
    assertThat(r.err()).isEqualTo("flowstore ingest: ingest stopped at a bad event: unsupported event type: eventType=x "
        + "(source=stdin, line=3, column=1, offset=" + (input.length() - 19) + ", event=3, field=eventType)\n");
    assertThat(run("count", "--store", "s").out()).isEqualTo("2\n");
  }

  @Test
  void shouldExitTwoOnUsageErrors() {
    assertThat(run("ingest", "--store", "s").code()).isEqualTo(2);
    Run bad = run("ingest", "--on-error", "maybe", "x.json");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("flowstore ingest: option --on-error must be one of skip|fail: value=maybe\n"
        + "Try 'flowstore ingest --help'.\n");
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run().code()).isEqualTo(2);
    assertThat(run("cat", "--stream", "audits").code()).isEqualTo(2);
  }

  @Test
  void shouldCatTheCanonicalShape() {
    String event = "{\"event_id\":\"e1\",\"event_type\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\","
        + "\"event_time\":\"2025-11-21T03:00:00.120+03:00\",\"details\":{\"bytes\":1200,\"src_addr\":\"10.0.0.1\","
        + "\"tcp_flags\":\"27\"}}";
    run(event, Map.of(), "ingest", "--store", "s", "-");
    assertThat(run("cat", "--store", "s").out()).isEqualTo("{\"eventId\":\"e1\","
        + "\"eventType\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\",\"eventTime\":\"2025-11-21T00:00:00.120Z\","
        + "\"details\":{\"srcAddr\":\"10.0.0.1\",\"bytes\":\"1200\",\"tcpFlags\":\"0x1b\"}}\n");
  }

  @Test
  void shouldUseFlowstoreHomeThenTheDefaultDirectory() {
    run(new String(FlowGenerator.builder().seed(1).build().ndjson(3), StandardCharsets.UTF_8),
        Map.of("FLOWSTORE_HOME", "home-store"), "ingest", "-");
    assertThat(Files.isDirectory(dir.resolve("home-store/flows"))).isTrue();
    run(new String(FlowGenerator.builder().seed(1).build().ndjson(4), StandardCharsets.UTF_8), Map.of(), "ingest", "-");
    assertThat(run("count").out()).isEqualTo("4\n");
    assertThat(run("", Map.of("FLOWSTORE_HOME", "home-store"), "count").out()).isEqualTo("3\n");
  }

  @Test
  void shouldRunTheDemoIntoTheDefaultStore() {
    Run r = run("demo", "--events", "2000");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Stored 2,000 events (0 quarantined)", "By kind:", "First events (canonical JSON):");
    assertThat(run("count").out()).isEqualTo("2000\n");
  }

  @Test
  void shouldIngestALargeDemoInBatchesAndShowCommandLinesForItsStore() {
    Run r = run("demo", "--events", "150000", "--store", "big");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Stored 150,000 events (0 quarantined)", "$ ./flowstore top --store big ");
    assertThat(r.out().lines().filter(l -> l.startsWith("$ ./flowstore "))).allMatch(l -> l.contains("--store big"));
    assertThat(run("count", "--store", "big").out()).isEqualTo("150000\n");
  }

  @Test
  void shouldTellWhetherStandardErrorIsATerminal() {
    // under the build, stderr is a pipe or a file, never a terminal
    assertThat(Main.stderrIsTerminal()).isFalse();
  }

  @Test
  void shouldGenerateWhatIngestAccepts() throws Exception {
    assertThat(run("generate", "--events", "25000", "--format", "array", "--gzip", "--out", "g.json.gz").code()).isZero();
    assertThat(run("generate", "--events", "100", "--edge-cases", "--out", "e.ndjson").code()).isZero();
    Run r = run("ingest", "--store", "s", "--json", "g.json.gz", "e.ndjson");
    assertThat(r.out()).isEqualTo("{\"accepted\":25100,\"flows\":25100,\"audit\":0,\"quarantined\":0,\"errors\":[]}\n");
  }

  /** Every command's help fits a terminal of 100 columns. */
  @Test
  void shouldKeepEveryHelpWithinOneHundredColumns() {
    for (String c : new String[] {"demo", "ingest", "cat", "count", "query", "top", "stats", "tail", "export", "report",
      "explain", "generate", "verify", "flowlogs"}) {
      Run r = run(c, "--help");
      assertThat(r.code()).as(c).isZero();
      assertThat(r.out().lines()).as("flowstore %s --help", c).isNotEmpty().allSatisfy(
          line -> assertThat(line.length()).as("%s: %s", c, line).isLessThanOrEqualTo(100));
    }
    assertThat(run("--help").out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void shouldHelpWithExamples() {
    for (String c : new String[] {"ingest", "cat", "count", "demo", "generate", "verify"}) {
      Run r = run(c, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith("Usage: flowstore " + c).contains("Example");
    }
  }

  @Test
  void shouldVerifyAndExitOneOnAnInconsistentIndex() throws Exception {
    run(new String(FlowGenerator.builder().seed(1).build().ndjson(3000), StandardCharsets.UTF_8), Map.of(),
        "ingest", "--store", "s", "-");
    Run ok = run("verify", "--store", "s");
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).matches("verified 1 segments, [0-9,]+ rows, 3,000 events in [0-9.]+ s: consistent\\n");
    // a checkpoint whose event bitmap was changed, checksum fixed up: it loads, verify notices
    java.nio.file.Path cp;
    try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(dir.resolve("s/index/flows"))) {
      cp = files.filter(p -> p.toString().endsWith(".fsck")).findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(cp);
    int types = io.flowstore.internal.codec.LE.getInt(b, 104);
    int positions = io.flowstore.internal.codec.LE.getInt(b, 108);
    int firstSection = ((112 + 4 * types + 7) & ~7) + 8 * positions;
    // the first section is the event bitmap; its last four bytes hold the last run (or the last two
    // rows): moving that row by one changes which rows below the row count are events. (A change
    // above the row count would be invisible: an open segment shows only the rows it counts.)
    b[firstSection + 16 + (int) io.flowstore.internal.codec.LE.getLong(b, firstSection + 8) - 4] ^= 1;
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b, 0, b.length - 4);
    io.flowstore.internal.codec.LE.putInt(b, b.length - 4, (int) crc.getValue());
    Files.write(cp, b);
    Run bad = run("verify", "--store", "s");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("problem: segment ").contains(" problems\n");
  }

  @Test
  void shouldSayWhatIsWrongInOneLine() {
    Run r = run("count", "--store", "missing");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("flowstore count: no store at this path: path=" + dir.resolve("missing") + "\n");
  }
}
