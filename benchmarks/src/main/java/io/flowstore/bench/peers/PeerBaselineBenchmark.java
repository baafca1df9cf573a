package io.flowstore.bench.peers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.flowstore.bench.Benchmarks;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
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

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The limits the comparison's ingest numbers are read against, on the same file in the same
 * run: a bare jackson-core {@code nextToken()} scan of the NDJSON file (the parse limit), and a
 * raw Chronicle append, on one thread, of the records flowstore wrote for it (the storage
 * limit; read from flowstore's store of the workload, into a fresh queue per iteration).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PeerBaselineBenchmark {
  @Param({"1000000"})
  public int events;

  private PeerWorkload w;
  private final JsonFactory factory = new JsonFactory();
  private List<byte[]> records;
  private Path dir;
  private SingleChronicleQueue queue;
  private ExcerptAppender appender;

  @Setup(Level.Trial)
  public void load() throws Exception {
    w = PeerStores.workload(events);
    PeerStores.open("flowstore", w).close();
    records = Benchmarks.records(PeerStores.dir("flowstore", w).resolve("data").resolve("flows"));
  }

  @Setup(Level.Iteration)
  public void fresh() throws Exception {
    dir = Files.createTempDirectory("flowstore-raw");
    queue = Benchmarks.rawQueue(dir);
    appender = queue.createAppender();
  }

  @TearDown(Level.Iteration)
  public void clean() throws Exception {
    appender.close();
    queue.close();
    Benchmarks.deleteTree(dir);
  }

  /** Every token of the file, as the ingest reads it (from the file, not from memory). */
  @Benchmark
  public long tokenScan() throws Exception {
    long tokens = 0;
    try (InputStream in = Files.newInputStream(w.ndjson); JsonParser p = factory.createParser(in)) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /** flowstore's records of the file, appended as they are. */
  @Benchmark
  public long rawAppend() {
    Benchmarks.appendAll(appender, records);
    return records.size();
  }
}
