package io.flowstore.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ingest speed against the parse limit: flowstore ingesting generated NDJSON from a byte array
 * (one calling thread, default store) versus a bare jackson-core {@code nextToken()} scan of
 * the same bytes, in the same run. Scores are events per second.
 *
 * <p>Settings: 100,000 events (about 90 MB of JSON) per operation, so one operation is long
 * enough that per-call costs do not show; 2 forks because this machine is shared and one JVM's
 * JIT luck would otherwise decide; each measurement iteration ingests into a fresh store so the
 * disk state is the same for every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g"})
@Threads(1)
public class IngestBenchmark {
  static final int EVENTS = 100_000;

  /** Events per operation; the unit test sets a small number. */
  int events = EVENTS;
  byte[] ndjson;
  private final JsonFactory factory = new JsonFactory();
  private Path dir;
  private FlowStore store;

  @Setup(Level.Trial)
  public void data() {
    ndjson = FlowGenerator.builder().seed(2025).build().ndjson(events);
  }

  @Setup(Level.Iteration)
  public void openStore() throws IOException {
    dir = Files.createTempDirectory("flowstore-bench");
    store = FlowStore.open(dir);
  }

  @TearDown(Level.Iteration)
  public void closeStore() throws IOException {
    store.close();
    Benchmarks.deleteTree(dir);
  }

  /** The parse limit: every token of the input, nothing done with it. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long tokenScan() throws IOException {
    long tokens = 0;
    try (JsonParser p = factory.createParser(ndjson)) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /** flowstore ingest: parse, encode, append to Chronicle Queue, acknowledge. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long ingest() {
    IngestResult r = store.ingest(ndjson, "bench");
    if (r.accepted() != events) {
      throw new IllegalStateException("ingest lost events: accepted=" + r.accepted());
    }
    return r.accepted();
  }

  void openForTest(Path dir) {
    this.dir = dir;
    this.store = FlowStore.open(dir);
  }

  void closeForTest() {
    store.close();
  }
}
