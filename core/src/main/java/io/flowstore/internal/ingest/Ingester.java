package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;
import io.flowstore.internal.storage.StreamWriter;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
    return run(Inputs.of(counted(in, options), source, limits), options);
  }

  public IngestResult ingest(Path file, IngestOptions options) {
    if (options.threads() > 1 && options.onError() != io.flowstore.ErrorPolicy.FAIL) {
      long[] cuts;
      try {
        cuts = FileSlices.cut(file, options.threads());
      } catch (java.io.IOException e) {
        throw new io.flowstore.StoreIOException("cannot read input: source=" + file + ", error=" + e, e);
      }
      if (cuts != null) {
        return inSlices(file, cuts, options);
      }
    }
    if (options.progress() == null) {
      return run(Inputs.of(file, limits), options);
    }
    try {
      return run(Inputs.of(options.progress().counting(java.nio.file.Files.newInputStream(file)), file.toString(), limits,
          java.nio.file.Files.size(file)), options);
    } catch (java.io.IOException e) {
      throw new io.flowstore.StoreIOException("cannot read input: source=" + file + ", error=" + e, e);
    }
  }

  private static InputStream counted(InputStream in, IngestOptions options) {
    return options.progress() == null ? in : options.progress().counting(in);
  }

  /**
   * Ingests the slices {@code [cuts[i], cuts[i + 1])} of {@code file} at once, the first on
   * this thread, and merges their results: counts added, error positions moved from the slice
   * to the file (offsets by the slice's start, event ordinals by the events before it, lines by
   * the line breaks before it, counted only for a slice with errors).
   */
  private IngestResult inSlices(Path file, long[] cuts, IngestOptions options) {
    int n = cuts.length - 1;
    String source = file.toString();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n - 1, r -> {
      Thread t = new Thread(r, "flowstore-ingest-slice");
      t.setDaemon(true);
      return t;
    });
    try {
      List<java.util.concurrent.Future<IngestResult>> rest = new java.util.ArrayList<>();
      for (int i = 1; i < n; i++) {
        long from = cuts[i];
        long to = cuts[i + 1];
        rest.add(pool.submit(() -> run(Inputs.of(counted(FileSlices.open(file, from, to), options), source, limits), options)));
      }
      List<IngestResult> parts = new java.util.ArrayList<>();
      parts.add(run(Inputs.of(counted(FileSlices.open(file, 0, cuts[1]), options), source, limits), options));
      for (java.util.concurrent.Future<IngestResult> f : rest) {
        parts.add(f.get());
      }
      long accepted = 0;
      long quarantined = 0;
      long bytes = 0;
      long audit = 0;
      List<io.flowstore.IngestError> errors = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        IngestResult r = parts.get(i);
        long lines = i == 0 || r.errors().isEmpty() ? 0 : FileSlices.lines(file, cuts[i]);
        for (io.flowstore.IngestError e : r.errors()) {
          if (errors.size() < options.maxReportedErrors()) {
            errors.add(new io.flowstore.IngestError(e.source(), (int) Math.min(Integer.MAX_VALUE, e.line() + lines),
                e.column(), e.byteOffset() + cuts[i], e.ordinal() + accepted + quarantined, e.field(), e.reason()));
          }
        }
        accepted += r.accepted();
        quarantined += r.quarantined();
        bytes += r.bytesRead();
        audit += r.audit();
      }
      return new IngestResult(accepted, quarantined, errors, bytes, audit);
    } catch (java.io.IOException e) {
      throw new io.flowstore.StoreIOException("cannot read input: source=" + file + ", error=" + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.flowstore.FlowStoreException("interrupted while ingesting: source=" + file);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new io.flowstore.FlowStoreException("ingest failed: source=" + file + ", error=" + c, c);
    } finally {
      pool.shutdownNow();
    }
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
