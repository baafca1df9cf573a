package io.flowstore.bench;

import io.flowstore.internal.storage.JvmFlags;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code benchmarks.jar}: JMH's own command line, plus the Chronicle JVM flags
 * for every fork (they are defined once, in the build) and a summary of the ratios that the
 * issues set targets for.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IngestBenchmark      # JMH, any JMH option works
 * java -Xmx512m -jar benchmarks/target/benchmarks.jar heapcheck 10000000
 * java -jar benchmarks/target/benchmarks.jar storesize 10000000      # builds the cached store if needed
 * java -jar benchmarks/target/benchmarks.jar compare [--quick]       # flowstore against its peers: RESULTS.md
 * java -Xmx1g -jar benchmarks/target/benchmarks.jar soak [MINUTES] [EVENTS_PER_SECOND]  # the long reliability run
 * </pre>
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("storesize")) {
      long events = args.length > 1 ? Long.parseLong(args[1]) : IndexQueryBenchmark.EVENTS;
      System.out.println(BenchStores.sizes(BenchStores.flows(events, IndexQueryBenchmark.SEED), events));
      return;
    }
    if (args.length > 0 && args[0].equals("compare")) {
      io.flowstore.bench.peers.Compare.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("soak")) {
      Soak.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("heapcheck")) {
      HeapCheck.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).jvmArgsAppend(JvmFlags.flagArray());
    Collection<RunResult> results = new Runner(options.build()).run();
    printRatios(results);
  }

  /** Prints flowstore's ingest rate over the same run's token-scan rate, per workload. */
  static void printRatios(Collection<RunResult> results) {
    Map<String, Double> scores = new TreeMap<>();
    for (RunResult r : results) {
      Map<String, org.openjdk.jmh.results.Result> aux = r.getSecondaryResults();
      if (aux.containsKey("scanNanos") && aux.containsKey("ingestNanos") && aux.containsKey("events")) {
        double events = aux.get("events").getScore();
        double scan = aux.get("scanNanos").getScore();
        double ingest = aux.get("ingestNanos").getScore();
        System.out.printf("%npaired run: token scan %,.0f events/s, ingest %,.0f events/s, ingest / scan = %.2f%n",
            events / scan * 1e9, events / ingest * 1e9, scan / ingest);
        if (aux.containsKey("appendNanos")) {
          double append = aux.get("appendNanos").getScore();
          System.out.printf("storage limit: raw Chronicle append of the same records %,.0f events/s"
              + " (its time is %.2f of the scan's, %.2f of the ingest's)%n", events / append * 1e9, append / scan,
              append / ingest);
        }
      }
      if (aux.containsKey("indexedNanos") && aux.containsKey("unindexedNanos") && aux.containsKey("events")) {
        double events = aux.get("events").getScore();
        double on = aux.get("indexedNanos").getScore();
        double off = aux.get("unindexedNanos").getScore();
        System.out.printf("%npaired run: ingest without indexes %,.0f events/s, with indexes %,.0f events/s,"
            + " with / without = %.2f (target >= 0.80)%n", events / off * 1e9, events / on * 1e9, off / on);
      }
      String label = r.getParams().getBenchmark();
      label = label.substring(label.lastIndexOf('.') + 1);
      String params = r.getParams().getParamsKeys().isEmpty() ? "" : r.getParams().getParamsKeys().stream()
          .map(k -> k + "=" + r.getParams().getParam(k)).reduce((a, b) -> a + "," + b).orElse("");
      scores.put(label + (params.isEmpty() ? "" : "[" + params + "]"), r.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("flowstore ratios (same run):");
    scores.forEach((k, v) -> System.out.printf("  %-50s %,14.0f%n", k, v));
    Double scan = find(scores, "tokenScan");
    Double ingest = find(scores, "ingest");
    if (scan != null && ingest != null) {
      System.out.printf("  ingest / tokenScan = %.2f (target >= 0.70)%n", ingest / scan);
    }
  }

  private static Double find(Map<String, Double> scores, String prefix) {
    return scores.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }
}
