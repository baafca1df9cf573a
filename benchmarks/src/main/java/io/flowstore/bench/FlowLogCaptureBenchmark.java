package io.flowstore.bench;

import io.flowstore.FlowLog;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.query.Flow;
import io.flowstore.query.FlowLogCapture;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counting what a flow log captured against the indexed count of the same rule without the
 * flow log (the bar: "as cheap as an indexed count"). The store (built once per trial,
 * 2 M generated events in segments of 1 Mi rows) has a network flow log for reject traffic of
 * the generator's first subnet, switched off and on twice during the ingest (three epochs), and a vpc
 * flow log over three subnets. Setup checks each count against a pass over the matching events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class FlowLogCaptureBenchmark {
  int events = 2_000_000;
  private Path dir;
  private FlowStore store;
  private FlowSearcher searcher;
  private Query network;
  private Query vpc;
  private Query indexed;

  @Setup(Level.Trial)
  public void build() throws IOException {
    dir = Files.createTempDirectory("flowstore-capture");
    store = FlowStore.builder(dir).maxSegmentRows(1 << 20).open();
    FlowGenerator gen = FlowGenerator.builder().seed(31).build();
    List<String> subnets = gen.subnetIds();
    String busiest = subnets.get(0);
    FlowLog n = store.flowLogs().create(Map.of("resource_type", "network", "resource_id", busiest,
        "traffic_type", "reject", "log_group_id", "g", "log_topic_id", "t"));
    for (String s : subnets.subList(0, Math.min(3, subnets.size()))) {
      store.flowLogs().registerSubnet("vpc-1", s);
    }
    FlowLog v = store.flowLogs().create(Map.of("resource_type", "vpc", "resource_id", "vpc-1",
        "traffic_type", "all", "log_group_id", "g", "log_topic_id", "t"));
    int part = events / 5;
    for (int i = 0; i < 5; i++) {
      store.ingest(gen.ndjson(part), "part-" + i);
      if (i == 1 || i == 3) {
        store.flowLogs().update(n.id(), Map.of("admin_state", false));
      } else if (i == 2) {
        store.flowLogs().update(n.id(), Map.of("admin_state", true));
      }
    }
    store.flowLogs().update(n.id(), Map.of("admin_state", true));
    searcher = FlowSearcher.of(store);
    network = Query.where(FlowLogCapture.of(store, n.id()));
    vpc = Query.where(FlowLogCapture.of(store, v.id()));
    indexed = Query.where(Flow.SUBNET_ID.eq(busiest).and(Flow.ACTION.in("REJECT", "reject")));
    for (Query q : List.of(network, vpc, indexed)) {
      long[] scanned = {0};
      searcher.forEach(q, e -> {
        scanned[0]++;
        return true;
      });
      if (searcher.count(q) != scanned[0] || scanned[0] == 0) {
        throw new IllegalStateException("count disagrees with the events read: " + q);
      }
    }
    System.out.println("\ncaptured: network " + searcher.count(network) + ", vpc " + searcher.count(vpc)
        + "; the network rule without the flow log: " + searcher.count(indexed));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    Benchmarks.deleteTree(dir);
  }

  /** The network flow log's capture: three epochs of position ranges AND subnet AND action. */
  @Benchmark
  public long countNetworkCapture() {
    return searcher.count(network);
  }

  /** The vpc flow log's capture: one epoch, subnet IN three. */
  @Benchmark
  public long countVpcCapture() {
    return searcher.count(vpc);
  }

  /** The baseline: subnet AND action, indexed, no flow log. */
  @Benchmark
  public long countIndexedRule() {
    return searcher.count(indexed);
  }
}
