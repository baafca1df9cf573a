package io.flowstore.internal;

import io.flowstore.CorruptStoreException;
import io.flowstore.FlowStoreException;
import io.flowstore.FlowVisitor;
import io.flowstore.IncompatibleStoreException;
import io.flowstore.QuarantinedEvent;
import io.flowstore.RollPeriod;
import io.flowstore.StoreIOException;
import io.flowstore.internal.codec.Crc;
import io.flowstore.internal.codec.DictionaryCodec;
import io.flowstore.internal.codec.DictionaryDescriptor;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.QuarantineCodec;
import io.flowstore.internal.codec.QuarantineDescriptor;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.ingest.IngestLimits;
import io.flowstore.internal.index.Segments;
import io.flowstore.internal.ingest.Ingester;
import io.flowstore.internal.storage.FlowFinisher;
import io.flowstore.internal.storage.JvmFlags;
import io.flowstore.internal.storage.QueueReader;
import io.flowstore.internal.storage.StoreLock;
import io.flowstore.internal.storage.StreamQueue;
import io.flowstore.internal.storage.StreamWriter;
import io.flowstore.internal.storage.WriterClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The open store behind {@link io.flowstore.FlowStore}: directory, lock, streams, writers,
 * dictionary. Thread-safe. Internal.
 *
 * <p>Layout of a store directory:
 * <pre>
 *   flowstore.properties   store format version (derived; rewritten when missing)
 *   lock                   single-writer lock, holds the writer's pid
 *   flows/                 Chronicle queue of flow events and their dictionary entries
 *   audit/                 Chronicle queue of audit events (Yandex Audit Trails, CTyun Cloud Audit)
 *   quarantine/            Chronicle queue of refused inputs
 *   flowlogs.json          flow log configurations and VPC subnets ({@link io.flowstore.FlowLogs})
 * </pre>
 * The queue directories and flowlogs.json are the data; every other file is derived and may be
 * deleted.
 *
 * <p>Opening recovers the flow stream's dictionary, segments and indexes through
 * {@link Segments#recover()}: index files that check out are mapped, anything missing or
 * damaged is rebuilt from the queue. The quarantine count comes from Chronicle's own index.
 */
public final class StoreEngine implements AutoCloseable {
  public static final int FORMAT = 1;
  static final String FORMAT_FILE = "flowstore.properties";

  /** Everything that configures an open store. */
  public record Options(Path dir, RollPeriod rollPeriod, Clock clock, long syncEveryEvents, long syncIntervalMillis,
      boolean readOnly, IngestLimits limits, Segments.Options index, long minFreeBytes, java.time.ZoneId ctyunZone) {}

  private final Options options;
  private final StoreLock lock;
  private final StreamQueue flowsQueue;
  private final StreamQueue quarantineQueue;
  private final StreamQueue auditQueue;
  private final io.flowstore.internal.audit.AuditIndex auditIndex;
  private final Dictionary flowDictionary = new Dictionary();
  private final Segments segments;
  private final StreamWriter flowsWriter;
  private final StreamWriter quarantineWriter;
  /** Started with the first audit event, so a store of flows only writes no audit files. */
  private StreamWriter auditWriter;
  private final WriterClock writerClock;
  private final Ingester ingester;
  private long recoveredQuarantine;
  private volatile boolean closed;

  private StoreEngine(Options o) {
    this.options = o;
    JvmFlags.check();
    JvmFlags.quietChronicle();
    prepareDirectory(o);
    this.lock = o.readOnly() ? null : StoreLock.acquire(o.dir());
    WriterClock writerClock = new WriterClock(o.clock());
    this.writerClock = writerClock;
    StreamQueue flows = null;
    StreamQueue quarantine = null;
    StreamQueue audit = null;
    try {
      flows = StreamQueue.open(o.dir(), "flows", o.rollPeriod(), writerClock, o.readOnly());
      quarantine = StreamQueue.open(o.dir(), "quarantine", o.rollPeriod(), writerClock, o.readOnly());
      audit = o.readOnly() && !Files.isDirectory(o.dir().resolve("audit")) ? null
          : StreamQueue.open(o.dir(), "audit", o.rollPeriod(), writerClock, o.readOnly());
      this.flowsQueue = flows;
      this.quarantineQueue = quarantine;
      this.auditQueue = audit;
      this.auditIndex = new io.flowstore.internal.audit.AuditIndex(audit);
      this.segments = new Segments(flows, flowDictionary, o.dir().resolve("index").resolve("flows"), o.index(),
          o.clock(), o.readOnly());
      segments.recover();
      recoveredQuarantine = quarantine.excerptCount();
      auditIndex.recover();
    } catch (RuntimeException e) {
      closeQuietly(flows);
      closeQuietly(quarantine);
      closeQuietly(audit);
      if (lock != null) {
        lock.close();
      }
      throw e instanceof FlowStoreException ? e
          : new StoreIOException("cannot open store: path=" + o.dir() + ", error=" + e, e);
    }
    if (o.readOnly()) {
      flowsWriter = null;
      quarantineWriter = null;
      ingester = null;
    } else {
      flowsWriter = new StreamWriter(flowsQueue, writerClock, new FlowFinisher(flowDictionary, segments),
          o.syncEveryEvents(), o.syncIntervalMillis(), o.minFreeBytes(), 8);
      quarantineWriter = new StreamWriter(quarantineQueue, writerClock, new StreamWriter.AppendHook() {},
          o.syncEveryEvents(), o.syncIntervalMillis(), o.minFreeBytes(), 2);
      segments.startRetention(this::applyRetention);
      ingester = new Ingester(o.limits(), flowsWriter, this::auditWriter, quarantineWriter, o.ctyunZone(), o.clock());
    }
  }

  public static StoreEngine open(Options options) {
    return new StoreEngine(options);
  }

  private static void closeQuietly(StreamQueue q) {
    if (q != null) {
      try {
        q.close();
      } catch (RuntimeException ignored) {
        // already failing
      }
    }
  }

  private static void prepareDirectory(Options o) {
    Path dir = o.dir();
    Path format = dir.resolve(FORMAT_FILE);
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new StoreIOException("store path is not a directory: path=" + dir);
      }
      if (o.readOnly() && !Files.isDirectory(dir.resolve("flows"))) {
        throw new StoreIOException("no store at this path: path=" + dir);
      }
      if (Files.exists(format)) {
        int version = readFormat(format);
        if (version > FORMAT) {
          throw new IncompatibleStoreException("store format is newer than this flowstore: path=" + dir
              + ", storeFormat=" + version + ", supported=" + FORMAT);
        }
      } else if (!o.readOnly()) {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FORMAT_FILE + ".tmp");
        Files.writeString(tmp, "# flowstore store directory. The queue directories are the data;\n"
            + "# every other file is derived and may be deleted.\nformat=" + FORMAT + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, format, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StoreIOException("cannot prepare the store directory: path=" + dir + ", error=" + e, e);
    }
  }

  private static int readFormat(Path format) throws IOException {
    for (String line : Files.readAllLines(format, StandardCharsets.UTF_8)) {
      String l = line.trim();
      if (l.startsWith("format=")) {
        try {
          return Integer.parseInt(l.substring("format=".length()).trim());
        } catch (NumberFormatException e) {
          throw new CorruptStoreException("unreadable store format file: path=" + format + ", line=" + l);
        }
      }
    }
    return FORMAT;
  }

  private static CorruptStoreException unknownRecord(QueueReader r) {
    return new CorruptStoreException("unknown record type: type=0x" + Integer.toHexString(r.type() & 0xFF)
        + ", " + r.where());
  }

  public Path dir() {
    return options.dir();
  }

  public Clock clock() {
    return options.clock();
  }

  public boolean readOnly() {
    return options.readOnly();
  }

  public Ingester ingester() {
    checkOpen();
    if (ingester == null) {
      throw new IllegalStateException("store is open read-only: path=" + options.dir());
    }
    return ingester;
  }

  public Dictionary flowDictionary() {
    return flowDictionary;
  }

  public StreamQueue flowsQueue() {
    return flowsQueue;
  }

  public StreamQueue quarantineQueue() {
    return quarantineQueue;
  }

  /** Flow events stored; in a read-only store, those stored when it was opened. */
  public long flowCount() {
    checkOpen();
    return segments.events();
  }

  /** The segments and indexes of the flow stream. */
  /** Bytes the store's directory takes on disk. */
  private long diskBytes() {
    return io.flowstore.internal.storage.DiskUsage.of(dir());
  }

  /** Applies the retention limits now; returns the number of cycles dropped (flow and audit). */
  public int applyRetention() {
    return segments.applyRetention(clock().millis(), this::diskBytes).size() + auditRetention();
  }

  /** Drops the audit stream's cycles past the retention age; returns how many. */
  private int auditRetention() {
    long retain = options.index().retainMillis();
    if (retain <= 0 || auditQueue == null || options.readOnly()) {
      return 0;
    }
    long last = auditQueue.lastIndex();
    if (last < 0) {
      return 0;
    }
    int writing = auditQueue.cycleOf(last); // never the cycle being written
    return auditIndex.dropBefore(clock().millis() - retain, auditQueue.rollCycle().lengthInMillis(), writing).size();
  }

  public Segments segments() {
    checkOpen();
    return segments;
  }

  public long quarantineCount() {
    checkOpen();
    return recoveredQuarantine + (quarantineWriter == null ? 0 : quarantineWriter.appended());
  }

  /**
   * Visits every flow event in ingest order, verifying each record's checksum. Dictionary
   * entries met on the way are applied, so a read-only store follows a live writer.
   */
  public long scanFlows(FlowVisitor visitor) {
    checkOpen();
    long n = 0;
    try (FlowCursor c = new FlowCursor()) {
      while (c.next()) {
        n++;
        if (!visitor.onFlow(c.view)) {
          break;
        }
      }
    }
    return n;
  }

  /** Reads flow records in order; not thread-safe. */
  public final class FlowCursor implements AutoCloseable {
    private final QueueReader reader = flowsQueue.reader();
    private final RecordFlowView view = new RecordFlowView(flowDictionary);
    private final DictionaryCodec codec = new DictionaryCodec();
    private final Crc crc = new Crc();

    /** Moves to the next flow event; false at the end of what is stored so far. */
    public boolean next() {
      while (reader.next()) {
        byte t = reader.type();
        byte[] b = reader.buffer();
        int len = reader.length();
        if (FlowRecordDescriptor.isFlow(t)) {
          if (!crc.intact(b, 0, len, FlowRecordDescriptor.minLength(t))) {
            throw new CorruptStoreException("record fails its checksum: " + reader.where());
          }
          view.wrap(b, 0, len, reader.index());
          return true;
        }
        if (DictionaryDescriptor.isDictionaryEntry(t)) {
          codec.apply(b, 0, len, flowDictionary, reader.where());
        } else {
          throw unknownRecord(reader);
        }
      }
      return false;
    }

    public RecordFlowView view() {
      return view;
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  public FlowCursor flowCursor() {
    checkOpen();
    return new FlowCursor();
  }

  /** A cursor that reads only the flow events appended after this call. */
  public FlowCursor flowCursorAtEnd() {
    checkOpen();
    FlowCursor c = new FlowCursor();
    c.reader.toEnd();
    return c;
  }

  /** Audit events stored (retention takes dropped cycles off); in a read-only store, those stored when it was opened. */
  public long auditCount() {
    checkOpen();
    return auditIndex.events();
  }

  /**
   * Waits until the flow events handed to the writer so far are appended and on stable storage
   * (so that nothing saved about them can outlive them after a power loss); returns the flow
   * queue's last index then (-1 when empty), or, in a read-only store, its last index.
   */
  public long flowsBarrier() {
    checkOpen();
    return flowsWriter != null ? flowsWriter.sync() : flowsQueue.lastIndex();
  }

  /** The audit stream's indexes. */
  public io.flowstore.internal.audit.AuditIndex auditIndex() {
    checkOpen();
    return auditIndex;
  }

  /** The audit stream's writer, started on first use. */
  private synchronized StreamWriter auditWriter() {
    checkOpen();
    if (auditWriter == null) {
      auditWriter = new StreamWriter(auditQueue, writerClock, new StreamWriter.AppendHook() {
        @Override
        public void afterAppend(long index, long headerPosition, byte[] b, int off, int len) {
          auditIndex.add(index, b, off, len);
        }
      }, options.syncEveryEvents(), options.syncIntervalMillis(), options.minFreeBytes(), 8);
    }
    return auditWriter;
  }

  /**
   * Visits every audit event in ingest order, verifying each record's checksum, until
   * {@code consumer} returns false; returns the number visited.
   */
  public long scanAudit(java.util.function.Predicate<io.flowstore.AuditEvent> consumer) {
    checkOpen();
    if (auditQueue == null) {
      return 0;
    }
    long n = 0;
    io.flowstore.internal.audit.AuditRecordCodec codec = new io.flowstore.internal.audit.AuditRecordCodec();
    try (QueueReader r = auditQueue.reader()) {
      while (r.next()) {
        if (!io.flowstore.internal.audit.AuditRecordCodec.isAudit(r.type())) {
          throw unknownRecord(r);
        }
        if (!codec.intact(r.buffer(), 0, r.length())) {
          throw new CorruptStoreException("record fails its checksum: " + r.where());
        }
        n++;
        if (!consumer.test(io.flowstore.internal.audit.AuditRecordCodec.decode(r.buffer(), 0, r.length()))) {
          break;
        }
      }
    }
    return n;
  }

  public long scanQuarantine(Consumer<QuarantinedEvent> consumer) {
    checkOpen();
    long n = 0;
    QuarantineCodec codec = new QuarantineCodec();
    try (QueueReader r = quarantineQueue.reader()) {
      while (r.next()) {
        if (r.type() != QuarantineDescriptor.TYPE_QUARANTINE_V1) {
          throw unknownRecord(r);
        }
        consumer.accept(codec.decode(r.buffer(), 0, r.length(), r.where()));
        n++;
      }
    }
    return n;
  }

  /** Forces everything appended so far to stable storage. */
  public void sync() {
    checkOpen();
    if (flowsWriter != null) {
      flowsWriter.sync();
      StreamWriter audit;
      synchronized (this) {
        audit = auditWriter;
      }
      if (audit != null) {
        audit.sync();
      }
      quarantineWriter.sync();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed: path=" + options.dir());
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (flowsWriter != null) {
        flowsWriter.close();
        if (auditWriter != null) {
          auditWriter.close();
        }
        quarantineWriter.close();
      }
      segments.close();
    } finally {
      closeQuietly(flowsQueue);
      closeQuietly(auditQueue);
      closeQuietly(quarantineQueue);
      if (lock != null) {
        lock.close();
      }
    }
  }
}
