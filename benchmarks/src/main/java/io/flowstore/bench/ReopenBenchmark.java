package io.flowstore.bench;

import io.flowstore.FlowStore;
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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reopening the 10 M-event store: {@code FlowStore.open} until it answers queries (every sealed
 * index file checked and mapped, the dictionary loaded, the open segment restored from its
 * checkpoint) as the writer and read-only, in a warm JVM and as the first open of a fresh one.
 * The files are in the page cache, as they are after a process restart. Target: 1 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
public class ReopenBenchmark {
  @Param({"false", "true"})
  public boolean readOnly;

  Path dir;
  long events = IndexQueryBenchmark.EVENTS;
  private FlowStore store;

  @Setup(Level.Trial)
  public void store() {
    if (dir == null) {
      dir = BenchStores.flows(events, IndexQueryBenchmark.SEED);
    }
  }

  /** Reopening in a warm JVM (a long-running process closing and opening its store). */
  @Benchmark
  public long open() {
    store = FlowStore.builder(dir).readOnly(readOnly).open();
    return store.count();
  }

  /**
   * The first open in a fresh JVM, as after a restart: class loading and a cold JIT included.
   * One shot per fork.
   */
  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 10, jvmArgsAppend = {"-Xmx4g"})
  public long openInFreshJvm() {
    return open();
  }

  @TearDown(Level.Invocation)
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
