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
 * so JMH's per-invocation overhead is nothing beside it; two warm-up iterations: the JIT needs
 * about two whole ingests of 1 M events before the rate settles). The returned count is checked against the workload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PeerIngestBenchmark {
  @Param({"flowstore", "duckdb", "lucene", "sqlite"})
  public String engine;

  @Param({"1"})
  public int threads;

  @Param({"1000000"})
  public int events;

  /**
   * 0: the engine uses whatever cores it likes. 1: the benchmark thread, and so every thread the
   * engine starts (Linux threads inherit their creator's CPU affinity), is pinned to CPU 0, which
   * measures the engine's ingest on one core (the JVM's own JIT and GC threads are not pinned).
   */
  @Param({"0"})
  public int cores;

  private PeerWorkload w;
  private Path dir;
  private PeerEngine e;

  @Setup(Level.Trial)
  public void workload() throws Exception {
    w = PeerStores.workload(events);
  }

  @Setup(Level.Iteration)
  public void fresh() throws Exception {
    pin();
    dir = Files.createTempDirectory("flowstore-peer-" + engine);
    e = PeerEngine.open(engine, dir);
  }

  private void pin() {
    if (cores > 0) {
      java.util.BitSet cpus = new java.util.BitSet();
      cpus.set(0, cores);
      net.openhft.affinity.Affinity.setAffinity(cpus);
      if (!net.openhft.affinity.Affinity.getAffinity().equals(cpus)) {
        throw new IllegalStateException("cannot pin the benchmark thread to " + cpus + ": affinity is "
            + net.openhft.affinity.Affinity.getAffinity());
      }
    }
  }

  @Benchmark
  public long ingest() throws Exception {
    pin();
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
