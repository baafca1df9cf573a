package io.flowstore.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ingest against the token scan, paired: each invocation scans the bytes, then ingests them, and
 * the counters sum the time of each. The ratio {@code scanNanos / ingestNanos} is ingest speed
 * as a fraction of scan speed, measured under the same machine conditions moment by moment.
 *
 * <p>A third leg between the two is the storage limit: a raw Chronicle append, on one thread,
 * of the very records the ingest writes (encoded once per trial by ingesting the data into a
 * scratch store and reading its queue back), into a fresh queue per iteration. Its counter
 * {@code appendNanos} says how much of the ingest time writing those bytes costs on its own.
 *
 * <p>Why a paired benchmark next to {@link IngestBenchmark}: this machine is a shared VM whose
 * host steals CPU in bursts; JMH runs one benchmark's iterations after the other's, so a burst
 * can land on one side only. Pairing removes that drift from the ratio. Settings as in
 * {@link IngestBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 4)
@Measurement(iterations = 8, time = 4)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g"})
public class IngestPairBenchmark {
  int events = IngestBenchmark.EVENTS;
  byte[] ndjson;
  /** The records the ingest of {@link #ndjson} appends to its stream's queue, as it appends them. */
  List<byte[]> records;
  private final JsonFactory factory = new JsonFactory();
  private Path dir;
  private FlowStore store;
  private SingleChronicleQueue raw;
  private ExcerptAppender rawAppender;

  /** Time spent in each half, summed per iteration; JMH reports the sums. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Times {
    public long scanNanos;
    public long appendNanos;
    public long ingestNanos;
    public long events;

    @Setup(Level.Iteration)
    public void clear() {
      scanNanos = 0;
      appendNanos = 0;
      ingestNanos = 0;
      events = 0;
    }
  }

  @Setup(Level.Trial)
  public void data() throws IOException {
    ndjson = generate(events);
    Path scratch = Files.createTempDirectory("flowstore-bench-records");
    try {
      try (FlowStore s = FlowStore.open(scratch)) {
        s.ingest(ndjson, "records");
      }
      records = Benchmarks.records(scratch.resolve(stream()));
    } finally {
      Benchmarks.deleteTree(scratch);
    }
  }

  /** The stream (queue directory) the events go to. */
  String stream() {
    return "flows";
  }

  /** The events to ingest, as NDJSON. */
  byte[] generate(int n) {
    return FlowGenerator.builder().seed(2025).build().ndjson(n);
  }

  @Setup(Level.Iteration)
  public void openStore() throws IOException {
    dir = Files.createTempDirectory("flowstore-bench");
    store = FlowStore.open(dir.resolve("store"));
    openRaw();
  }

  private void openRaw() {
    raw = Benchmarks.rawQueue(dir.resolve("raw"));
    rawAppender = raw.createAppender();
  }

  @TearDown(Level.Iteration)
  public void closeStore() throws IOException {
    store.close();
    rawAppender.close();
    raw.close();
    Benchmarks.deleteTree(dir);
  }

  @Benchmark
  public long scanThenIngest(Times times) throws IOException {
    long t0 = System.nanoTime();
    long tokens = 0;
    try (JsonParser p = factory.createParser(ndjson)) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    long t1 = System.nanoTime();
    Benchmarks.appendAll(rawAppender, records);
    long t2 = System.nanoTime();
    IngestResult r = store.ingest(ndjson, "bench");
    long t3 = System.nanoTime();
    if (r.accepted() != events) {
      throw new IllegalStateException("ingest lost events: accepted=" + r.accepted());
    }
    times.scanNanos += t1 - t0;
    times.appendNanos += t2 - t1;
    times.ingestNanos += t3 - t2;
    times.events += events;
    return tokens + r.accepted();
  }

  void openForTest(Path dir) {
    this.dir = dir;
    this.store = FlowStore.open(dir.resolve("store"));
    openRaw();
  }

  void closeForTest() {
    store.close();
    rawAppender.close();
    raw.close();
  }
}
