package io.flowstore.internal.audit;

import io.flowstore.AuditEvent;
import io.flowstore.AuditFamily;
import io.flowstore.CorruptStoreException;
import io.flowstore.internal.codec.LE;
import io.flowstore.internal.storage.QueueReader;
import io.flowstore.internal.storage.StreamQueue;
import io.flowstore.internal.text.Utf8;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  // the writer appends events that repeat their neighbours' values: the last bytes of each key
  // (resource ids by path position after the keys) and their string, so most keys are not decoded
  private static final int CACHED = AuditKey.values().length + 8;
  private final byte[][] lastBytes = new byte[CACHED][];
  private final String[] lastString = new String[CACHED];

  public AuditIndex(StreamQueue queue) {
    this.queue = queue;
  }

  /** One segment's indexes. Guarded by the index's lock. */
  static final class Segment {
    final int cycle;
    int rows;
    @SuppressWarnings("unchecked")
    final Map<String, MutableRoaringBitmap>[] dims = new Map[AuditDim.values().length];
    final MutableRoaringBitmap events = new MutableRoaringBitmap();
    long[] time = new long[256];
    final MutableRoaringBitmap timed = new MutableRoaringBitmap();
    long[] addressHigh = new long[256];
    long[] addressLow = new long[256];
    final MutableRoaringBitmap v4 = new MutableRoaringBitmap();
    final MutableRoaringBitmap v6 = new MutableRoaringBitmap();
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    /** Per dimension, the last value added (the same String instance when it repeats) and its bitmap. */
    final String[] lastValue = new String[AuditDim.values().length];
    final MutableRoaringBitmap[] lastBitmap = new MutableRoaringBitmap[AuditDim.values().length];
    /** Set by retention: the segment's events are gone. */
    volatile boolean dropped;

    Segment(int cycle) {
      this.cycle = cycle;
      for (int d = 0; d < dims.length; d++) {
        dims[d] = new HashMap<>();
      }
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
        if (r.type() != AuditRecordCodec.TYPE_AUDIT_V1 || !codec.intact(r.buffer(), 0, r.length())) {
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
    // decode what is indexed before taking the lock
    int flags = LE.getUShort(b, off + 2);
    String[] keys = new String[AuditKey.values().length];
    int p = off + AuditRecordCodec.FIXED;
    for (int k = 0; k < keys.length; k++) {
      int n = LE.getUShort(b, p);
      if (n == 0xFFFF) {
        p += 2;
      } else {
        keys[k] = decode(k, b, p + 2, n);
        p += 2 + n;
      }
    }
    int count = LE.getUShort(b, p);
    p += 2;
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      int n = LE.getUShort(b, p);
      ids[i] = i < 8 ? decode(keys.length + i, b, p + 2, n) : Utf8.decode(b, p + 2, n);
      p += 2 + n;
    }
    boolean timed = (flags & 1) != 0;
    long ns = timed ? nanos(LE.getLong(b, off + 8), LE.getInt(b, off + 16)) : 0;
    String family = (b[off + 1] == 0 ? AuditFamily.YANDEX : AuditFamily.CTYUN).name();
    lock.writeLock().lock();
    try {
      Segment s = segments.computeIfAbsent(cycle, Segment::new);
      ensure(s, row + 1);
      for (AuditDim d : AuditDim.values()) {
        if (d.key() != null && keys[d.key().ordinal()] != null) {
          bit(s, d, keys[d.key().ordinal()], row);
        }
      }
      for (String id : ids) {
        bit(s, AuditDim.RESOURCE_ID, id, row);
      }
      bit(s, AuditDim.FAMILY, family, row);
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

  /**
   * The string of {@code b[at, at+n)}, reusing slot {@code slot}'s last one when the bytes are the
   * same. Only {@link #add} calls it, and only one thread adds: the opening thread in
   * {@link #recover}, then the audit writer.
   */
  private String decode(int slot, byte[] b, int at, int n) {
    byte[] last = lastBytes[slot];
    if (last != null && last.length == n && Arrays.equals(last, 0, n, b, at, at + n)) {
      return lastString[slot];
    }
    String s = Utf8.decode(b, at, n);
    lastBytes[slot] = Arrays.copyOfRange(b, at, at + n);
    lastString[slot] = s;
    return s;
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

  private static void bit(Segment s, AuditDim d, String value, int row) {
    int i = d.ordinal();
    MutableRoaringBitmap b;
    if (s.lastValue[i] == value) { // identity: the decode cache hands out the same string for the same bytes
      b = s.lastBitmap[i];
    } else {
      b = s.dims[i].computeIfAbsent(value, v -> new MutableRoaringBitmap());
      s.lastValue[i] = value;
      s.lastBitmap[i] = b;
    }
    b.add(row);
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
        MutableRoaringBitmap b = s.dims[d.ordinal()].get(value);
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
        for (MutableRoaringBitmap b : s.dims[d.ordinal()].values()) {
          all.or(b);
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
        s.dims[d.ordinal()].forEach((k, b) -> {
          if (b.rangeCardinality(0, rows) > 0) {
            out.add(k);
          }
        });
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

    /** The eventTime of {@code row} in ns, or null. */
    public Long timeOf(int row) {
      lock.readLock().lock();
      try {
        return s.timed.contains(row) ? s.time[row] : null;
      } finally {
        lock.readLock().unlock();
      }
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
