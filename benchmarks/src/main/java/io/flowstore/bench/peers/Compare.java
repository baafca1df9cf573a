package io.flowstore.bench.peers;

import io.flowstore.internal.storage.JvmFlags;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole peer comparison in one command: for each data size, the baselines, every engine's
 * ingest (1 and 2 threads) and Q1..Q7 (1 thread; DuckDB also with 2), all JMH runs of one
 * process, then {@code RESULTS.md}: the machine and date, a table per size with each engine's
 * ingest rate, bytes on disk and query times, flowstore's ratio to each peer, and each target
 * of the benchmarks issue with whether this run met it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar compare [--quick] [--events N,M] [--out FILE]
 * </pre>
 * The default is 1 M and 10 M events with the benchmarks' own JMH settings (an hour or more on
 * two cores, most of it building the 10 M stores of Lucene and SQLite); {@code --quick} is 20,000
 * events, one iteration, no fork (a minute; {@code mvn verify} runs it so the suite cannot rot).
 */
public final class Compare {
  private Compare() {}

  static final List<String> QUERIES = List.of("q1", "q2", "q3", "q4", "q5", "q6", "q7");
  static final String[] DESCRIPTIONS = {
    "count subnetId = S and action = REJECT and direction = INGRESS",
    "count action = REJECT and dstPort in (22, 3389)",
    "count srcAddr in 10.0.0.0/8 and bytes > 1000000",
    "top 10 dstAddr by sum(bytes) where direction = EGRESS",
    "the 100 newest events of subnet S with action = REJECT",
    "count eventTime in one hour and action = REJECT",
    "top 10 srcAddr/24 by sum(bytes)"};

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    List<Integer> sizes = null;
    Path out = Path.of("benchmarks", "RESULTS.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--events" -> {
          sizes = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            sizes.add(Integer.parseInt(s.replace("_", "")));
          }
        }
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("usage: compare [--quick] [--events N,M] [--out FILE]");
      }
    }
    if (sizes == null) {
      sizes = quick ? List.of(20_000) : List.of(1_000_000, 10_000_000);
    }
    run(quick, sizes, out);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** Runs the comparison and writes the report to {@code out}. */
  public static void run(boolean quick, List<Integer> sizes, Path out) throws Exception {
    StringBuilder md = new StringBuilder();
    md.append("# flowstore against its peers\n\n");
    md.append("Measured ").append(LocalDate.now(ZoneOffset.UTC)).append(" on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
        .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(quick ? "; **quick mode** (small data, one iteration, no fork: a smoke test, not a measurement)" : "")
        .append(".\nAll numbers of a table come from one run of `java -jar benchmarks/target/benchmarks.jar compare")
        .append(quick ? " --quick" : "").append("`; the machine is shared and noisy, so compare within a table.\n\n");
    md.append("Queries (S: the subnet with the most rejected ingress flows; the hour: the middle one of the data):\n\n");
    for (int q = 0; q < QUERIES.size(); q++) {
      md.append("- Q").append(q + 1).append(": ").append(DESCRIPTIONS[q]).append('\n');
    }
    md.append('\n');
    for (int events : sizes) {
      PeerWorkload w = PeerStores.workload(events);
      for (String e : PeerEngine.ALL) { // build the query stores before any timing
        PeerStores.open(e, w).close();
      }
      Map<String, Double> r = new LinkedHashMap<>();
      String n = Integer.toString(events);
      jmh(quick, "PeerBaselineBenchmark", Map.of("events", List.of(n)), r);
      jmh(quick, "PeerIngestBenchmark", Map.of("events", List.of(n), "threads", List.of("1"),
          "engine", PeerEngine.ALL), r);
      jmh(quick, "PeerIngestBenchmark", Map.of("events", List.of(n), "threads", List.of("2"),
          "engine", List.of("flowstore", "duckdb", "lucene")), r);
      if (!quick) { // pinning needs the platform's affinity calls: not in the build's smoke test
        jmh(quick, "PeerIngestBenchmark", Map.of("events", List.of(n), "threads", List.of("1"), "cores", List.of("1"),
            "engine", List.of("flowstore")), r);
      }
      jmh(quick, "PeerQueryBenchmark", Map.of("events", List.of(n), "threads", List.of("1"),
          "engine", PeerEngine.ALL), r);
      jmh(quick, "PeerQueryBenchmark", Map.of("events", List.of(n), "threads", List.of("2"),
          "engine", List.of("duckdb")), r);
      table(md, w, r);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
  }

  /** From this many events on, an ingest is measured once (see {@link #jmh}). */
  static final int BIG = 5_000_000;

  /** Runs the benchmarks of {@code benchmark} with {@code params}; adds "method engine threads[ coreN]" -> score. */
  private static void jmh(boolean quick, String benchmark, Map<String, List<String>> params, Map<String, Double> into)
      throws Exception {
    ChainedOptionsBuilder o = new OptionsBuilder().include(Compare.class.getPackageName() + "." + benchmark + "\\.")
        .jvmArgsAppend(JvmFlags.flagArray()).shouldFailOnError(true);
    params.forEach((k, v) -> o.param(k, v.toArray(new String[0])));
    if (quick) {
      o.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
    } else if (benchmark.equals("PeerIngestBenchmark") && params.get("events").stream()
        .anyMatch(e -> Integer.parseInt(e) >= BIG)) {
      // one ingest of millions of events warms the JIT in its first seconds; Lucene's and SQLite's
      // take minutes each, so a big size gets one measured ingest and no warm-up
      o.warmupIterations(0).measurementIterations(1);
    }
    Collection<RunResult> results = new Runner(o.build()).run();
    for (RunResult rr : results) {
      String label = rr.getParams().getBenchmark();
      String method = label.substring(label.lastIndexOf('.') + 1);
      String engine = rr.getParams().getParam("engine");
      String threads = rr.getParams().getParam("threads");
      String cores = rr.getParams().getParam("cores");
      into.put(method + (engine == null ? "" : " " + engine) + (threads == null ? "" : " " + threads)
          + (cores == null || cores.equals("0") ? "" : " core" + cores), rr.getPrimaryResult().getScore());
    }
  }

  private static void table(StringBuilder md, PeerWorkload w, Map<String, Double> r) throws Exception {
    double mb = Files.size(w.ndjson) / 1e6;
    md.append(String.format(Locale.ROOT, "## %,d events (%.0f MB of NDJSON)%n%n", w.events, mb));
    double scan = rate(w, r.get("tokenScan"));
    double raw = rate(w, r.get("rawAppend"));
    md.append(String.format(Locale.ROOT, "Baselines: a bare jackson-core token scan of the file %s events/s; a raw"
        + " Chronicle append of flowstore's records %s events/s. flowstore's 1-thread ingest is %.2f of the scan.%n%n",
        num(scan), num(raw), rate(w, r.get("ingest flowstore 1")) / scan));
    double oneCore = rate(w, r.get("ingest flowstore 1 core1"));
    if (!Double.isNaN(oneCore)) {
      md.append(String.format(Locale.ROOT, "flowstore's ingest with every thread it starts pinned to one core: %s"
          + " events/s (1 thread: %.2f× that, 2 threads: %.2f×). Its 1-thread ingest already runs on two cores:"
          + " the parsing thread and the stream's writer thread, which appends and indexes.%n%n", num(oneCore),
          rate(w, r.get("ingest flowstore 1")) / oneCore, rate(w, r.get("ingest flowstore 2")) / oneCore));
    }
    md.append("| engine | ingest, 1 thread (events/s) | ingest, 2 threads (events/s) | on disk (bytes/event) |");
    for (int q = 1; q <= 7; q++) {
      md.append(" Q").append(q).append(" (µs) |");
    }
    md.append("\n|---|---|---|---|");
    md.append("---|".repeat(7)).append('\n');
    List<String> rows = new ArrayList<>(PeerEngine.ALL);
    rows.add(2, "duckdb, 2 query threads");
    for (String row : rows) {
      boolean duck2 = row.startsWith("duckdb,");
      String e = duck2 ? "duckdb" : row;
      String t = duck2 ? "2" : "1";
      md.append("| ").append(row).append(" | ");
      md.append(duck2 ? "" : num(rate(w, r.get("ingest " + e + " 1")))).append(" | ");
      md.append(duck2 ? "" : r.containsKey("ingest " + e + " 2") ? num(rate(w, r.get("ingest " + e + " 2"))) : "one writer")
          .append(" | ");
      md.append(duck2 ? "" : String.format(Locale.ROOT, "%.1f", PeerStores.bytes(e, w) / (double) w.events)).append(" |");
      for (String q : QUERIES) {
        md.append(' ').append(micros(r.get(q + " " + e + " " + t))).append(" |");
      }
      md.append('\n');
    }
    md.append("\nflowstore's advantage (peer's time over flowstore's; above 1: flowstore is faster; size: peer's"
        + " bytes over flowstore's):\n\n| peer | ingest, 1 thread | ingest, 2 threads | size |");
    for (int q = 1; q <= 7; q++) {
      md.append(" Q").append(q).append(" |");
    }
    md.append("\n|---|---|---|---|").append("---|".repeat(7)).append('\n');
    for (String row : rows) {
      if (row.equals("flowstore")) {
        continue;
      }
      boolean duck2 = row.startsWith("duckdb,");
      String e = duck2 ? "duckdb" : row;
      md.append("| ").append(row).append(" | ");
      md.append(duck2 ? "" : x(r.get("ingest " + e + " 1") / r.get("ingest flowstore 1"))).append(" | ");
      md.append(duck2 || !r.containsKey("ingest " + e + " 2") ? ""
          : x(r.get("ingest " + e + " 2") / r.get("ingest flowstore 2"))).append(" | ");
      md.append(duck2 ? "" : x(PeerStores.bytes(e, w) / (double) PeerStores.bytes("flowstore", w))).append(" |");
      for (String q : QUERIES) {
        md.append(' ').append(x(r.get(q + " " + e + " " + (duck2 ? "2" : "1")) / r.get(q + " flowstore 1"))).append(" |");
      }
      md.append('\n');
    }
    md.append("\nTargets:\n\n");
    target(md, "ingest (1 thread) at least as fast as DuckDB read_json with 1 thread",
        r.get("ingest duckdb 1") / r.get("ingest flowstore 1"), 1);
    target(md, "ingest (1 thread) at least 5 times Lucene", r.get("ingest lucene 1") / r.get("ingest flowstore 1"), 5);
    target(md, "ingest (1 thread) at least 5 times SQLite", r.get("ingest sqlite 1") / r.get("ingest flowstore 1"), 5);
    target(md, "ingest (2 threads) at least as fast as DuckDB with 2 threads",
        r.get("ingest duckdb 2") / r.get("ingest flowstore 2"), 1);
    target(md, "2 threads ingest at least 1.6 times as fast as 1 thread",
        r.get("ingest flowstore 1") / r.get("ingest flowstore 2"), 1.6);
    if (r.containsKey("ingest flowstore 1 core1")) {
      target(md, "(the same per core: 2 threads on both cores at least 1.6 times the ingest on one core)",
          r.get("ingest flowstore 1 core1") / r.get("ingest flowstore 2"), 1.6);
    }
    for (String q : List.of("q1", "q2", "q6")) {
      target(md, q.toUpperCase(Locale.ROOT) + " at least 10 times faster than DuckDB",
          r.get(q + " duckdb 1") / r.get(q + " flowstore 1"), 10);
      target(md, q.toUpperCase(Locale.ROOT) + " faster than Lucene", r.get(q + " lucene 1") / r.get(q + " flowstore 1"), 1);
    }
    for (String q : List.of("q3", "q5")) {
      target(md, q.toUpperCase(Locale.ROOT) + " faster than DuckDB", r.get(q + " duckdb 1") / r.get(q + " flowstore 1"), 1);
      target(md, q.toUpperCase(Locale.ROOT) + " faster than Lucene", r.get(q + " lucene 1") / r.get(q + " flowstore 1"), 1);
    }
    for (String q : List.of("q4", "q7")) {
      target(md, q.toUpperCase(Locale.ROOT) + " no slower than DuckDB with 1 thread",
          r.get(q + " duckdb 1") / r.get(q + " flowstore 1"), 1);
    }
    double perEvent = PeerStores.bytes("flowstore", w) / (double) w.events;
    md.append(String.format(Locale.ROOT, "- flowstore at most 128 bytes per event on disk: %.1f: %s%n%n", perEvent,
        perEvent <= 128 ? "met" : "**not met**"));
  }

  private static void target(StringBuilder md, String what, double ratio, double wanted) {
    md.append(String.format(Locale.ROOT, "- %s: %s: %s%n", what, x(ratio), ratio >= wanted ? "met" : "**not met**"));
  }

  /** Events per second of a single-shot time in ms. */
  private static double rate(PeerWorkload w, Double ms) {
    return ms == null ? Double.NaN : w.events / (ms / 1000);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String micros(Double us) {
    if (us == null) {
      return "";
    }
    return us >= 100 ? String.format(Locale.ROOT, "%,.0f", us) : String.format(Locale.ROOT, "%.1f", us);
  }

  private static String x(double ratio) {
    return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f×", ratio);
  }
}
