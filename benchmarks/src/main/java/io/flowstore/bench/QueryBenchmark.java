package io.flowstore.bench;

import io.flowstore.FlowStore;
import io.flowstore.query.Aggregation;
import io.flowstore.query.Flow;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
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

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The query engine on the 10 M-event benchmark store, one thread, through the public API
 * ({@link FlowSearcher}): an indexed count (subnet AND action AND direction; target 0.3 ms), a
 * filter on a field without an index (every row read and tested; target 30 M rows/s), top 10
 * destination addresses by bytes of egress traffic (target 50 ms), and, as the same-run
 * baseline, reading every record through {@code FlowStore.scan}.
 *
 * <p>Average time per call; 2 s iterations are enough for calls of micro- to milliseconds and
 * the long ones still get tens of samples. Setup prints each answer so a wrong plan shows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
public class QueryBenchmark {
  Path dir;
  long events = IndexQueryBenchmark.EVENTS;
  private FlowStore store;
  FlowSearcher searcher;
  Query indexedCount;
  Query scanFilter;
  Aggregation topTalkers;

  @Setup(Level.Trial)
  public void open() {
    if (dir == null) {
      dir = BenchStores.flows(events, IndexQueryBenchmark.SEED);
    }
    store = FlowStore.open(dir);
    searcher = FlowSearcher.of(store);
    List<Group> subnets = searcher.aggregate(Query.flows().groupBy(Flow.SUBNET_ID).top(1));
    String subnet = (String) subnets.get(0).keys().get(0);
    indexedCount = Query.where(Flow.SUBNET_ID.eq(subnet).and(Flow.ACTION.eq("REJECT")).and(Flow.DIRECTION.eq("INGRESS")));
    scanFilter = Query.where(Flow.TCP_FLAGS.eq(2));
    topTalkers = Query.where(Flow.DIRECTION.eq("EGRESS")).groupBy(Flow.DST_ADDR).sum(Flow.BYTES).top(10);
    System.out.println();
    System.out.printf("%s: %,d%n", indexedCount, countIndexed());
    System.out.printf("%s: %,d of %,d events%n", scanFilter, countNotIndexed(), store.count());
    System.out.printf("%s: %s%n", topTalkers, topDstAddrByBytes().get(0));
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  /** subnet AND action AND direction: answered from the segment rollups. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long countIndexed() {
    return searcher.count(indexedCount);
  }

  /** tcpFlags = 2: no index, so every event row is read and tested. */
  @Benchmark
  public long countNotIndexed() {
    return searcher.count(scanFilter);
  }

  /** Top 10 dstAddr by sum(bytes) where direction = EGRESS. */
  @Benchmark
  public List<Group> topDstAddrByBytes() {
    return searcher.aggregate(topTalkers);
  }

  /** Baseline: every record read and decoded through the store's plain scan. */
  @Benchmark
  public long readEveryRecord() {
    return store.scan(v -> true);
  }
}
