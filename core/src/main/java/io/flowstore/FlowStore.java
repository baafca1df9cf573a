package io.flowstore;

import io.flowstore.internal.StoreEngine;
import io.flowstore.internal.ingest.IngestLimits;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An embedded store of cloud flow events on local disk. Thread-safe: any number of threads may
 * ingest and read at once.
 *
 * <p>A store is a directory. Each stream (flows, quarantine) is a Chronicle Queue of compact
 * binary records in its own subdirectory, rolled into one file per {@link RollPeriod}; the queue
 * files alone restore every event. Only one process (and one open store per JVM) may write a
 * store: a second writer gets a {@link StoreLockedException}. {@link Builder#readOnly} opens
 * a store for reading beside its writer.
 *
 * <p><b>Ingest.</b> JSON arrays (bucket deliveries), NDJSON, concatenated objects and single
 * objects, gzipped or not, with camelCase or snake_case keys. Bad events do not stop the call:
 * they go to the quarantine stream with their raw bytes, source, position and reason
 * ({@link ErrorPolicy#SKIP}), unless the call asks to {@link ErrorPolicy#FAIL fail fast}.
 *
 * <p><b>Durability.</b> When an ingest call returns, its events and quarantine entries are
 * appended to the queue files: readers see them and they survive the death of this process
 * (kill -9, a crash). They are on stable storage, surviving power loss, after the next group
 * commit: at most {@link Builder#syncEveryEvents} events or {@link Builder#syncInterval} later,
 * on {@link #sync()}, on {@link #close()}, or before the call returns when it used
 * {@link IngestOptions#withDurable(boolean) durable} options.
 *
 * <p><b>Visibility.</b> A scan sees every event appended before it reached the end of the
 * stream, in ingest order; events appended during a scan may or may not be seen.
 */
public final class FlowStore implements AutoCloseable {
  private final StoreEngine engine;
  private final FlowLogs flowLogs;

  private FlowStore(StoreEngine engine, FlowLogs flowLogs) {
    this.engine = engine;
    this.flowLogs = flowLogs;
  }

  /**
   * The store's flow log configurations (Huawei VPC's flow log API, in-process) and its registry
   * of VPC subnets. Read-only in a read-only store.
   */
  public FlowLogs flowLogs() {
    return flowLogs;
  }

  /** Opens (creating if needed) the store in {@code dir} for writing, with default options. */
  public static FlowStore open(Path dir) {
    return builder(dir).open();
  }

  /** Options for opening the store in {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Ingests a file (JSON array, NDJSON or object; gzip detected by its magic bytes). */
  public IngestResult ingest(Path file) {
    return ingest(file, IngestOptions.DEFAULT);
  }

  public IngestResult ingest(Path file, IngestOptions options) {
    return engine.ingester().ingest(file, options);
  }

  /** Ingests a stream, read to its end (not closed); {@code source} names it in errors. */
  public IngestResult ingest(InputStream in, String source) {
    return ingest(in, source, IngestOptions.DEFAULT);
  }

  public IngestResult ingest(InputStream in, String source, IngestOptions options) {
    return engine.ingester().ingest(in, source, options);
  }

  /** Ingests bytes in memory, parsed in place; {@code source} names them in errors. */
  public IngestResult ingest(byte[] data, String source) {
    return ingest(data, source, IngestOptions.DEFAULT);
  }

  public IngestResult ingest(byte[] data, String source, IngestOptions options) {
    return engine.ingester().ingest(data, 0, data.length, source, options);
  }

  /** The number of flow events stored. */
  public long count() {
    return engine.flowCount();
  }

  /** The number of inputs in the quarantine stream. */
  public long quarantinedCount() {
    return engine.quarantineCount();
  }

  /** The number of audit events stored (the audit stream). */
  public long auditCount() {
    return engine.auditCount();
  }

  /**
   * Visits every audit event in ingest order until {@code visitor} returns false; each record's
   * checksum is verified as it is read.
   *
   * @return the number of events visited
   * @throws CorruptStoreException when a record fails its checksum
   */
  public long scanAudit(java.util.function.Predicate<AuditEvent> visitor) {
    return engine.scanAudit(visitor);
  }

  /** Every audit event in ingest order. */
  public java.util.List<AuditEvent> auditEvents() {
    java.util.List<AuditEvent> out = new java.util.ArrayList<>();
    engine.scanAudit(out::add);
    return out;
  }

  /**
   * Visits every flow event in ingest order without allocating per event; each record's
   * checksum is verified as it is read.
   *
   * @return the number of events visited
   * @throws CorruptStoreException when a record fails its checksum
   */
  public long scan(FlowVisitor visitor) {
    return engine.scanFlows(visitor);
  }

  /**
   * Every flow event in ingest order, as immutable values. The stream holds a reader open:
   * close it (try-with-resources).
   */
  public Stream<FlowEvent> flows() {
    StoreEngine.FlowCursor cursor = engine.flowCursor();
    Iterator<FlowEvent> it = new Iterator<>() {
      private boolean ready;
      private boolean more;

      @Override
      public boolean hasNext() {
        if (!ready) {
          more = cursor.next();
          ready = true;
        }
        return more;
      }

      @Override
      public FlowEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return FlowEvent.copyOf(cursor.view());
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(cursor::close);
  }

  /** Visits every quarantined input in order. */
  public long scanQuarantine(Consumer<QuarantinedEvent> consumer) {
    return engine.scanQuarantine(consumer);
  }

  /** Forces everything ingested so far to stable storage. */
  public void sync() {
    engine.sync();
  }

  /**
   * Checks every index against the records it was built from: for each segment, rebuilds its
   * indexes in memory from the queue and compares every bitmap, range index, IPv6 column and
   * count. Reads the whole store; changes nothing.
   */
  public VerifyReport verify() {
    io.flowstore.internal.index.Segments.Report r = engine.segments().verify(line -> { });
    return new VerifyReport(r.segments(), r.rows(), r.events(), r.problems());
  }

  /**
   * Applies the retention limits now (they are also applied every minute): drops whole roll
   * cycles older than {@link Builder#retainFor} or, oldest first, while the store is larger than
   * {@link Builder#maxStoreSize}. Never the cycle being written. A dropped cycle disappears from
   * new queries at once; its files are deleted as soon as no running query reads it.
   *
   * @return the number of cycles dropped
   */
  public int applyRetention() {
    return engine.applyRetention();
  }

  public Path path() {
    return engine.dir();
  }

  public boolean isReadOnly() {
    return engine.readOnly();
  }

  /** Appends what is in flight, syncs, and releases the store. Idempotent. */
  @Override
  public void close() {
    engine.close();
  }

  /** For the flowstore modules (query, cli): the engine behind a store. Not an API. */
  public static StoreEngine engineOf(FlowStore store) {
    return store.engine;
  }

  /**
   * Options for opening a store. Not thread-safe. Each option may be set once and is checked
   * when set.
   */
  public static final class Builder {
    private final Path dir;
    private RollPeriod rollPeriod;
    private Clock clock;
    private Long syncEveryEvents;
    private Duration syncInterval;
    private Boolean readOnly;
    private Integer maxEventSize;
    private Integer maxStringLength;
    private Integer maxNestingDepth;
    private Long maxDecompressedSize;
    private Integer maxQuarantineRawSize;
    private Integer maxSegmentRows;
    private Duration checkpointInterval;
    private Long checkpointEveryEvents;
    private Duration retainFor;
    private Long maxStoreSize;
    private Long minFreeDiskSpace;
    private Boolean indexes;
    private java.time.ZoneId ctyunZone;
    private String tenantId;

    private Builder(Path dir) {
      if (dir == null) {
        throw new IllegalArgumentException("store directory must not be null");
      }
      this.dir = dir.toAbsolutePath().normalize();
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /** How much time one queue file covers. Default {@link RollPeriod#HOUR}. */
    public Builder rollPeriod(RollPeriod period) {
      once(rollPeriod, "rollPeriod");
      if (period == null) {
        throw new IllegalArgumentException("rollPeriod must not be null");
      }
      this.rollPeriod = period;
      return this;
    }

    /** The clock for roll cycles and quarantine times. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      once(this.clock, "clock");
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /** Group commit: sync after this many events. Default 100,000. */
    public Builder syncEveryEvents(long events) {
      once(syncEveryEvents, "syncEveryEvents");
      if (events < 1) {
        throw new IllegalArgumentException("syncEveryEvents must be >= 1: value=" + events);
      }
      this.syncEveryEvents = events;
      return this;
    }

    /** Group commit: sync this long after the first unsynced event. Default 1 second. */
    public Builder syncInterval(Duration interval) {
      once(syncInterval, "syncInterval");
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("syncInterval must be positive: value=" + interval);
      }
      this.syncInterval = interval;
      return this;
    }

    /** Opens without the writer lock, for reading beside a writer; ingest is refused. */
    public Builder readOnly(boolean readOnly) {
      once(this.readOnly, "readOnly");
      this.readOnly = readOnly;
      return this;
    }

    /** Largest event accepted, in bytes of JSON; larger ones are quarantined. Default 16 MiB. */
    public Builder maxEventSize(int bytes) {
      once(maxEventSize, "maxEventSize");
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxEventSize must be >= 1024: value=" + bytes);
      }
      this.maxEventSize = bytes;
      return this;
    }

    /** Longest JSON string accepted, in chars. Default 1 Mi. */
    public Builder maxStringLength(int chars) {
      once(maxStringLength, "maxStringLength");
      if (chars < 16) {
        throw new IllegalArgumentException("maxStringLength must be >= 16: value=" + chars);
      }
      this.maxStringLength = chars;
      return this;
    }

    /** Deepest JSON nesting accepted. Default 64. */
    public Builder maxNestingDepth(int depth) {
      once(maxNestingDepth, "maxNestingDepth");
      if (depth < 4) {
        throw new IllegalArgumentException("maxNestingDepth must be >= 4: value=" + depth);
      }
      this.maxNestingDepth = depth;
      return this;
    }

    /** Most bytes one gzip input may expand to. Default 64 GiB. */
    public Builder maxDecompressedSize(long bytes) {
      once(maxDecompressedSize, "maxDecompressedSize");
      if (bytes < 1) {
        throw new IllegalArgumentException("maxDecompressedSize must be >= 1: value=" + bytes);
      }
      this.maxDecompressedSize = bytes;
      return this;
    }

    /** Most raw bytes kept of one quarantined input. Default 1 MiB. */
    public Builder maxQuarantineRawSize(int bytes) {
      once(maxQuarantineRawSize, "maxQuarantineRawSize");
      if (bytes < 0) {
        throw new IllegalArgumentException("maxQuarantineRawSize must be >= 0: value=" + bytes);
      }
      this.maxQuarantineRawSize = bytes;
      return this;
    }

    /**
     * The default {@link #maxSegmentRows} for a JVM whose maximum heap is {@code maxHeap} bytes:
     * 4,194,304 rows from 1 GiB of heap on, else {@code maxHeap / 256} rounded down to a power of
     * two (2,097,152 under {@code -Xmx512m}), at least 262,144. The open segment's indexes live
     * on the heap and sealing it builds the sealed file's range indexes beside them: measured on
     * the generated workload, a segment of 4 Mi rows takes up to about 480 MB of heap while it is
     * sealed, about 115 bytes a row, so a segment is kept to under half of the heap.
     */
    public static int defaultSegmentRows(long maxHeap) {
      long rows = maxHeap / 256;
      if (rows >= 1 << 22) {
        return 1 << 22;
      }
      return Math.max(1 << 18, Integer.highestOneBit((int) Math.max(1, rows)));
    }

    /**
     * Rows (events and dictionary entries) after which a segment is sealed even within its roll
     * cycle. Default 4,194,304, or fewer on a heap under 1 GiB (see {@link #defaultSegmentRows}).
     * Smaller segments seal sooner; bitmaps stay 32-bit either way.
     */
    public Builder maxSegmentRows(int rows) {
      once(maxSegmentRows, "maxSegmentRows");
      if (rows < 1024) {
        throw new IllegalArgumentException("maxSegmentRows must be >= 1024: value=" + rows);
      }
      this.maxSegmentRows = rows;
      return this;
    }

    /** How often the open segment's indexes are checkpointed, so reopening replays little. Default 30 s. */
    public Builder checkpointInterval(Duration interval) {
      once(checkpointInterval, "checkpointInterval");
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("checkpointInterval must be positive: value=" + interval);
      }
      this.checkpointInterval = interval;
      return this;
    }

    /** Also checkpoint the open segment after this many new rows. Default 1,048,576. */
    public Builder checkpointEveryEvents(long events) {
      once(checkpointEveryEvents, "checkpointEveryEvents");
      if (events < 1) {
        throw new IllegalArgumentException("checkpointEveryEvents must be >= 1: value=" + events);
      }
      this.checkpointEveryEvents = events;
      return this;
    }

    /**
     * Keeps data for this long: a roll cycle is dropped once its end (in ingest time) is older.
     * Default: forever.
     */
    public Builder retainFor(Duration age) {
      once(retainFor, "retainFor");
      if (age == null || age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("retainFor must be positive: value=" + age);
      }
      this.retainFor = age;
      return this;
    }

    /** Drops the oldest roll cycles while the store is larger than this. Default: no limit. */
    public Builder maxStoreSize(long bytes) {
      once(maxStoreSize, "maxStoreSize");
      if (bytes < 1) {
        throw new IllegalArgumentException("maxStoreSize must be >= 1: value=" + bytes);
      }
      this.maxStoreSize = bytes;
      return this;
    }

    /**
     * Whether to keep bitmap and range indexes (default true). Without them a store is smaller
     * and ingest does less work, and every query reads the records: for archives that are
     * rarely queried. A store keeps the choice it was created with in its index files; opening
     * it the other way rebuilds them.
     */
    public Builder indexes(boolean on) {
      once(indexes, "indexes");
      this.indexes = on;
      return this;
    }

    /**
     * Appends are refused (with a {@link StoreIOException}) while the disk has less free space
     * than this, instead of letting a memory-mapped write on a full disk kill the JVM.
     * Default 256 MiB; 0 disables the check.
     */
    public Builder minFreeDiskSpace(long bytes) {
      once(minFreeDiskSpace, "minFreeDiskSpace");
      if (bytes < 0) {
        throw new IllegalArgumentException("minFreeDiskSpace must be >= 0: value=" + bytes);
      }
      this.minFreeDiskSpace = bytes;
      return this;
    }

    /**
     * The zone CTyun Cloud Audit times ({@code eventTime}, {@code createTime},
     * {@code updateTime}, written without a zone) are read in. Default UTC+8 (China Standard Time).
     */
    public Builder ctyunTimeZone(java.time.ZoneId zone) {
      once(ctyunZone, "ctyunTimeZone");
      if (zone == null) {
        throw new IllegalArgumentException("ctyunTimeZone must not be null");
      }
      this.ctyunZone = zone;
      return this;
    }

    /**
     * The tenant (Huawei's project id) that flow logs created in this store belong to. Default:
     * an id generated once per store and kept with its flow logs.
     */
    public Builder tenantId(String tenant) {
      once(tenantId, "tenantId");
      if (tenant == null || tenant.isBlank()) {
        throw new IllegalArgumentException("tenantId must not be blank");
      }
      this.tenantId = tenant;
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws MissingJvmFlagsException when the JVM lacks the flags Chronicle Queue needs
     * @throws StoreLockedException when another writer holds the store
     * @throws IncompatibleStoreException when a newer flowstore wrote the store
     */
    public FlowStore open() {
      IngestLimits d = IngestLimits.DEFAULT;
      IngestLimits limits = new IngestLimits(
          maxEventSize != null ? maxEventSize : d.maxEventBytes(),
          maxStringLength != null ? maxStringLength : d.maxStringLength(),
          maxNestingDepth != null ? maxNestingDepth : d.maxNestingDepth(),
          d.maxNumberLength(),
          d.maxNameLength(),
          maxDecompressedSize != null ? maxDecompressedSize : d.maxDecompressedBytes(),
          d.maxCompressionRatio(),
          maxQuarantineRawSize != null ? maxQuarantineRawSize : d.maxQuarantineRawBytes());
      StoreEngine.Options o = new StoreEngine.Options(dir,
          rollPeriod != null ? rollPeriod : RollPeriod.HOUR,
          clock != null ? clock : Clock.systemUTC(),
          syncEveryEvents != null ? syncEveryEvents : 100_000L,
          syncInterval != null ? syncInterval.toMillis() : 1000L,
          readOnly != null && readOnly,
          limits,
          new io.flowstore.internal.index.Segments.Options(
              maxSegmentRows != null ? maxSegmentRows : defaultSegmentRows(Runtime.getRuntime().maxMemory()),
              checkpointEveryEvents != null ? checkpointEveryEvents : 1L << 20,
              checkpointInterval != null ? checkpointInterval.toMillis() : 30_000L,
              retainFor != null ? retainFor.toMillis() : 0L,
              maxStoreSize != null ? maxStoreSize : 0L,
              indexes == null || indexes),
          minFreeDiskSpace != null ? minFreeDiskSpace : 256L << 20,
          ctyunZone != null ? ctyunZone : java.time.ZoneOffset.ofHours(8));
      StoreEngine engine = StoreEngine.open(o);
      try {
        return new FlowStore(engine, new FlowLogs(dir, tenantId, o.clock(), o.readOnly(), engine::flowsBarrier));
      } catch (RuntimeException e) {
        engine.close();
        throw e;
      }
    }
  }
}
