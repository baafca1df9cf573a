package io.flowstore.internal.index;

import io.flowstore.CorruptStoreException;
import io.flowstore.StoreIOException;
import io.flowstore.internal.codec.DictionaryCodec;
import io.flowstore.internal.codec.DictionaryDescriptor;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.storage.CycleData;
import io.flowstore.internal.storage.DiskUsage;
import io.flowstore.internal.storage.QueueReader;
import io.flowstore.internal.storage.StreamQueue;
import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The segments of a flow stream and everything that keeps their indexes: indexing appends,
 * sealing, checkpoints, recovery, retention, verification. Thread-safe. Internal.
 *
 * <p>Design. A segment is one roll cycle of the queue, or a slice of one: a segment also ends
 * when it reaches {@code maxSegmentRows} excerpts. Its row ids are the excerpts' sequence
 * numbers minus the first, so bitmaps are 32-bit and dense. The newest segment is open
 * ({@link LiveSegment}): the writer thread indexes each excerpt right after appending it. When a
 * segment ends, it is frozen and handed to the maintenance thread, which builds its range
 * indexes, writes its index file and swaps in the mapped {@link SealedSegment}; queries use the
 * frozen heap indexes meanwhile. Every index file is derived: the queue is the source of truth.
 *
 * <p>Threads: the writer thread calls {@link #afterAppend} and {@link #afterBatch}; one
 * maintenance thread seals, checkpoints, writes dictionary snapshots and applies retention;
 * queries take {@link #acquire() references} to segments, which retention respects.
 */
public final class Segments implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.flowstore.index");

  /**
   * Index settings. Without {@code indexes}, segments keep their rows, positions and counts but
   * no bitmap or range index: ingest does less and queries scan.
   */
  public record Options(int maxSegmentRows, long checkpointRows, long checkpointMillis, long retainMillis,
      long retainBytes, boolean indexes) {}

  /** One segment in the list: live until sealed. */
  static final class Entry {
    final int cycle;
    final long firstSeq;
    volatile LiveSegment live;
    volatile SealedSegment sealed;
    final AtomicInteger refs = new AtomicInteger();
    volatile boolean retired;

    Entry(int cycle, long firstSeq) {
      this.cycle = cycle;
      this.firstSeq = firstSeq;
    }

    SegmentView view() {
      SealedSegment s = sealed;
      return s != null ? s : live.view();
    }

    SegmentMeta meta() {
      SealedSegment s = sealed;
      return s != null ? s.meta() : live.view().meta();
    }

    String name() {
      return String.format("%010d-%012d", cycle, firstSeq);
    }
  }

  private final StreamQueue queue;
  private final Dictionary dictionary;
  private final Path dir;
  private final Options options;
  private final Clock clock;
  private final java.util.concurrent.ScheduledExecutorService maintenance;
  private final boolean readOnly;
  private final Map<Integer, CycleData> cycles = new ConcurrentHashMap<>();
  private volatile List<Entry> entries = List.of();

  // writer thread
  private Entry open;
  private final RowKeys keys;
  private final RecordFlowView view;
  private volatile long lastAppendedIndex = -1;
  private int checkpointedRows;
  private long checkpointedAt;
  private volatile boolean checkpointPending;

  /** With {@code readOnly}, nothing is written or deleted: missing indexes are built in memory. */
  public Segments(StreamQueue queue, Dictionary dictionary, Path dir, Options options, Clock clock, boolean readOnly) {
    this.readOnly = readOnly;
    this.queue = queue;
    this.dictionary = dictionary;
    this.dir = dir;
    this.options = options;
    this.clock = clock;
    this.keys = new RowKeys(dictionary);
    this.view = new RecordFlowView(dictionary);
    try {
      if (!readOnly) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new StoreIOException("cannot create the index directory: path=" + dir + ", error=" + e, e);
    }
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flowstore-index-" + queue.name());
      t.setDaemon(true);
      return t;
    });
    this.checkpointedAt = clock.millis();
  }

  CycleData cycleData(int cycle) {
    return cycles.computeIfAbsent(cycle, c -> new CycleData(queue.cycleFile(c)));
  }

  // ---------------------------------------------------------------- writer side

  /** Indexes the excerpt just appended at {@code index}; writer thread only. */
  public void afterAppend(long index, long headerPosition, byte[] b, int off, int len) {
    int cycle = queue.cycleOf(index);
    long seq = queue.sequenceOf(index);
    if (open == null || open.cycle != cycle || seq - open.firstSeq >= options.maxSegmentRows()) {
      if (open != null) {
        sealLater(open);
      }
      open = newEntry(cycle, seq, index, headerPosition);
    }
    RowKeys k = null;
    if (FlowRecordDescriptor.isFlow(b[off])) {
      view.wrap(b, off, len, index);
      keys.of(view);
      k = keys;
    }
    open.live.add((int) (seq - open.firstSeq), headerPosition, len, k);
    lastAppendedIndex = index;
  }

  private Entry newEntry(int cycle, long seq, long index, long headerPosition) {
    Entry e = new Entry(cycle, seq);
    e.live = new LiveSegment(cycle, seq, index, headerPosition, cycleData(cycle), dictionary, options.indexes(),
        holding(e));
    publish(e);
    checkpointedRows = 0;
    return e;
  }

  private synchronized void publish(Entry e) {
    List<Entry> next = new ArrayList<>(entries);
    next.add(e);
    entries = Collections.unmodifiableList(next);
  }

  /** After a batch: schedule a checkpoint of the open segment when one is due; writer thread only. */
  public void afterBatch() {
    Entry e = open;
    if (e == null || checkpointPending) {
      return;
    }
    int rows = e.live.rowsForWriter();
    long now = clock.millis();
    boolean byRows = rows - checkpointedRows >= options.checkpointRows();
    boolean byTime = rows > checkpointedRows && now - checkpointedAt >= options.checkpointMillis();
    if (byRows || byTime) {
      checkpointedRows = rows;
      checkpointedAt = now;
      checkpointPending = true;
      try {
        holding(e).execute(() -> {
          try {
            checkpoint(e);
          } finally {
            checkpointPending = false;
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        checkpointPending = false;
      }
    }
  }

  /**
   * Frozen segments waiting for the maintenance thread at most: past this the writer waits, so
   * that a writer faster than sealing cannot pile up segments' heap indexes without bound.
   */
  static final int MAX_PENDING_SEALS = 2;
  private final java.util.concurrent.Semaphore sealSlots = new java.util.concurrent.Semaphore(MAX_PENDING_SEALS);

  private void sealLater(Entry e) {
    e.live.freeze();
    boolean interrupted = false;
    while (true) {
      try {
        if (sealSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          break;
        }
        if (maintenance.isShutdown()) {
          break; // closing: close() seals what is left
        }
      } catch (InterruptedException ex) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      boolean queued = submitHolding(e, () -> {
        try {
          seal(e);
        } finally {
          sealSlots.release();
        }
      });
      if (!queued) {
        sealSlots.release();
      }
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      sealSlots.release();
      throw closing;
    }
  }

  /**
   * Runs tasks that read {@code e}'s records on the maintenance thread, each holding a
   * reference to {@code e} from the moment it is queued until it has run, so that retention
   * cannot unmap the segment's cycle under it (a read of an unmapped page kills the JVM); a
   * task queued for a segment retention already retired is dropped.
   */
  private java.util.concurrent.Executor holding(Entry e) {
    return task -> submitHolding(e, task);
  }

  /** Queues {@code task} as {@link #holding} does; false when it was dropped (the segment is retired). */
  private boolean submitHolding(Entry e, Runnable task) {
    e.refs.incrementAndGet();
    if (e.retired) {
      release(e);
      return false;
    }
    try {
      maintenance.execute(() -> {
        try {
          task.run();
        } finally {
          release(e);
        }
      });
      return true;
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      release(e);
      throw closing;
    }
  }

  private void release(Entry e) {
    if (e.refs.decrementAndGet() == 0 && e.retired) {
      try {
        maintenance.execute(this::deleteRetired);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // closing: the next open applies retention again
      }
    }
  }

  // ---------------------------------------------------------------- maintenance

  private void seal(Entry e) {
    if (e.retired || e.sealed != null || readOnly) {
      return; // read-only: the frozen segment answers from the heap
    }
    try {
      long covered = lastAppendedIndex;
      LiveSegment live = e.live;
      LiveSegment.Snapshot s = live.snapshot();
      SegmentFile.RangeData ranges = live.indexed() ? ranges(live, s, f -> true) : null;
      Path file = dir.resolve(e.name() + ".fsix");
      SegmentFile.write(file, s, ranges, false, live.indexed());
      io.flowstore.internal.CrashPoints.reach(io.flowstore.internal.CrashPoints.SEAL); // sealed file written, checkpoint not yet gone
      e.sealed = new SealedSegment(file, SegmentFile.read(file), live.data(), dictionary);
      e.live = null;
      Files.deleteIfExists(dir.resolve(e.name() + ".fsck"));
      DictionarySnapshot.write(dir.resolve("dictionary.fsdc"), dictionary, covered);
    } catch (SegmentFile.InvalidIndexException | IOException | RuntimeException | AssertionError ex) {
      // the segment stays queryable from its heap indexes; the next open rebuilds the file
      LOG.log(System.Logger.Level.ERROR, "sealing failed, the segment stays on the heap: segment=" + e.name()
          + ", error=" + ex, ex);
    }
  }

  private void checkpoint(Entry e) {
    if (readOnly || e.retired || e.live == null || e.live.isFrozen()) {
      return;
    }
    try {
      long covered = lastAppendedIndex;
      LiveSegment.Snapshot s = e.live.snapshot();
      SegmentFile.write(dir.resolve(e.name() + ".fsck"), s, null, true, e.live.indexed());
      io.flowstore.internal.CrashPoints.reach(io.flowstore.internal.CrashPoints.CHECKPOINT); // dictionary snapshot not yet written
      DictionarySnapshot.write(dir.resolve("dictionary.fsdc"), dictionary, covered);
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.WARNING, "checkpoint failed; reopening will replay more: segment=" + e.name()
          + ", error=" + ex);
    }
  }

  /**
   * Builds the range indexes and IPv6 columns of a frozen segment by reading its records; a
   * {@link RangeField#ranked()} field is indexed by rank where that pays and {@code mayRank}
   * allows it (verify rebuilds as the stored file chose: a file of format 6 has no ranks).
   */
  private SegmentFile.RangeData ranges(LiveSegment live, LiveSegment.Snapshot s, java.util.function.IntPredicate mayRank) {
    SegmentFile.RangeData r = new SegmentFile.RangeData();
    int fields = RangeField.values().length;
    HighValues.Builder[] highs = new HighValues.Builder[fields];
    Ranks.Builder[] rankers = new Ranks.Builder[fields];
    for (int f = 0; f < fields; f++) {
      boolean any = s.min[f] <= s.max[f];
      r.base[f] = any ? s.min[f] : 0;
      long spread = any ? s.max[f] - s.min[f] : 0;
      r.maxRel[f] = spread;
      r.presence[f] = new MutableRoaringBitmap();
      // a spread that overflows 63 bits (values from Long.MIN to Long.MAX) is scanned instead
      r.appenders[f] = spread < 0 ? null : new RangeBitmapWriter(Math.max(1, spread));
      if (RangeField.values()[f].keepsHighValues() && r.appenders[f] != null) {
        highs[f] = new HighValues.Builder(s.meta.rows());
      }
      if (RangeField.values()[f].ranked() && r.appenders[f] != null && mayRank.test(f)) {
        // values or ranks: decided once the distinct values are known, the bitmap written then
        rankers[f] = new Ranks.Builder(s.meta.rows());
        r.appenders[f] = null;
      }
    }
    List<long[]> src = new ArrayList<>();
    List<long[]> dst = new ArrayList<>();
    SegmentRows rows = new SegmentRows(live.data(), live.firstIndex(), s.positions, s.meta.rows(), dictionary);
    RowKeys k = new RowKeys(dictionary);
    for (int row = 0; row < s.meta.rows(); row++) {
      boolean event = rows.load(row);
      if (event) {
        k.of(rows.view());
      }
      for (int f = 0; f < fields; f++) {
        boolean has = event && k.present[f];
        if (has) {
          r.presence[f].add(row);
          if (highs[f] != null) {
            highs[f].add(row, k.values[f] - r.base[f]);
          }
          if (rankers[f] != null) {
            rankers[f].add(row, k.values[f]);
          }
        }
        if (r.appenders[f] != null) {
          r.appenders[f].add(has ? k.values[f] - r.base[f] : 0);
        }
      }
      if (event && k.srcV6) {
        src.add(new long[] {k.srcHigh, k.srcLow, row});
      }
      if (event && k.dstV6) {
        dst.add(new long[] {k.dstHigh, k.dstLow, row});
      }
    }
    for (int f = 0; f < fields; f++) {
      r.highs[f] = highs[f] == null ? null : highs[f].build();
      Ranks.Builder rb = rankers[f];
      if (rb != null) {
        boolean ranked = Ranks.worthIt(rb.distinct(), r.maxRel[f]);
        Ranks ranks = ranked ? rb.ranks() : null;
        RangeBitmapWriter a = new RangeBitmapWriter(Math.max(1, ranked ? ranks.size() - 1 : r.maxRel[f]));
        for (int row = 0; row < s.meta.rows(); row++) {
          a.add(!rb.has(row) ? 0 : ranked ? rb.rank(row) : rb.value(row) - r.base[f]);
        }
        r.appenders[f] = a;
        r.ranks[f] = ranks;
        rankers[f] = null; // its per-row values are in the bitmap now
      }
    }
    r.v6Src = src.toArray(new long[0][]);
    r.v6SrcCount = src.size();
    r.v6Dst = dst.toArray(new long[0][]);
    r.v6DstCount = dst.size();
    return r;
  }

  // ---------------------------------------------------------------- recovery

  /**
   * Loads the index files that check out and rebuilds from the queue whatever is missing,
   * truncated, damaged or does not match the queue. Called once, before the writer starts.
   */
  public void recover() {
    long covered = -1;
    Path dictFile = dir.resolve("dictionary.fsdc");
    if (Files.exists(dictFile)) {
      try {
        covered = DictionarySnapshot.read(dictFile, dictionary);
      } catch (SegmentFile.InvalidIndexException e) {
        LOG.log(System.Logger.Level.WARNING, "rebuilding the dictionary from the queue: " + e.getMessage());
      }
    }
    // dictionary entries after the snapshot (or all of them) come from the queue
    applyDictionaryEntries(covered);

    Map<String, SegmentFile.Parsed> sealedFiles = new HashMap<>();
    Map<String, SegmentFile.Parsed> checkpoints = new HashMap<>();
    loadIndexFiles(sealedFiles, checkpoints);

    List<Entry> list = new ArrayList<>();
    List<Long> cycleList = new ArrayList<>(queue.cycles());
    for (int ci = 0; ci < cycleList.size(); ci++) {
      int cycle = cycleList.get(ci).intValue();
      boolean last = ci == cycleList.size() - 1;
      recoverCycle(cycle, last, sealedFiles, checkpoints, list);
    }
    for (Map.Entry<String, SegmentFile.Parsed> stale : sealedFiles.entrySet()) {
      deleteQuietly(dir.resolve(stale.getKey() + ".fsix"), "it covers no part of the queue");
    }
    for (Map.Entry<String, SegmentFile.Parsed> stale : checkpoints.entrySet()) {
      deleteQuietly(dir.resolve(stale.getKey() + ".fsck"), "it is not the open segment's checkpoint");
    }
    synchronized (this) {
      entries = Collections.unmodifiableList(list);
    }
    if (!list.isEmpty() && list.get(list.size() - 1).live != null && !list.get(list.size() - 1).live.isFrozen()) {
      open = list.get(list.size() - 1);
      checkpointedRows = open.live.rowsForWriter();
    }
  }

  private void loadIndexFiles(Map<String, SegmentFile.Parsed> sealed, Map<String, SegmentFile.Parsed> checkpoints) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        boolean isSealed = name.endsWith(".fsix");
        boolean isCheckpoint = name.endsWith(".fsck");
        if (name.endsWith(".tmp")) {
          deleteQuietly(f, "it is an unfinished write");
          continue;
        }
        if (!isSealed && !isCheckpoint) {
          continue;
        }
        String key = name.substring(0, name.length() - 5);
        try {
          SegmentFile.Parsed p = SegmentFile.read(f);
          if (p.indexed != options.indexes()) {
            throw new SegmentFile.InvalidIndexException("index file of a store " + (p.indexed ? "with" : "without")
                + " indexes, opened " + (options.indexes() ? "with" : "without") + " them: path=" + f);
          }
          if (p.checkpoint != isCheckpoint || !key.equals(new Entry(p.meta.cycle(), p.meta.firstSeq()).name())) {
            throw new SegmentFile.InvalidIndexException("index file does not match its name: path=" + f);
          }
          checkMatchesQueue(f, p);
          (isSealed ? sealed : checkpoints).put(key, p);
        } catch (SegmentFile.InvalidIndexException e) {
          deleteQuietly(f, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new StoreIOException("cannot list the index directory: path=" + dir + ", error=" + e, e);
    }
  }

  /** The file's range must exist in the queue: its first and last rows are data excerpts there. */
  private void checkMatchesQueue(Path f, SegmentFile.Parsed p) throws SegmentFile.InvalidIndexException {
    Path cycleFile = queue.cycleFile(p.meta.cycle());
    try {
      if (!Files.exists(cycleFile)) {
        throw new SegmentFile.InvalidIndexException("index file for a cycle the queue no longer has: path=" + f);
      }
      long size = Files.size(cycleFile);
      if (p.meta.endPosition() > size || p.positions.length != (p.meta.rows() + SegmentRows.STEP - 1) / SegmentRows.STEP) {
        throw new SegmentFile.InvalidIndexException("index file does not match the queue: path=" + f);
      }
      CycleData data = cycleData(p.meta.cycle());
      for (long pos : new long[] {p.meta.firstPosition(), p.positions.length == 0 ? p.meta.firstPosition()
          : p.positions[p.positions.length - 1]}) {
        if (!CycleData.isReadyData(data.header(pos))) {
          throw new SegmentFile.InvalidIndexException("index file does not match the queue: path=" + f
              + ", position=" + pos);
        }
      }
      if (p.meta.rows() > 0 && p.firstIndex != queue.index(p.meta.cycle(), p.meta.firstSeq())) {
        throw new SegmentFile.InvalidIndexException("index file does not match the queue: path=" + f);
      }
    } catch (IOException | RuntimeException e) {
      throw new SegmentFile.InvalidIndexException("index file does not match the queue: path=" + f + ", detail=" + e);
    }
  }

  private void recoverCycle(int cycle, boolean last, Map<String, SegmentFile.Parsed> sealedFiles,
      Map<String, SegmentFile.Parsed> checkpoints, List<Entry> list) {
    CycleData data = cycleData(cycle);
    long seq = 0;
    long pos = firstDataHeader(data);
    while (pos >= 0) {
      String name = new Entry(cycle, seq).name();
      SegmentFile.Parsed sealed = sealedFiles.remove(name);
      if (sealed != null) {
        Entry e = new Entry(cycle, seq);
        e.sealed = new SealedSegment(dir.resolve(name + ".fsix"), sealed, data, dictionary);
        list.add(e);
        seq += sealed.meta.rows();
        pos = nextDataHeader(data, sealed.meta.endPosition());
        continue;
      }
      // no usable sealed file here: rebuild from the queue, from a checkpoint when there is one
      Entry e = new Entry(cycle, seq);
      long index = queue.index(cycle, seq);
      e.live = new LiveSegment(cycle, seq, index, pos, data, dictionary, options.indexes(), holding(e));
      SegmentFile.Parsed cp = checkpoints.remove(name);
      long from = pos;
      int row = 0;
      if (cp != null && cp.meta.firstPosition() == pos && cp.indexed == options.indexes()) {
        e.live.restore(SegmentFile.toSnapshot(cp));
        row = cp.meta.rows();
        from = nextDataHeader(data, cp.meta.endPosition());
      } else if (cp != null) {
        deleteQuietly(dir.resolve(name + ".fsck"), "it does not match the queue");
      }
      if (cp == null) {
        LOG.log(System.Logger.Level.INFO, "rebuilding segment index from the queue: segment=" + name);
      }
      long next = replay(e.live, row, from, data);
      list.add(e);
      boolean full = e.live.rowsForWriter() >= options.maxSegmentRows();
      if (!last || full) {
        e.live.freeze();
        seal(e);
      }
      seq += e.live == null ? e.sealed.meta().rows() : e.live.rowsForWriter();
      pos = next;
      if (!full) {
        break;
      }
    }
  }

  /**
   * Feeds the excerpts from header position {@code pos} on into {@code seg}, starting at
   * {@code row}, until the segment is full or the cycle's data ends. Returns the header position
   * of the next data excerpt (the start of the next segment), or -1 at the end.
   */
  private long replay(LiveSegment seg, int row, long pos, CycleData data) {
    byte[] buf = new byte[512];
    RowKeys k = new RowKeys(dictionary);
    RecordFlowView v = new RecordFlowView(dictionary);
    DictionaryCodec codec = new DictionaryCodec();
    io.flowstore.internal.codec.Crc crc = new io.flowstore.internal.codec.Crc();
    while (pos >= 0 && row < options.maxSegmentRows()) {
      int h = data.header(pos);
      int len = CycleData.lengthOf(h);
      if (len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(len, buf.length * 2));
      }
      data.read(pos + 4, buf, len);
      RowKeys keysOf = null;
      if (FlowRecordDescriptor.isFlow(buf[0])) {
        if (!crc.intact(buf, 0, len, FlowRecordDescriptor.minLength(buf[0]))) {
          throw new CorruptStoreException("record fails its checksum: file=" + data.file() + ", position=" + pos);
        }
        v.wrap(buf, 0, len, 0);
        k.of(v);
        keysOf = k;
      } else if (DictionaryDescriptor.isDictionaryEntry(buf[0])) {
        codec.apply(buf, 0, len, dictionary, "file=" + data.file() + ", position=" + pos);
      } else {
        throw new CorruptStoreException("unknown record type: type=0x" + Integer.toHexString(buf[0] & 0xFF)
            + ", file=" + data.file() + ", position=" + pos);
      }
      seg.add(row++, pos, len, keysOf);
      pos = nextDataHeader(data, CycleData.next(pos, h));
    }
    return pos;
  }

  /** The first data excerpt of a cycle file (after Chronicle's header and index metadata), or -1. */
  private static long firstDataHeader(CycleData data) {
    return nextDataHeader(data, 0);
  }

  /** The first ready data excerpt at or after {@code pos}, or -1 where the written data ends. */
  static long nextDataHeader(CycleData data, long pos) {
    try {
      while (true) {
        int h = data.header(pos);
        if (CycleData.isReadyData(h)) {
          return pos;
        }
        if (!CycleData.isReadyMetaData(h)) {
          return -1; // not written yet, unfinished, or the end-of-data marker
        }
        pos = CycleData.next(pos, h);
      }
    } catch (StoreIOException e) {
      return -1; // past the end of the file
    }
  }

  /** Applies the dictionary entries after queue index {@code covered} (all when -1). */
  private void applyDictionaryEntries(long covered) {
    DictionaryCodec codec = new DictionaryCodec();
    try (QueueReader r = queue.reader()) {
      if (covered >= 0) {
        if (r.moveTo(covered)) {
          r.next(); // the covered excerpt itself
        } else {
          r.toStart(); // the covered excerpt is gone (retention): read everything
        }
      }
      long last = covered;
      while (r.next()) {
        last = r.index();
        if (DictionaryDescriptor.isDictionaryEntry(r.type())) {
          codec.apply(r.buffer(), 0, r.length(), dictionary, r.where());
        }
      }
      // the dictionary now covers the whole queue: the next snapshot says so, even if nothing is
      // appended before it, so the next open reads nothing here
      lastAppendedIndex = last;
    }
  }

  private void deleteQuietly(Path f, String why) {
    LOG.log(System.Logger.Level.WARNING, "discarding index file, it will be rebuilt from the queue: " + why
        + " (" + f.getFileName() + ")");
    if (readOnly) {
      return;
    }
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete index file: path=" + f + ", error=" + e);
    }
  }

  // ---------------------------------------------------------------- queries

  /** The segments queries see, each referenced until {@link Acquired#close()}. */
  public final class Acquired implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<Entry> list;
    private final List<SegmentView> views;

    Acquired(List<Entry> list) {
      this.list = list;
      List<SegmentView> v = new ArrayList<>(list.size());
      for (Entry e : list) {
        v.add(e.view());
      }
      this.views = Collections.unmodifiableList(v);
    }

    public List<SegmentView> views() {
      return views;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return; // idempotent: a second close must not release the references again
      }
      for (Entry e : list) {
        release(e);
      }
    }
  }

  /** Takes a reference to every current segment; close it when the query is done. */
  public Acquired acquire() {
    List<Entry> current = entries;
    List<Entry> taken = new ArrayList<>(current.size());
    for (Entry e : current) {
      e.refs.incrementAndGet();
      if (e.retired) {
        e.refs.decrementAndGet();
      } else {
        taken.add(e);
      }
    }
    return new Acquired(taken);
  }

  /** Flow events in all segments. */
  public long events() {
    long n = 0;
    for (Entry e : entries) {
      n += e.meta().events();
    }
    return n;
  }

  public int segmentCount() {
    return entries.size();
  }

  /** Waits until every segment that is due is sealed (for tests, tools and close). */
  public void awaitMaintenance() {
    Future<?> f = maintenance.submit(() -> { });
    try {
      f.get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new StoreIOException("index maintenance did not finish: error=" + e, e);
    }
  }

  // ---------------------------------------------------------------- retention

  /** Runs {@code pass} (the store's retention: these segments', then its other streams') every minute when a limit is set. */
  public void startRetention(Runnable pass) {
    if (readOnly || (options.retainMillis() <= 0 && options.retainBytes() <= 0)) {
      return;
    }
    maintenance.scheduleWithFixedDelay(() -> {
      try {
        pass.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "retention failed: error=" + e);
      }
    }, 1, 60, TimeUnit.SECONDS);
  }

  /**
   * Drops whole cycles that are past the retention age (by the end of the cycle, in ingest
   * time) or over the size limit (oldest first). Never the cycle being written. A dropped
   * segment disappears from new queries at once; its files are deleted when the last query
   * that holds it is done. Returns the cycles dropped. The store's size is measured only when a
   * size limit is set.
   */
  public synchronized List<Integer> applyRetention(long nowMillis, java.util.function.LongSupplier storeBytes) {
    List<Entry> current = entries;
    if (current.isEmpty() || (options.retainMillis() <= 0 && options.retainBytes() <= 0)) {
      return List.of();
    }
    int writing = current.get(current.size() - 1).cycle;
    TreeMap<Integer, List<Entry>> byCycle = new TreeMap<>();
    for (Entry e : current) {
      byCycle.computeIfAbsent(e.cycle, c -> new ArrayList<>()).add(e);
    }
    List<Integer> drop = new ArrayList<>();
    long bytes = options.retainBytes() > 0 ? storeBytes.getAsLong() : 0;
    long length = queue.rollCycle().lengthInMillis();
    for (Map.Entry<Integer, List<Entry>> c : byCycle.entrySet()) {
      int cycle = c.getKey();
      if (cycle >= writing) {
        break;
      }
      long cycleEnd = ((long) cycle + 1) * length;
      boolean old = options.retainMillis() > 0 && cycleEnd <= nowMillis - options.retainMillis();
      boolean over = options.retainBytes() > 0 && bytes > options.retainBytes();
      if (!old && !over) {
        break;
      }
      drop.add(cycle);
      bytes -= cycleBytes(cycle);
    }
    if (drop.isEmpty()) {
      return drop;
    }
    List<Entry> keep = new ArrayList<>();
    for (Entry e : current) {
      if (drop.contains(e.cycle)) {
        e.retired = true;
        retired.add(e);
      } else {
        keep.add(e);
      }
    }
    entries = Collections.unmodifiableList(keep);
    deleteRetired();
    return drop;
  }

  private final List<Entry> retired = Collections.synchronizedList(new ArrayList<>());

  /** Bytes written for a cycle: its data up to the last segment's end, and its index files. */
  private long cycleBytes(int cycle) {
    long n = 0;
    for (Entry e : entries) {
      if (e.cycle == cycle) {
        n = Math.max(n, e.meta().endPosition());
        if (e.sealed != null) {
          n += DiskUsage.apparent(e.sealed.file());
        }
      }
    }
    return n;
  }

  /** Deletes the files of retired segments no query holds any more. */
  private synchronized void deleteRetired() {
    Map<Integer, Boolean> cycleFree = new HashMap<>();
    for (Entry e : new ArrayList<>(retired)) {
      cycleFree.merge(e.cycle, e.refs.get() == 0, Boolean::logicalAnd);
    }
    for (Map.Entry<Integer, Boolean> c : cycleFree.entrySet()) {
      if (!c.getValue()) {
        continue;
      }
      int cycle = c.getKey();
      for (Entry e : new ArrayList<>(retired)) {
        if (e.cycle == cycle) {
          retired.remove(e);
          try {
            if (e.sealed != null) {
              Files.deleteIfExists(e.sealed.file());
            }
            Files.deleteIfExists(dir.resolve(e.name() + ".fsck"));
          } catch (IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete index file: segment=" + e.name() + ", error=" + ex);
          }
        }
      }
      io.flowstore.internal.CrashPoints.reach(io.flowstore.internal.CrashPoints.RETENTION); // index files gone, queue file not yet
      CycleData data = cycles.remove(cycle);
      if (data != null) {
        data.close();
      }
      queue.deleteCycle(cycle);
    }
  }

  // ---------------------------------------------------------------- verify

  /** What {@link #verify} found. */
  public record Report(int segments, long rows, long events, List<String> problems) {
    public boolean consistent() {
      return problems.isEmpty();
    }
  }

  /**
   * Checks every index against the records of its segment: rebuilds each segment's index in
   * memory from the queue and compares every bitmap, range index, IPv6 column, position and
   * count. Reports what differs; changes nothing.
   */
  public Report verify(Consumer<String> progress) {
    List<String> problems = new ArrayList<>();
    long rows = 0;
    long events = 0;
    try (Acquired a = acquire()) {
      for (int i = 0; i < a.list.size(); i++) {
        Entry e = a.list.get(i);
        SegmentView v = a.views.get(i);
        SegmentMeta m = v.meta();
        progress.accept("segment " + e.name() + ": " + m.rows() + " rows" + (v.sealed() ? "" : " (open)"));
        // range chunks built as they fill (on this thread), so no segment-long columns pile up
        LiveSegment fresh = new LiveSegment(m.cycle(), m.firstSeq(), queue.index(m.cycle(), m.firstSeq()),
            m.firstPosition(), cycleData(m.cycle()), dictionary, v.indexed(), Runnable::run);
        try {
          verifyReplay(fresh, m, problems, e.name());
          LiveSegment.Snapshot s = fresh.snapshot();
          compare(e.name(), v, s, problems);
          if (v instanceof SealedSegment && v.indexed()) {
            compareRanges(e.name(), (SealedSegment) v, fresh, s, problems);
          }
        } catch (RuntimeException ex) {
          problems.add("segment " + e.name() + ": cannot be read: " + ex.getMessage());
        }
        rows += m.rows();
        events += m.events();
      }
      return new Report(a.list.size(), rows, events, problems);
    }
  }

  private void verifyReplay(LiveSegment fresh, SegmentMeta m, List<String> problems, String name) {
    CycleData data = cycleData(m.cycle());
    long pos = m.firstPosition();
    byte[] buf = new byte[512];
    RowKeys k = new RowKeys(dictionary);
    RecordFlowView v = new RecordFlowView(dictionary);
    io.flowstore.internal.codec.Crc crc = new io.flowstore.internal.codec.Crc();
    for (int row = 0; row < m.rows(); row++) {
      pos = nextDataHeader(data, pos);
      if (pos < 0) {
        problems.add("segment " + name + ": the queue ends at row " + row + " of " + m.rows());
        return;
      }
      int h = data.header(pos);
      int len = CycleData.lengthOf(h);
      if (len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(len, buf.length * 2));
      }
      data.read(pos + 4, buf, len);
      RowKeys keysOf = null;
      if (FlowRecordDescriptor.isFlow(buf[0])) {
        if (!crc.intact(buf, 0, len, FlowRecordDescriptor.minLength(buf[0]))) {
          problems.add("segment " + name + ": row " + row + " fails its checksum at position " + pos);
          continue;
        }
        v.wrap(buf, 0, len, 0);
        k.of(v);
        keysOf = k;
      }
      fresh.add(row, pos, len, keysOf);
      pos = CycleData.next(pos, h);
    }
  }

  private static void compare(String name, SegmentView v, LiveSegment.Snapshot s, List<String> problems) {
    if (!v.events().equals(s.events)) {
      problems.add("segment " + name + ": event rows differ from the records");
    }
    if (v.meta().events() != s.meta.events() || v.meta().rows() != s.meta.rows()) {
      problems.add("segment " + name + ": counts differ: index events=" + v.meta().events() + ", records="
          + s.meta.events());
    }
    if (!v.indexed()) {
      return;
    }
    for (Dim d : Dim.values()) {
      List<Object[]> expected = s.dimEntries(d);
      for (Object[] entry : expected) {
        long key = (Long) entry[0];
        if (!v.dim(d, key).equals(entry[1])) {
          problems.add("segment " + name + ": index " + d + " value " + key + " differs from the records");
        }
      }
      if (v instanceof SealedSegment) {
        long[] keys = ((SealedSegment) v).keys(d);
        if (keys.length != expected.size()) {
          problems.add("segment " + name + ": index " + d + " has " + keys.length + " values, records have "
              + expected.size());
        }
      }
    }
    for (Rollup.Kind k : Rollup.Kind.values()) {
      compareRollup(name, v, k, s.rollups[k.ordinal()], problems);
    }
  }

  private static void compareRollup(String name, SegmentView v, Rollup.Kind kind, Rollup fresh, List<String> problems) {
    java.util.TreeMap<Long, List<Long>> expected = new java.util.TreeMap<>();
    fresh.visit(shape -> true, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> expected.put(
        ((long) shape << 32) | (place & 0xFFFF_FFFFL), List.of(rows, bytesRows, bytesSum, packetsRows, packetsSum)));
    java.util.TreeMap<Long, List<Long>> stored = new java.util.TreeMap<>();
    boolean has = v.rollup(kind, shape -> true, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> stored.put(
        ((long) shape << 32) | (place & 0xFFFF_FFFFL), List.of(rows, bytesRows, bytesSum, packetsRows, packetsSum)));
    if (!has) {
      if (v instanceof SealedSegment && fresh.usable()) {
        problems.add("segment " + name + ": the rollup by " + kind + " is missing");
      }
      return;
    }
    if (!stored.equals(expected) || v.rollupSumsExact(kind) != fresh.sumsExact()
        || !java.util.Arrays.equals(v.rollupV6(kind), fresh.v6Table())) {
      problems.add("segment " + name + ": the rollup by " + kind + " differs from the records");
    }
  }

  private void compareRanges(String name, SealedSegment v, LiveSegment fresh, LiveSegment.Snapshot s,
      List<String> problems) {
    // ranks are a choice of representation: rebuild each field as the stored file holds it
    SegmentFile.RangeData r = ranges(fresh, s, f -> v.rangeRanks(f) != null);
    for (RangeField f : RangeField.values()) {
      int i = f.ordinal();
      if (!v.range(f, Long.MIN_VALUE, Long.MAX_VALUE).equals(r.presence[i])) {
        problems.add("segment " + name + ": range index " + f + " covers other rows than the records have");
      }
      RangeBitmapWriter a = r.appenders[i];
      if (a != null) {
        // same input, same serialization: compare the bytes of the rebuilt and the stored index
        ByteBuffer b = ByteBuffer.allocate(a.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
        a.serialize(b);
        b.flip();
        ByteBuffer stored = v.rangeBits(i);
        if (stored == null || !b.equals(stored.duplicate().order(ByteOrder.LITTLE_ENDIAN))) {
          problems.add("segment " + name + ": range index " + f + " differs from the records");
        }
      }
      if (!java.util.Objects.equals(v.rangeRanks(i), r.ranks[i])) {
        problems.add("segment " + name + ": the distinct values of " + f + " differ from the records");
      }
      HighValues high = v.rangeHighs(i);
      if (high != null && !high.equals(r.highs[i])) {
        problems.add("segment " + name + ": the highest values of " + f + " differ from the records");
      }
    }
    for (int side = 0; side < 2; side++) {
      MutableRoaringBitmap expected = new MutableRoaringBitmap();
      for (long[] e : side == 0 ? Arrays.copyOf(r.v6Src, r.v6SrcCount) : Arrays.copyOf(r.v6Dst, r.v6DstCount)) {
        expected.add((int) e[2]);
      }
      if (!v.v6(side == 0, 0, 0, -1, -1).equals(expected)) {
        problems.add("segment " + name + ": IPv6 " + (side == 0 ? "source" : "destination") + " column differs");
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Checkpoints the open segment, finishes pending seals, and unmaps. */
  @Override
  public void close() {
    Entry e = open;
    if (e != null && e.live != null && !e.live.isFrozen()) {
      holding(e).execute(() -> checkpoint(e));
    }
    maintenance.shutdown(); // scheduled retention stops; pending seals and the checkpoint finish
    try {
      if (!maintenance.awaitTermination(10, TimeUnit.MINUTES)) {
        LOG.log(System.Logger.Level.WARNING, "index maintenance did not finish in time");
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    for (CycleData d : cycles.values()) {
      d.close();
    }
    cycles.clear();
  }
}
