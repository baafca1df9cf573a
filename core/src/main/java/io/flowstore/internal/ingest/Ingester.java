package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;
import io.flowstore.internal.storage.StreamWriter;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ingest front of a store: runs ingest calls on the caller's thread and hands the encoded
 * records to the stream writers. Thread-safe: any number of threads may ingest at once; each
 * call takes a pooled {@link IngestContext}. Internal.
 */
public final class Ingester {
  /** Batches are handed to the writer when they reach this size. */
  static final int BATCH_TARGET = 128 * 1024;

  private final JsonFactory factory;
  private final IngestLimits limits;
  private final StreamWriter flows;
  private final StreamWriter quarantine;
  private final java.util.function.Supplier<StreamWriter> audit;
  private final java.time.ZoneId ctyunZone;
  private final Clock clock;
  private final ConcurrentLinkedQueue<IngestContext> pool = new ConcurrentLinkedQueue<>();

  /** {@code ctyunZone}: the zone CTyun's zoneless times are read in. */
  public Ingester(IngestLimits limits, StreamWriter flows, java.util.function.Supplier<StreamWriter> audit,
      StreamWriter quarantine,
      java.time.ZoneId ctyunZone, Clock clock) {
    this.limits = limits;
    this.flows = flows;
    this.audit = audit;
    this.quarantine = quarantine;
    this.ctyunZone = ctyunZone;
    this.clock = clock;
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(limits.maxStringLength())
            .maxNestingDepth(limits.maxNestingDepth())
            .maxNumberLength(limits.maxNumberLength())
            .maxNameLength(limits.maxNameLength())
            .build())
        .build();
  }

  public IngestResult ingest(byte[] data, int off, int len, String source, IngestOptions options) {
    return run(Inputs.of(data, off, len, source, limits), options);
  }

  public IngestResult ingest(InputStream in, String source, IngestOptions options) {
    return run(Inputs.of(in, source, limits), options);
  }

  public IngestResult ingest(Path file, IngestOptions options) {
    return run(Inputs.of(file, limits), options);
  }

  private IngestResult run(IngestInput input, IngestOptions options) {
    IngestContext ctx = pool.poll();
    if (ctx == null) {
      ctx = new IngestContext(limits.maxQuarantineRawBytes(), ctyunZone);
    }
    try {
      return new IngestRun(this, ctx, input, options).run();
    } finally {
      pool.offer(ctx);
    }
  }

  JsonFactory factory() {
    return factory;
  }

  IngestLimits limits() {
    return limits;
  }

  StreamWriter flows() {
    return flows;
  }

  StreamWriter quarantine() {
    return quarantine;
  }

  /** The audit stream's writer (started on first use). */
  StreamWriter audit() {
    return audit.get();
  }

  Clock clock() {
    return clock;
  }
}
