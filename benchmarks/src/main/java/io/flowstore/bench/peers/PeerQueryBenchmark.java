package io.flowstore.bench.peers;

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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Q1..Q7 on each engine's store of the workload (built once by {@link PeerStores} and reopened
 * per trial, as an application reopens its store), average time per query. {@code threads} is
 * what the engine may use for one query: flowstore, Lucene and SQLite answer on the calling
 * thread; DuckDB's setting is applied.
 *
 * <p>Warm-up: ten one-second iterations. On the 10 M-event stores a query takes milliseconds,
 * so a second is a few hundred invocations, and flowstore's query methods reach their compiled
 * steady state only after six to nine of them (measured: Q5 went 5.6, 2.6, 5.1, ... 1.0, then
 * 0.65-0.7 ms from the ninth second on; Q2 and Q7 settled at the ninth); with three warm-up
 * seconds the measured average mixed both states and its error was as large as its value.
 * Every engine gets the same warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PeerQueryBenchmark {
  @Param({"flowstore", "duckdb", "lucene", "sqlite"})
  public String engine;

  @Param({"1"})
  public int threads;

  @Param({"1000000"})
  public int events;

  private PeerWorkload w;
  private PeerEngine e;

  @Setup(Level.Trial)
  public void open() throws Exception {
    w = PeerStores.workload(events);
    e = PeerStores.open(engine, w);
    e.queryThreads(threads);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    e.close();
  }

  @Benchmark
  public long q1() throws Exception {
    return e.q1(w);
  }

  @Benchmark
  public long q2() throws Exception {
    return e.q2(w);
  }

  @Benchmark
  public long q3() throws Exception {
    return e.q3(w);
  }

  @Benchmark
  public List<Answers.KeySum> q4() throws Exception {
    return e.q4(w);
  }

  @Benchmark
  public List<String> q5() throws Exception {
    return e.q5(w);
  }

  @Benchmark
  public long q6() throws Exception {
    return e.q6(w);
  }

  @Benchmark
  public List<Answers.KeySum> q7() throws Exception {
    return e.q7(w);
  }
}
