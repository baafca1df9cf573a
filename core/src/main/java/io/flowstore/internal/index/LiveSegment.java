package io.flowstore.internal.index;

import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.storage.CycleData;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The open segment: its indexes live on the heap and grow with every append. Thread-safe:
 * the writer thread mutates it under the write lock, one excerpt at a time; a query takes the
 * read lock only to copy what it needs. Internal.
 *
 * <p>Visibility rule: the writer appends an excerpt to the queue first, then, under the write
 * lock, adds its row to every bitmap and moves {@code rows} past it. A view reads {@code rows}
 * under the read lock and clips every bitmap it hands out to rows below it, so a query never
 * sees a bit for a row that is not readable, nor a readable row that an index does not cover,
 * and every bitmap of one view covers the same rows. Ingest waits for a query for at most the
 * time to copy one bitmap.
 *
 * <p>What is indexed per row: the event bitmap, one bitmap per shape and per place (dictionary
 * tuples; the twelve dimensions they carry are derived from them, see {@link TupleDims}), one
 * per value of proto and vers, the ports into {@link ChunkedDim} columns, the rollups, min/max
 * of the range fields. Copies for queries and snapshots share every bitmap container that can no longer
 * change ({@link #prefix}).
 *
 * <p>Once {@link #freeze() frozen} (its cycle rolled or it reached its row limit) it no longer
 * changes, until the maintenance thread replaces it with a {@link SealedSegment}.
 */
public final class LiveSegment {
  private final int cycle;
  private final long firstSeq;
  private final long firstIndex;
  private final long firstPosition;
  private final CycleData data;
  private final Dictionary dictionary;
  private final boolean indexed;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  final MutableRoaringBitmap events = new MutableRoaringBitmap();
  /** {@link #BITMAP} dimensions only; the others are chunked or derived from tuples. */
  final MutableDim[] dims = new MutableDim[Dim.values().length];
  /** {@link #CHUNKED} dimensions only. */
  final ChunkedDim[] chunked = new ChunkedDim[Dim.values().length];
  final MutableDim shapes = new MutableDim();
  final MutableDim places = new MutableDim();
  final MutableRoaringBitmap v6Src = new MutableRoaringBitmap();
  final MutableRoaringBitmap v6Dst = new MutableRoaringBitmap();
  final MutableRoaringBitmap eventTypes = new MutableRoaringBitmap();
  /** Per {@link Rollup.Kind}. */
  final Rollup[] rollups = {new Rollup(), new Rollup(), new Rollup()};
  final long[] min = new long[RangeField.values().length];
  final long[] max = new long[RangeField.values().length];
  /** The range fields' columns and per-chunk range bitmaps; null without indexes. */
  private final RangeChunks ranges;
  private final java.util.concurrent.Executor builder;
  long[] positions = new long[16];
  int rows;
  long endPosition;
  long eventCount;
  private volatile boolean frozen;

  /**
   * {@code builder} (the maintenance thread; null: none) builds the range bitmaps of full chunks
   * and reads back those of a restored checkpoint.
   */
  LiveSegment(int cycle, long firstSeq, long firstIndex, long firstPosition, CycleData data, Dictionary dictionary,
      boolean indexed, java.util.concurrent.Executor builder) {
    this.indexed = indexed;
    this.builder = builder;
    this.ranges = indexed ? new RangeChunks(builder) : null;
    this.cycle = cycle;
    this.firstSeq = firstSeq;
    this.firstIndex = firstIndex;
    this.firstPosition = firstPosition;
    this.data = data;
    this.dictionary = dictionary;
    this.endPosition = firstPosition;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = new MutableDim();
    }
    for (Dim d : CHUNKED) {
      chunked[d.ordinal()] = new ChunkedDim();
    }
    Arrays.fill(min, Long.MAX_VALUE);
    Arrays.fill(max, Long.MIN_VALUE);
  }

  public int cycle() {
    return cycle;
  }

  public long firstSeq() {
    return firstSeq;
  }

  public long firstIndex() {
    return firstIndex;
  }

  public long firstPosition() {
    return firstPosition;
  }

  CycleData data() {
    return data;
  }

  /** Rows appended so far (writer thread; others read it through a view). */
  int rowsForWriter() {
    return rows;
  }

  boolean indexed() {
    return indexed;
  }

  boolean isFrozen() {
    return frozen;
  }

  void freeze() {
    frozen = true;
  }

  /**
   * Adds the excerpt at {@code row} (header at {@code headerPosition}, {@code length} data
   * bytes): a flow event whose keys are in {@code keys}, or a dictionary entry ({@code keys ==
   * null}). Writer thread only; rows come in order.
   */
  void add(int row, long headerPosition, int length, RowKeys keys) {
    lock.writeLock().lock();
    try {
      if (row % SegmentRows.STEP == 0) {
        int k = row / SegmentRows.STEP;
        if (k >= positions.length) {
          positions = Arrays.copyOf(positions, positions.length * 2);
        }
        positions[k] = headerPosition;
      }
      if (ranges != null) {
        ranges.advance(row);
      }
      if (keys != null) {
        index(row, keys);
      }
      rows = row + 1;
      endPosition = (headerPosition + 4 + length + 3) & ~3L; // excerpts are 4-byte aligned
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The dimensions with one bitmap per value in the open segment (few values, hot bitmaps). */
  static final Dim[] BITMAP = {Dim.PROTO, Dim.VERS};
  /** The dimensions kept as {@link ChunkedDim} columns in the open segment (many values). */
  static final Dim[] CHUNKED = {Dim.SRC_PORT, Dim.DST_PORT};

  static boolean isBitmap(Dim d) {
    return d == Dim.PROTO || d == Dim.VERS;
  }

  static boolean isChunked(Dim d) {
    return d == Dim.SRC_PORT || d == Dim.DST_PORT;
  }

  private void index(int row, RowKeys keys) {
    events.add(row);
    eventCount++;
    if (indexed) {
      shapes.add(keys.shapeId, row);
      places.add(keys.placeId, row);
      long[] k = keys.keys;
      boolean[] has = keys.has;
      for (Dim d : BITMAP) {
        if (has[d.ordinal()]) {
          dims[d.ordinal()].add(k[d.ordinal()], row);
        }
      }
      for (Dim d : CHUNKED) {
        if (has[d.ordinal()]) {
          chunked[d.ordinal()].set(row, k[d.ordinal()]);
        }
      }
      int b = RangeField.BYTES.ordinal();
      int p = RangeField.PACKETS.ordinal();
      boolean hasBytes = keys.present[b];
      boolean hasPackets = keys.present[p];
      long bytes = keys.values[b];
      long packets = keys.values[p];
      rollups[Rollup.Kind.PLACE.ordinal()].add(keys.shapeId, keys.placeId, hasBytes, bytes, hasPackets, packets);
      rollups[Rollup.Kind.SRC_ADDR.ordinal()].addAddress(keys.shapeId, keys.values[RangeField.SRC_ADDR.ordinal()],
          keys.srcV6, keys.srcHigh, keys.srcLow, hasBytes, bytes, hasPackets, packets);
      rollups[Rollup.Kind.DST_ADDR.ordinal()].addAddress(keys.shapeId, keys.values[RangeField.DST_ADDR.ordinal()],
          keys.dstV6, keys.dstHigh, keys.dstLow, hasBytes, bytes, hasPackets, packets);
      ranges.add(row, keys.values, keys.present);
    }
    for (int f = 0; f < keys.values.length; f++) {
      if (keys.present[f]) {
        long v = keys.values[f];
        if (v < min[f]) {
          min[f] = v;
        }
        if (v > max[f]) {
          max[f] = v;
        }
      }
    }
    if (keys.srcV6) {
      v6Src.add(row);
    }
    if (keys.dstV6) {
      v6Dst.add(row);
    }
    if (keys.eventTypeId != RowKeys.NONE && keys.eventTypeId >= 0) {
      eventTypes.add(keys.eventTypeId);
    }
  }

  /** A consistent view of the rows appended so far. */
  public SegmentView view() {
    lock.readLock().lock();
    try {
      return new View(rows, meta());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Metadata of what is appended so far; call under a lock or when frozen. */
  SegmentMeta meta() {
    int e = RangeField.EVENT_TIME.ordinal();
    int s = RangeField.AGG_START.ordinal();
    int n = RangeField.AGG_END.ordinal();
    return new SegmentMeta(cycle, firstSeq, rows, eventCount, firstPosition, endPosition, min[e], max[e], min[s],
        max[s], min[n], max[n], eventTypes.toArray());
  }

  /**
   * Everything needed to write this segment's file. Copied under the read lock, cheaply
   * ({@link #prefix}); the derived dimensions are computed afterwards, outside it.
   */
  Snapshot snapshot() {
    Snapshot s = new Snapshot();
    lock.readLock().lock();
    try {
      int n = rows;
      s.meta = meta();
      s.firstIndex = firstIndex;
      s.events = prefix(events, n);
      s.dims = new List[dims.length];
      for (Dim d : BITMAP) {
        s.dims[d.ordinal()] = copies(dims[d.ordinal()], n);
      }
      s.chunks = new ChunkedDim.Chunk[Dim.values().length][];
      for (Dim d : CHUNKED) {
        s.chunks[d.ordinal()] = chunked[d.ordinal()].frozen(n);
      }
      s.shapes = copies(shapes, n);
      s.places = copies(places, n);
      s.v6Src = prefix(v6Src, n);
      s.v6Dst = prefix(v6Dst, n);
      s.min = min.clone();
      s.max = max.clone();
      s.positions = Arrays.copyOf(positions, (n + SegmentRows.STEP - 1) / SegmentRows.STEP);
      if (indexed) {
        s.rollups = new Rollup[rollups.length];
        for (int k = 0; k < rollups.length; k++) {
          s.rollups[k] = rollups[k].copy();
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    s.dictionary = dictionary;
    return s;
  }

  /** [Long key, bitmap of the rows below {@code visible}] for every key, by key; call under the read lock. */
  private static List<Object[]> copies(MutableDim dim, int visible) {
    List<Object[]> out = new ArrayList<>();
    dim.entries().forEach((key, b) -> {
      MutableRoaringBitmap c = prefix(b, visible);
      if (!c.isEmpty()) {
        out.add(new Object[] {key, c});
      }
    });
    return out;
  }

  /** A copy of a live segment's state at one moment. */
  static final class Snapshot {
    SegmentMeta meta;
    long firstIndex;
    MutableRoaringBitmap events;
    List<Object[]>[] dims; // per dim: [Long key, MutableRoaringBitmap]; proto and vers only (see dimEntries)
    List<Object[]> shapes; // [Long shape id, MutableRoaringBitmap]
    List<Object[]> places; // [Long place id, MutableRoaringBitmap]
    ChunkedDim.Chunk[][] chunks; // per chunked dim, the chunks covering the rows; dims[d] is null for them

    Dictionary dictionary;

    /**
     * [Long key, bitmap] of every key of {@code d}, by key. Dimensions carried by tuples and the
     * chunked ones are built here, on each call: a caller writing a file holds one at a time.
     */
    List<Object[]> dimEntries(Dim d) {
      if (d.shapeSlot() >= 0 || d.placeSlot() >= 0) {
        return new TupleDims(dictionary).derive(d, d.shapeSlot() >= 0 ? shapes : places);
      }
      List<Object[]> e = dims[d.ordinal()];
      return e != null ? e : ChunkedDim.entries(chunks[d.ordinal()]);
    }
    MutableRoaringBitmap v6Src;
    MutableRoaringBitmap v6Dst;
    long[] min;
    long[] max;
    long[] positions;
    Rollup[] rollups; // per Rollup.Kind; null without indexes
  }

  /** Restores the state of a checkpoint into this (empty) segment. */
  void restore(Snapshot s) {
    lock.writeLock().lock();
    try {
      events.or(s.events);
      for (Dim d : BITMAP) {
        for (Object[] e : s.dims[d.ordinal()]) {
          dims[d.ordinal()].put((Long) e[0], (MutableRoaringBitmap) e[1]);
        }
      }
      for (Dim d : CHUNKED) {
        chunked[d.ordinal()].restore(s.chunks[d.ordinal()], s.meta.rows());
      }
      for (Object[] e : s.shapes) {
        shapes.put((Long) e[0], (MutableRoaringBitmap) e[1]);
      }
      for (Object[] e : s.places) {
        places.put((Long) e[0], (MutableRoaringBitmap) e[1]);
      }
      if (indexed) {
        for (int k = 0; k < rollups.length; k++) {
          rollups[k] = s.rollups != null && s.rollups[k] != null ? s.rollups[k].copy() : Rollup.unusable();
        }
      }
      v6Src.or(s.v6Src);
      v6Dst.or(s.v6Dst);
      for (int t : s.meta.eventTypes()) {
        eventTypes.add(t);
      }
      System.arraycopy(s.min, 0, min, 0, min.length);
      System.arraycopy(s.max, 0, max, 0, max.length);
      positions = Arrays.copyOf(s.positions, Math.max(16, s.positions.length * 2));
      rows = s.meta.rows();
      endPosition = s.meta.endPosition();
      eventCount = s.meta.events();
      if (ranges != null) {
        ranges.restore(rows, rangeSource(rows));
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (ranges != null && builder != null) {
      for (int c = 0; c < s.meta.rows() >>> 16; c++) {
        int chunk = c;
        RangeChunks.RowSource source = rangeSource(s.meta.rows());
        try {
          builder.execute(() -> readBack(chunk, source));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          return; // queries read the pending chunks' records
        }
      }
    }
  }

  /** Reads the range values of restored chunk {@code c} back from its records. */
  private void readBack(int c, RangeChunks.RowSource source) {
    if (frozen) {
      return; // about to be sealed from the records anyway
    }
    RangeChunks.Part[] parts;
    try {
      parts = RangeChunks.read(c, source);
    } catch (RuntimeException e) {
      System.getLogger("io.flowstore.index").log(System.Logger.Level.WARNING,
          "cannot read back the range values of a restored chunk; queries read its records: chunk=" + c
          + ", error=" + e, e);
      return;
    }
    lock.writeLock().lock();
    try {
      ranges.replace(c, parts);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The range values of this segment's first {@code upTo} rows, read from their records. */
  private RangeChunks.RowSource rangeSource(int upTo) {
    long[] p = Arrays.copyOf(positions, (upTo + SegmentRows.STEP - 1) / SegmentRows.STEP);
    return (from, to, sink) -> {
      SegmentRows r = new SegmentRows(data, firstIndex, p, upTo, dictionary);
      RowKeys k = new RowKeys(dictionary);
      for (int row = from; row < Math.min(to, upTo); row++) {
        if (r.load(row)) {
          k.of(r.view());
          sink.row(row, k.values, k.present);
        }
      }
    };
  }

  /**
   * The rows of {@code b} below {@code visible}, without copying what cannot change: rows are
   * only ever added at the end, so every container (65,536 rows) wholly below the last visible
   * row's is final, and the copy shares it; only the last one is copied and cut. Call under the
   * read lock; the result must not be modified.
   */
  static MutableRoaringBitmap prefix(MutableRoaringBitmap b, int visible) {
    return slice(b, 0, visible);
  }

  /** A union of tuple bitmaps over the first {@code containers} containers (rows below containers * 65,536). */
  private record Derived(int containers, MutableRoaringBitmap rows) {}

  private static final int MAX_DERIVED = 64;
  /** Derived dimension bitmaps by dimension and key (see View#derived); they never go stale, only short. */
  private final java.util.concurrent.ConcurrentHashMap<Long, Derived> derived = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The rows of {@code b} below {@code visible} in containers from {@code fromContainer} on,
   * sharing the containers that can no longer change (see {@link #prefix}). Call under the read lock.
   */
  static MutableRoaringBitmap slice(MutableRoaringBitmap b, int fromContainer, int visible) {
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    if (visible <= 0) {
      return out;
    }
    org.roaringbitmap.buffer.MutableRoaringArray src = b.getMappeableRoaringArray();
    org.roaringbitmap.buffer.MutableRoaringArray dst = out.getMappeableRoaringArray();
    int lastKey = (visible - 1) >>> 16;
    for (int i = 0, n = src.size(); i < n; i++) {
      char key = src.getKeyAtIndex(i);
      if (key > lastKey) {
        break;
      }
      if (key >= fromContainer) {
        org.roaringbitmap.buffer.MappeableContainer c = src.getContainerAtIndex(i);
        dst.append(key, key == lastKey ? c.clone() : c);
      }
    }
    out.remove(visible, 0x1_0000_0000L); // only the copied last container has rows there
    return out;
  }

  private final class View implements SegmentView {
    private final int visible;
    private final SegmentMeta meta;

    View(int visible, SegmentMeta meta) {
      this.visible = visible;
      this.meta = meta;
    }

    private MutableRoaringBitmap clip(MutableRoaringBitmap b) {
      if (b == null) {
        return new MutableRoaringBitmap();
      }
      lock.readLock().lock();
      try {
        return prefix(b, visible);
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public SegmentMeta meta() {
      return meta;
    }

    @Override
    public ImmutableRoaringBitmap events() {
      return clip(events);
    }

    @Override
    public ImmutableRoaringBitmap dim(Dim d, long key) {
      if (!indexed) {
        return RowScan.dim(this, dictionary, d, key);
      }
      if (d.shapeSlot() >= 0 || d.placeSlot() >= 0) {
        return derived(d, key, false);
      }
      if (isChunked(d)) {
        lock.readLock().lock();
        try {
          return chunked[d.ordinal()].bitmap(key, visible);
        } finally {
          lock.readLock().unlock();
        }
      }
      MutableRoaringBitmap b;
      lock.readLock().lock();
      try {
        b = dims[d.ordinal()].get(key);
      } finally {
        lock.readLock().unlock();
      }
      return clip(b);
    }

    private TupleDims tuples;

    private ChunkedDim.Chunk[] frozen(Dim d) {
      lock.readLock().lock();
      try {
        return chunked[d.ordinal()].frozen(visible);
      } finally {
        lock.readLock().unlock();
      }
    }

    /**
     * The rows with {@code key} in tuple-derived dimension {@code d} (with {@code any}, any
     * value): the union of the bitmaps of every tuple that carries it. The union over the
     * containers that can no longer change is kept in {@link #derived} and extended as the
     * segment grows, so a query unites only the tuples' newest containers.
     */
    private MutableRoaringBitmap derived(Dim d, long key, boolean any) {
      if (visible == 0) {
        return new MutableRoaringBitmap();
      }
      int lastKey = (visible - 1) >>> 16;
      long cacheKey = any ? -1 - d.ordinal() : ((long) d.ordinal() << 40) ^ key;
      Derived cached = derived.get(cacheKey);
      if (cached != null && cached.containers > lastKey) {
        lock.readLock().lock();
        try {
          return prefix(cached.rows, visible); // built by a later view: cut to this one's rows
        } finally {
          lock.readLock().unlock();
        }
      }
      int from = cached == null ? 0 : cached.containers;
      MutableRoaringBitmap fresh = TupleDims.union(tupleSlices(d, key, any, from));
      if (cached != null) {
        fresh.or(cached.rows);
      }
      if (lastKey > from) { // containers below lastKey are final: keep their union
        MutableRoaringBitmap keep = fresh.clone();
        keep.remove((long) lastKey << 16, 0x1_0000_0000L);
        if (derived.size() >= MAX_DERIVED) {
          derived.clear();
        }
        derived.merge(cacheKey, new Derived(lastKey, keep), (a, b) -> a.containers >= b.containers ? a : b);
      }
      return fresh;
    }

    /**
     * Copies of the visible rows, in containers from {@code fromContainer} on, of every tuple
     * (shape or place, as {@code d} needs) that has {@code key} in {@code d}, or, with
     * {@code any}, any value.
     */
    private List<MutableRoaringBitmap> tupleSlices(Dim d, long key, boolean any, int fromContainer) {
      if (tuples == null) {
        tuples = new TupleDims(dictionary);
      }
      MutableDim source = d.shapeSlot() >= 0 ? shapes : places;
      List<MutableRoaringBitmap> out = new ArrayList<>();
      lock.readLock().lock();
      try {
        source.forEach((tuple, b) -> {
          if (any ? tuples.keysOf(d, (int) tuple).length > 0 : tuples.has(d, (int) tuple, key)) {
            MutableRoaringBitmap c = slice(b, fromContainer, visible);
            if (!c.isEmpty()) {
              out.add(c);
            }
          }
        });
      } finally {
        lock.readLock().unlock();
      }
      return out;
    }

    @Override
    public boolean rollup(Rollup.Kind kind, java.util.function.IntPredicate shapes, Rollup.Visitor visitor) {
      if (!indexed) {
        return false;
      }
      lock.readLock().lock();
      try {
        Rollup rollup = rollups[kind.ordinal()];
        if (rows != visible || !rollup.usable()) {
          return false;
        }
        rollup.visit(shapes, visitor);
        return true;
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public long[] rollupV6(Rollup.Kind kind) {
      lock.readLock().lock();
      try {
        return rollups[kind.ordinal()].v6Table();
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public boolean rollupSumsExact(Rollup.Kind kind) {
      lock.readLock().lock();
      try {
        return rollups[kind.ordinal()].sumsExact();
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public long[] keys(Dim d) {
      if (!indexed) {
        return RowScan.keys(this, dictionary, d);
      }
      if (isBitmap(d)) {
        lock.readLock().lock();
        try {
          return dims[d.ordinal()].keysBelow(visible);
        } finally {
          lock.readLock().unlock();
        }
      }
      if (isChunked(d)) {
        return ChunkedDim.keys(frozen(d));
      }
      if (tuples == null) {
        tuples = new TupleDims(dictionary);
      }
      long[] ids;
      lock.readLock().lock();
      try {
        ids = (d.shapeSlot() >= 0 ? shapes : places).keysBelow(visible);
      } finally {
        lock.readLock().unlock();
      }
      java.util.TreeSet<Long> keys = new java.util.TreeSet<>();
      for (long id : ids) {
        for (int k : tuples.keysOf(d, (int) id)) {
          keys.add((long) k);
        }
      }
      return keys.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public ImmutableRoaringBitmap present(Dim d) {
      if (!indexed) {
        return RowScan.present(this, dictionary, d);
      }
      if (d.shapeSlot() >= 0 || d.placeSlot() >= 0) {
        return derived(d, 0, true);
      }
      if (isChunked(d)) {
        return ChunkedDim.present(frozen(d));
      }
      List<MutableRoaringBitmap> all = new ArrayList<>();
      lock.readLock().lock();
      try {
        dims[d.ordinal()].forEach((key, b) -> all.add(prefix(b, visible)));
      } finally {
        lock.readLock().unlock();
      }
      return TupleDims.union(all);
    }

    @Override
    public ImmutableRoaringBitmap range(RangeField f, long lo, long hi) {
      return range(f, lo, hi, visible, null);
    }

    @Override
    public ImmutableRoaringBitmap range(RangeField f, long lo, long hi, ImmutableRoaringBitmap within) {
      return ImmutableRoaringBitmap.and(range(f, lo, hi, visible, within), within);
    }

    @Override
    public ImmutableRoaringBitmap sampleRange(RangeField f, long lo, long hi) {
      return range(f, lo, hi, Math.min(visible, SAMPLE_ROWS), null);
    }

    /**
     * The rows below {@code upTo} whose value of {@code f} lies in [lo, hi]; of them, only
     * those of {@code within} are needed when it is not null (others may be left out, or not).
     */
    private ImmutableRoaringBitmap range(RangeField f, long lo, long hi, int upTo, ImmutableRoaringBitmap within) {
      if (lo > hi) {
        return new MutableRoaringBitmap();
      }
      if (!indexed) {
        ImmutableRoaringBitmap scanned = upTo < visible ? SegmentView.sample(events()) : events();
        return RowScan.range(this, within == null ? scanned : ImmutableRoaringBitmap.and(scanned, within), dictionary, f,
            lo, hi);
      }
      RangeChunks.Frozen chunks;
      lock.readLock().lock();
      try {
        chunks = ranges.freeze();
      } finally {
        lock.readLock().unlock();
      }
      return chunks.range(f, lo, hi, upTo, (c, limit) -> {
        MutableRoaringBitmap rows = new MutableRoaringBitmap();
        rows.add((long) c << 16, ((long) c << 16) + limit);
        rows.and(events());
        MutableRoaringBitmap hit = RowScan.range(this, rows, dictionary, f, lo, hi);
        return hit.isEmpty() ? null : hit.getMappeableRoaringArray().getContainerAtIndex(0);
      }, within);
    }

    @Override
    public ImmutableRoaringBitmap v6(boolean src, long loHigh, long loLow, long hiHigh, long hiLow) {
      return RowScan.v6(this, indexed ? clip(src ? v6Src : v6Dst) : events(), dictionary, src, loHigh, loLow, hiHigh,
          hiLow);
    }

    @Override
    public SegmentRows rows() {
      long[] p;
      lock.readLock().lock();
      try {
        p = Arrays.copyOf(positions, (visible + SegmentRows.STEP - 1) / SegmentRows.STEP);
      } finally {
        lock.readLock().unlock();
      }
      return new SegmentRows(data, firstIndex, p, visible, dictionary);
    }

    @Override
    public boolean sealed() {
      return false;
    }

    @Override
    public boolean indexed() {
      return indexed;
    }
  }

}
