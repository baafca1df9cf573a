package io.flowstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every command end to end through the real shaded jar and the {@code ./flowstore} script, on
 * a temporary store, in a separate JVM per call as a user runs them. Runs in the verify phase,
 * after packaging. The tests share one working directory and go in order: the demo makes the
 * default store the later commands read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JarCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  static Path work;

  record Out(int code, String out, String err) {}

  @BeforeAll
  static void jarBuilt() {
    assumeTrue(Files.exists(ROOT.resolve("cli/target/flowstore.jar")), "the jar is built in the package phase");
  }

  static Out flowstore(String stdin, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("flowstore").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().remove("FLOWSTORE_HOME");
    pb.environment().putAll(env);
    File err = Files.createTempFile(work, "err", ".txt").toFile();
    pb.redirectError(err);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished: " + cmd).isTrue();
    String e = Files.readString(err.toPath());
    Files.delete(err.toPath());
    return new Out(p.exitValue(), out, e);
  }

  static Out flowstore(String... args) throws Exception {
    return flowstore("", Map.of(), args);
  }

  static Out ok(String... args) throws Exception {
    Out o = flowstore(args);
    assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isZero();
    assertThat(o.err()).doesNotContain("WARNING", "Exception", "\tat ");
    return o;
  }

  @Test
  @Order(1)
  void demoMakesTheDefaultStoreAndRunsTheExampleQueries() throws Exception {
    Out o = ok("demo", "--events", "20000");
    assertThat(o.out()).contains("Stored 20,000 events (0 quarantined)", "Store " + work.resolve("flowstore-data"),
        "$ ./flowstore count 'action = REJECT and dstPort in (22, 3389)'", "# top talkers by bytes sent",
        "$ ./flowstore top --by srcAddr --limit 5", "# top rejected destination ports", "# one subnet's traffic",
        "./flowstore report");
    assertThat(o.out()).containsPattern("srcAddr +flows +bytes +packets\n\\S+ +[0-9,]+ +[0-9.]+ (KiB|MiB) +[0-9,]+\n");
    assertThat(work.resolve("flowstore-data/flows")).isDirectory();
  }

  @Test
  @Order(2)
  void countCatQueryTopExplainVerifyReadTheDefaultStore() throws Exception {
    assertThat(ok("count").out()).isEqualTo("20000\n");
    assertThat(ok("cat").out().lines().count()).isEqualTo(20000);
    String rejects = ok("count", "action = REJECT").out().trim();
    assertThat(Long.parseLong(rejects)).isBetween(1000L, 3000L);
    Out table = ok("query", "--format", "table", "--limit", "3", "--order-by", "bytes:desc");
    assertThat(table.out().lines().toList()).hasSize(4);
    assertThat(table.out().lines().skip(1).toList()).allMatch(l -> l.matches(".* \\d+\\.\\d (KiB|MiB|GiB) .*")); // bytes in human units in a table
    Out json = ok("query", "--format", "json", "--limit", "3", "--order-by", "bytes:desc");
    JsonNode arr = JSON.readTree(json.out());
    assertThat(arr.size()).isEqualTo(3);
    assertThat(arr.get(0).get("details").get("bytes").asText()).matches("\\d+"); // plain digits outside tables
    Out top = ok("top", "--by", "dstPort", "--format", "json", "--limit", "3", "action = REJECT");
    JsonNode t = JSON.readTree(top.out());
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.get(0).get("bytes").isIntegralNumber()).isTrue();
    assertThat(ok("explain", "action = REJECT").out()).contains("matched: " + String.format("%,d", Long.parseLong(rejects)));
    assertThat(ok("verify").out()).contains("20,000 events", "consistent");
  }

  @Test
  @Order(3)
  void ingestTakesFilesDirectoriesAndStdinWithJsonSummaries() throws Exception {
    Path day = Files.createDirectories(work.resolve("bucket/trail/t1/2025/11/21"));
    ok("generate", "--events", "300", "--format", "array", "--out", day.resolve("a.json").toString());
    ok("generate", "--events", "200", "--gzip", "--seed", "7", "--out", day.resolve("b.json.gz").toString());
    Out dir = ok("ingest", "--store", "other", "--json", "bucket");
    assertThat(dir.out()).isEqualTo("{\"accepted\":500,\"flows\":500,\"audit\":0,\"quarantined\":0,\"errors\":[]}\n");
    Out stdin = flowstore("{\"details\":{\"bytes\":\"12\"},\"eventType\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\"}\n{\"cut",
        Map.of(), "ingest", "--store", "other", "-");
    assertThat(stdin.code()).isZero();
    assertThat(stdin.out()).startsWith("stdin: stored 1 events, quarantined 1\n  truncated input: ").contains("source=stdin, line=2");
    assertThat(stdin.err()).isEmpty(); // not a terminal: no progress line
    assertThat(ok("count", "--store", "other").out()).isEqualTo("501\n");
    Out home = flowstore("", Map.of("FLOWSTORE_HOME", work.resolve("other").toString()), "count");
    assertThat(home.out()).isEqualTo("501\n");
  }

  @Test
  @Order(4)
  void statsExportAndReportDescribeTheStore() throws Exception {
    Out stats = ok("stats");
    assertThat(stats.out()).contains("flows       20,000", "top action (flows):", "top direction (flows):",
        "top eventType (flows):").containsPattern("(KiB|MiB)");
    JsonNode s = JSON.readTree(ok("stats", "--json").out());
    assertThat(s.get("flows").get("events").asLong()).isEqualTo(20000);
    assertThat(s.get("flows").get("queueBytes").isIntegralNumber()).isTrue();

    Out export = ok("export", "--out", "rejected.ndjson.gz", "action = REJECT");
    assertThat(export.err()).startsWith("exported ").contains(" flow events to rejected.ndjson.gz (");
    long rejects = Long.parseLong(ok("count", "action = REJECT").out().trim());
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(work.resolve("rejected.ndjson.gz")))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count()).isEqualTo(rejects);
    }
    Out csv = ok("export", "--format", "csv", "direction = EGRESS and action = REJECT");
    assertThat(csv.out().lines().count()).isEqualTo(1 + Long.parseLong(ok("count", "direction = EGRESS and action = REJECT").out().trim()));

    Out report = ok("report", "--out", "report.html");
    assertThat(report.out()).startsWith("wrote report.html (").endsWith("): 20,000 flow events\n");
    assertThat(Files.readString(work.resolve("report.html"))).contains("<svg ", "Top talkers").doesNotContain("<script");
  }

  @Test
  @Order(5)
  void tailPrintsWhatAnotherProcessIngestsAsItArrives() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("flowstore").toString(), "tail", "--limit", "3",
        "action = REJECT").directory(work.toFile());
    pb.environment().remove("FLOWSTORE_HOME");
    Path err = work.resolve("tail-err.txt");
    pb.redirectError(err.toFile());
    Process tail = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(err).contains("Ctrl-C") && System.nanoTime() < deadline && tail.isAlive()) {
      Thread.sleep(50);
    }
    assertThat(Files.readString(err)).startsWith("tailing ").contains("for action = REJECT");
    ok("generate", "--events", "500", "--seed", "99", "--out", "more.ndjson");
    ok("ingest", "more.ndjson");
    String out = new String(tail.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tail.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tail.exitValue()).as(Files.readString(err)).isZero();
    assertThat(out.lines().toList()).hasSize(3).allMatch(l -> l.contains("\"action\":\"REJECT\""));
  }

  @Test
  @Order(6)
  void everyCommandHasHelpWithExamples() throws Exception {
    Out all = ok("--help");
    List<String> names = new ArrayList<>();
    for (String line : all.out().lines().toList()) {
      if (line.matches("  [a-z]+ +\\S.*")) {
        names.add(line.trim().split(" +")[0]);
      }
    }
    assertThat(names).contains("demo", "ingest", "cat", "count", "query", "top", "stats", "tail", "export", "report",
        "explain", "generate", "verify", "flowlogs");
    assertThat(all.out()).contains("Exit codes: 0 ok, 1 failed, 2 usage error");
    for (String name : names) {
      Out h = ok(name, "--help");
      assertThat(h.out()).as(name).contains("Usage: flowstore " + name, "Examples:");
    }
  }

  @Test
  @Order(7)
  void errorsAreOneLineWithDocumentedExitCodesAndDebugShowsTheStack() throws Exception {
    Out unknown = flowstore("frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("flowstore: unknown command: frobnicate (commands: ").hasLineCount(1);
    Out option = flowstore("count", "--nope");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).isEqualTo("flowstore count: unknown option: --nope\nTry 'flowstore count --help'.\n");
    Out syntax = flowstore("count", "action = = REJECT");
    assertThat(syntax.code()).isEqualTo(2);
    assertThat(syntax.err()).hasLineCount(1).doesNotContain("\tat ");
    Files.writeString(work.resolve("bad.ndjson"), "{\"details\":{\"bytes\":\"x\"}}\n");
    Out fail = flowstore("ingest", "--store", "failing", "--on-error", "fail", "bad.ndjson");
    assertThat(fail.code()).isEqualTo(1);
    assertThat(fail.err()).startsWith("flowstore ingest: ").hasLineCount(1);
    Files.writeString(work.resolve("not-a-store"), "x");
    Out broken = flowstore("count", "--store", "not-a-store");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err()).startsWith("flowstore count: ").hasLineCount(1);
    Out debug = flowstore("--debug", "count", "--store", "not-a-store");
    assertThat(debug.code()).isEqualTo(1);
    assertThat(debug.err()).contains("\tat io.flowstore.");
  }
}
