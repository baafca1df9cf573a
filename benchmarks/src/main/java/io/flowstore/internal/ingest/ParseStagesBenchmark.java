package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.codec.FlowDraft;
import io.flowstore.internal.codec.FlowRecordEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Where ingest time goes on the parsing thread, stage by stage, single-threaded: the token scan
 * (the parse limit), the scan plus decoding every string, flowstore's field parser, and the
 * parser plus record encoding. Lives in the ingest package to reach the package-private parser.
 * Scores are events per second; settings as in {@code IngestBenchmark} (20,000 events per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class ParseStagesBenchmark {
  static final int EVENTS = 20_000;
  private final JsonFactory factory = new JsonFactory();
  private final FlowEventParser parser = new FlowEventParser();
  private final FlowDraft draft = new FlowDraft();
  private final FlowRecordEncoder encoder = new FlowRecordEncoder();
  private final byte[] out = new byte[1 << 16];
  byte[] ndjson;

  private final FlowDraft[] drafts = new FlowDraft[64];

  @Setup
  public void data() throws IOException {
    ndjson = FlowGenerator.builder().seed(2025).build().ndjson(EVENTS);
    try (JsonParser p = factory.createParser(ndjson)) {
      for (int i = 0; i < drafts.length && p.nextToken() != null; i++) {
        drafts[i] = new FlowDraft();
        parser.parse(p, drafts[i]);
      }
    }
  }

  /** Encoding alone, over a few pre-parsed events (hot in cache). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long encodeOnly() {
    long n = 0;
    for (int i = 0; i < EVENTS; i++) {
      n += encoder.encodeBody(drafts[i & 63], out, 0);
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long tokenScan() throws IOException {
    long n = 0;
    try (JsonParser p = factory.createParser(ndjson)) {
      while (p.nextToken() != null) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long scanDecodingStrings() throws IOException {
    long n = 0;
    try (JsonParser p = factory.createParser(ndjson)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          n += p.getTextCharacters()[p.getTextOffset()];
        }
      }
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parse() throws IOException {
    long n = 0;
    try (JsonParser p = factory.createParser(ndjson)) {
      while (p.nextToken() != null) {
        draft.reset();
        parser.parse(p, draft);
        n += draft.presence;
      }
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parseAndEncode() throws IOException {
    long n = 0;
    try (JsonParser p = factory.createParser(ndjson)) {
      while (p.nextToken() != null) {
        draft.reset();
        parser.parse(p, draft);
        n += encoder.encodeBody(draft, out, 0);
      }
    }
    return n;
  }
}
