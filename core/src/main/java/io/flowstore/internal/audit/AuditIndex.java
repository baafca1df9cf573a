package io.flowstore.internal.audit;

import io.flowstore.AuditEvent;
import io.flowstore.AuditFamily;
import io.flowstore.CorruptStoreException;
import io.flowstore.internal.codec.LE;
import io.flowstore.internal.storage.QueueReader;
import io.flowstore.internal.storage.StreamQueue;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The audit stream's indexes: per roll cycle (a segment; the row of an event is its sequence
 * number in the cycle), one RoaringBitmap per value of each {@link AuditDim}, the event times
 * (for time ranges and segment pruning) and the remote addresses (for CIDR filters) as columns.
 * Built from the keys each record carries beside its JSON, so indexing never parses JSON: by the
 * audit writer after each append, and on open from the queue, which is the source of truth
 * (audit volumes are thousands of events a day per cloud, so a rebuild reads a few MB).
 *
 * <p>Visibility: a query takes a {@link Snapshot} (row counts per segment) and every answer is
 * clipped to it, so it never sees an index bit for a row it cannot read; it holds the read lock
 * only while copying a bitmap, never across a query. Thread-safe. Internal.
 */
public final class AuditIndex {
  private final StreamQueue queue;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<Integer, Segment> segments = new TreeMap<>();
  private long events;
  /** Per dimension, its values numbered across segments (a segment's bitmaps are by number). */
  private final ByteKeys[] values = new ByteKeys[AuditDim.values().length];
  /** Where the keys of the record being added are; used by the one adding thread only. */
  private final AuditRecordCodec.Ranges ranges = new AuditRecordCodec.Ranges();
  private static final AuditDim[] DIMS = AuditDim.values();
  private static final byte[][] FAMILY = {
      AuditFamily.YANDEX.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      AuditFamily.CTYUN.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII)};

  public AuditIndex(StreamQueue queue) {
    this.queue = queue;
    for (int d = 0; d < values.length; d++) {
      values[d] = new ByteKeys();
    }
  }

  /** One segment's indexes. Guarded by the index's lock. */
  static final class Segment {
    final int cycle;
    int rows;
    /** Per dimension, the rows of each value by its number (null: no row has it). */
    final MutableRoaringBitmap[][] dims = new MutableRoaringBitmap[AuditDim.values().length][16];
    final MutableRoaringBitmap events = new MutableRoaringBitmap();
    long[] time = new long[256];
    final MutableRoaringBitmap timed = new MutableRoaringBitmap();
    long[] addressHigh = new long[256];
    long[] addressLow = new long[256];
    final MutableRoaringBitmap v4 = new MutableRoaringBitmap();
    final MutableRoaringBitmap v6 = new MutableRoaringBitmap();
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    /** Set by retention: the segment's events are gone. */
    volatile boolean dropped;

    Segment(int cycle) {
      this.cycle = cycle;
    }
  }

  /** Rebuilds the indexes from the queue (on open). */
  public void recover() {
    if (queue == null) {
      return;
    }
    AuditRecordCodec codec = new AuditRecordCodec();
    try (QueueReader r = queue.reader()) {
      while (r.next()) {
        if (!AuditRecordCodec.isAudit(r.type()) || !codec.intact(r.buffer(), 0, r.length())) {
          throw new CorruptStoreException("audit record fails its checksum or type: " + r.where());
        }
        add(r.index(), r.buffer(), 0, r.length());
      }
    }
  }

  /**
   * Indexes the intact audit record {@code b[off, off+len)} appended at queue index {@code index}.
   * One thread at a time: the opening thread, then the audit writer.
   */
  public void add(long index, byte[] b, int off, int len) {
    int cycle = queue.cycleOf(index);
    long seq = queue.sequenceOf(index);
    if (seq > Integer.MAX_VALUE - 1) {
      throw new IllegalStateException("audit cycle holds more than 2^31 events: cycle=" + cycle);
    }
    int row = (int) seq;
    int flags = LE.getUShort(b, off + 2);
    boolean timed = (flags & 1) != 0;
    long ns = timed ? nanos(LE.getLong(b, off + 8), LE.getInt(b, off + 16)) : 0;
    AuditRecordCodec.Ranges r = ranges;
    AuditRecordCodec.locate(b, off, r);
    lock.writeLock().lock();
    try {
      Segment s = segments.computeIfAbsent(cycle, Segment::new);
      ensure(s, row + 1);
      for (AuditDim d : DIMS) {
        AuditKey k = d.key();
        if (k != null && r.keyAt[k.ordinal()] >= 0) {
          bit(s, d, b, r.keyAt[k.ordinal()], r.keyLength[k.ordinal()], row);
        }
      }
      for (int i = 0; i < r.ids; i++) {
        bit(s, AuditDim.RESOURCE_ID, b, r.idAt[i], r.idLength[i], row);
      }
      byte[] family = FAMILY[b[off + 1] == 0 ? 0 : 1];
      bit(s, AuditDim.FAMILY, family, 0, family.length, row);
      s.events.add(row);
      if (timed) {
        s.time[row] = ns;
        s.timed.add(row);
        s.minTime = Math.min(s.minTime, ns);
        s.maxTime = Math.max(s.maxTime, ns);
      }
      if ((flags & 8) != 0) {
        s.addressHigh[row] = LE.getLong(b, off + 44);
        s.addressLow[row] = LE.getLong(b, off + 52);
        ((flags & 16) != 0 ? s.v4 : s.v6).add(row);
      }
      s.rows = Math.max(s.rows, row + 1);
      events++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Sets {@code row} in the bitmap of the value {@code b[at, at+n)} of {@code d}; under the write lock. */
  private void bit(Segment s, AuditDim d, byte[] b, int at, int n, int row) {
    int id = values[d.ordinal()].add(b, at, n);
    MutableRoaringBitmap[] byId = s.dims[d.ordinal()];
    if (id >= byId.length) {
      byId = s.dims[d.ordinal()] = Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
    }
    MutableRoaringBitmap m = byId[id];
    if (m == null) {
      m = byId[id] = new MutableRoaringBitmap();
    }
    m.add(row);
  }

  /** Nanoseconds since 1970, saturated to the long range (times past 2262 sort as 2262). */
  public static long nanos(long second, int nano) {
    long max = Long.MAX_VALUE / 1_000_000_000L - 1;
    if (second > max) {
      return Long.MAX_VALUE;
    }
    if (second < -max) {
      return Long.MIN_VALUE;
    }
    return second * 1_000_000_000L + nano;
  }

  private static void ensure(Segment s, int rows) {
    if (rows > s.time.length) {
      int n = Math.max(rows, s.time.length * 2);
      s.time = Arrays.copyOf(s.time, n);
      s.addressHigh = Arrays.copyOf(s.addressHigh, n);
      s.addressLow = Arrays.copyOf(s.addressLow, n);
    }
  }

  /**
   * Drops the segments of cycles that ended at or before {@code cutoffMillis} (by cycle, in ingest
   * time), never {@code writing}, and deletes their queue files; returns the cycles dropped. A
   * query that holds a dropped segment reads none of its events any more.
   */
  public List<Integer> dropBefore(long cutoffMillis, long cycleMillis, int writing) {
    List<Integer> dropped = new ArrayList<>();
    lock.writeLock().lock();
    try {
      for (java.util.Iterator<Segment> it = segments.values().iterator(); it.hasNext(); ) {
        Segment s = it.next();
        if (s.cycle >= writing || ((long) s.cycle + 1) * cycleMillis > cutoffMillis) {
          break;
        }
        it.remove();
        s.dropped = true;
        events -= s.events.getCardinality();
        dropped.add(s.cycle);
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (int cycle : dropped) {
      queue.deleteCycle(cycle);
    }
    return dropped;
  }

  /** Audit events indexed. */
  public long events() {
    lock.readLock().lock();
    try {
      return events;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The segments and their rows as of now: what one query sees. */
  public Snapshot snapshot() {
    lock.readLock().lock();
    try {
      List<SegmentView> views = new ArrayList<>();
      for (Segment s : segments.values()) {
        views.add(new SegmentView(s, s.rows, s.minTime, s.maxTime));
      }
      return new Snapshot(views);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The segments of one query. */
  public record Snapshot(List<SegmentView> segments) {}

  /** One segment as one query sees it: its rows below {@link #rows()}. */
  public final class SegmentView {
    private final Segment s;
    private final int rows;
    private final long minTime;
    private final long maxTime;

    SegmentView(Segment s, int rows, long minTime, long maxTime) {
      this.s = s;
      this.rows = rows;
      this.minTime = minTime;
      this.maxTime = maxTime;
    }

    public int cycle() {
      return s.cycle;
    }

    public int rows() {
      return rows;
    }

    /** The earliest and latest eventTime in ns (MAX/MIN when no row has one). */
    public long minTime() {
      return minTime;
    }

    public long maxTime() {
      return maxTime;
    }

    /** Rows holding an event. */
    public ImmutableRoaringBitmap events() {
      return clipped(s.events);
    }

    /** Rows whose {@code d} is {@code value} (for resource ids: one of them is). */
    public ImmutableRoaringBitmap dim(AuditDim d, String value) {
      lock.readLock().lock();
      try {
        int id = values[d.ordinal()].find(value);
        MutableRoaringBitmap[] byId = s.dims[d.ordinal()];
        MutableRoaringBitmap b = id < 0 || id >= byId.length ? null : byId[id];
        return b == null ? new MutableRoaringBitmap() : clip(b);
      } finally {
        lock.readLock().unlock();
      }
    }

    /** Rows where {@code d} has any value. */
    public ImmutableRoaringBitmap present(AuditDim d) {
      lock.readLock().lock();
      try {
        MutableRoaringBitmap all = new MutableRoaringBitmap();
        for (MutableRoaringBitmap b : s.dims[d.ordinal()]) {
          if (b != null) {
            all.or(b);
          }
        }
        all.remove(rows, 0x1_0000_0000L);
        return all;
      } finally {
        lock.readLock().unlock();
      }
    }

    /** The distinct values of {@code d} in this segment, sorted. */
    public List<String> keys(AuditDim d) {
      lock.readLock().lock();
      try {
        List<String> out = new ArrayList<>();
        MutableRoaringBitmap[] byId = s.dims[d.ordinal()];
        for (int id = 0; id < byId.length; id++) {
          if (byId[id] != null && byId[id].rangeCardinality(0, rows) > 0) {
            out.add(values[d.ordinal()].key(id));
          }
        }
        out.sort(null);
        return out;
      } finally {
        lock.readLock().unlock();
      }
    }

    /** Rows whose eventTime in ns lies in [lo, hi]. */
    public ImmutableRoaringBitmap time(long lo, long hi) {
      MutableRoaringBitmap out = new MutableRoaringBitmap();
      lock.readLock().lock();
      try {
        if (lo > maxTime || hi < minTime) {
          return out;
        }
        long[] t = s.time;
        s.timed.forEach((int row) -> {
          if (row < rows && t[row] >= lo && t[row] <= hi) {
            out.add(row);
          }
        });
      } finally {
        lock.readLock().unlock();
      }
      return out;
    }

    /**
     * Rows whose remote IP address lies in [lo, hi] of one family: IPv4 (the 32 bits unsigned
     * in the low longs) or IPv6 (unsigned 128-bit, high then low).
     */
    public ImmutableRoaringBitmap address(boolean v4, long loHigh, long loLow, long hiHigh, long hiLow) {
      MutableRoaringBitmap out = new MutableRoaringBitmap();
      lock.readLock().lock();
      try {
        long[] high = s.addressHigh;
        long[] low = s.addressLow;
        (v4 ? s.v4 : s.v6).forEach((int row) -> {
          if (row < rows) {
            long h = v4 ? 0 : high[row];
            long l = v4 ? low[row] & 0xFFFF_FFFFL : low[row];
            int a = Long.compareUnsigned(h, loHigh) != 0 ? Long.compareUnsigned(h, loHigh) : Long.compareUnsigned(l, loLow);
            int z = Long.compareUnsigned(h, hiHigh) != 0 ? Long.compareUnsigned(h, hiHigh) : Long.compareUnsigned(l, hiLow);
            if (a >= 0 && z <= 0) {
              out.add(row);
            }
          }
        });
      } finally {
        lock.readLock().unlock();
      }
      return out;
    }

    /**
     * Reads the event of {@code row}: positions {@code reader}, which must be of the audit queue.
     * Null when retention dropped the segment since this view was taken.
     */
    public AuditEvent read(QueueReader reader, AuditRecordCodec codec, int row) {
      if (s.dropped) {
        return null;
      }
      if (!reader.moveTo(queue.index(s.cycle, row)) || !reader.next()) {
        if (s.dropped) {
          return null;
        }
        throw new CorruptStoreException("audit event missing from the queue: cycle=" + s.cycle + ", row=" + row);
      }
      if (!codec.intact(reader.buffer(), 0, reader.length())) {
        throw new CorruptStoreException("audit record fails its checksum: " + reader.where());
      }
      return AuditRecordCodec.decode(reader.buffer(), 0, reader.length());
    }

    private ImmutableRoaringBitmap clipped(MutableRoaringBitmap b) {
      lock.readLock().lock();
      try {
        return clip(b);
      } finally {
        lock.readLock().unlock();
      }
    }

    /** A copy of {@code b} without rows at or past {@link #rows}; call under the read lock. */
    private MutableRoaringBitmap clip(MutableRoaringBitmap b) {
      MutableRoaringBitmap c = b.clone();
      c.remove(rows, 0x1_0000_0000L);
      return c;
    }
  }

  /** A reader of the audit queue for {@link SegmentView#read}, or null when the store has no audit stream. */
  public QueueReader reader() {
    return queue == null ? null : queue.reader();
  }
}
