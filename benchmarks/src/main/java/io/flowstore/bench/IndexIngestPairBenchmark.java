package io.flowstore.bench;

import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import org.openjdk.jmh.annotations.AuxCounters;
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
import java.util.concurrent.TimeUnit;

/**
 * What the indexes cost at ingest: each invocation ingests the same 100,000 events into a store
 * with indexes and into one without ({@code indexes(false)}), in alternating order, and the
 * counters sum the time of each. {@code unindexedNanos / indexedNanos} is the indexed ingest
 * rate as a fraction of the unindexed one, under the same machine conditions (target: at least
 * 0.80).
 *
 * <p>The two stores live for the whole fork, so they grow past the default segment size (4 Mi
 * rows) and the cost of sealing segments in the background (range indexes, file writes) is in
 * the measurement, as it is in a long-running ingest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 4)
@Measurement(iterations = 10, time = 4)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g"})
public class IndexIngestPairBenchmark {
  int events = IngestBenchmark.EVENTS;
  byte[] ndjson;
  private Path dir;
  private FlowStore indexed;
  private FlowStore unindexed;
  private boolean indexedFirst;

  /** Time spent in each store, summed per iteration; JMH reports the sums. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Times {
    public long indexedNanos;
    public long unindexedNanos;
    public long events;

    @Setup(Level.Iteration)
    public void clear() {
      indexedNanos = 0;
      unindexedNanos = 0;
      events = 0;
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    ndjson = FlowGenerator.builder().seed(2025).build().ndjson(events);
    openForTest(Files.createTempDirectory("flowstore-bench"));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    closeForTest();
    Benchmarks.deleteTree(dir);
  }

  @Benchmark
  public long ingestBoth(Times times) {
    indexedFirst = !indexedFirst;
    long n = 0;
    for (int i = 0; i < 2; i++) {
      boolean withIndexes = indexedFirst == (i == 0);
      long t0 = System.nanoTime();
      IngestResult r = (withIndexes ? indexed : unindexed).ingest(ndjson, "bench");
      long t = System.nanoTime() - t0;
      if (r.accepted() != events) {
        throw new IllegalStateException("ingest lost events: accepted=" + r.accepted());
      }
      if (withIndexes) {
        times.indexedNanos += t;
      } else {
        times.unindexedNanos += t;
      }
      n += r.accepted();
    }
    times.events += events;
    return n;
  }

  void openForTest(Path dir) {
    this.dir = dir;
    indexed = FlowStore.builder(dir.resolve("indexed")).indexes(true).open();
    unindexed = FlowStore.builder(dir.resolve("unindexed")).indexes(false).open();
  }

  void closeForTest() {
    indexed.close();
    unindexed.close();
  }
}
