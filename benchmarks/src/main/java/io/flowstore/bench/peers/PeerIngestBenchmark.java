package io.flowstore.bench.peers;

import io.flowstore.bench.Benchmarks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ingest of the workload's NDJSON file by each engine into a fresh directory, with 1 or 2
 * threads: one whole ingest per iteration (single-shot: an ingest of 1 M events takes seconds,
 * so JMH's per-invocation overhead is nothing beside it; the first iteration warms the JIT and
 * the page cache). The returned count is checked against the workload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PeerIngestBenchmark {
  @Param({"flowstore", "duckdb", "lucene", "sqlite"})
  public String engine;

  @Param({"1"})
  public int threads;

  @Param({"1000000"})
  public int events;

  private PeerWorkload w;
  private Path dir;
  private PeerEngine e;

  @Setup(Level.Trial)
  public void workload() throws Exception {
    w = PeerStores.workload(events);
  }

  @Setup(Level.Iteration)
  public void fresh() throws Exception {
    dir = Files.createTempDirectory("flowstore-peer-" + engine);
    e = PeerEngine.open(engine, dir);
  }

  @Benchmark
  public long ingest() throws Exception {
    long n = e.ingest(w, threads);
    if (n != events) {
      throw new IllegalStateException(engine + " stored " + n + " of " + events + " events");
    }
    return n;
  }

  @TearDown(Level.Iteration)
  public void clean() throws Exception {
    e.close();
    Benchmarks.deleteTree(dir);
  }
}
