package io.flowstore.query;

import io.flowstore.FlowKind;
import io.flowstore.IpAddress;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.index.Dim;
import io.flowstore.internal.index.RangeField;
import io.flowstore.internal.index.RollupFilter;
import io.flowstore.internal.index.SegmentMeta;
import io.flowstore.internal.index.SegmentView;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a condition onto one segment: prunes the segment with its metadata, then turns every
 * condition it can into a bitmap of rows from the segment's indexes. Not thread-safe.
 *
 * <p>Rules, bottom up. A leaf on an indexed field is exact: a dimension bitmap (one per value,
 * ORed for IN lists and for string or protocol ranges over the segment's keys), a range index
 * (numbers, times, IPv4 addresses: the sealed segment's RangeBitmaps, the open segment's
 * per-chunk ones) or the IPv6 column. Other leaves (eventId, ifaceIdx, session, flowIdx,
 * tcpFlags) give no bitmap: every event row is a candidate. AND intersects the candidates of its
 * bitmap parts, then narrows them with its range parts, bounds on one field merged into one
 * range and the most selective first; once few candidates are left, the remaining range parts
 * are tested on the rows instead (see {@link #planAnd}). It is exact when every part was
 * evaluated exactly. OR unites its parts when every part has some; NOT subtracts an exact part
 * from the event rows. When the result is not exact, the candidate rows are read and the whole
 * condition is tested on each.
 */
final class Planner {
  /** The candidate rows of a segment and whether they all match. */
  record Candidates(ImmutableRoaringBitmap rows, boolean exact) {}

  private final Dictionary dictionary;
  private final List<String> steps;
  /** The segment whose first stream position and row count {@link #positionLeaf} last read. */
  private SegmentView positionsOf;
  private long firstPosition;
  private int positionRows;

  /** {@code steps}, when not null, receives one line per index used, for explain. */
  Planner(Dictionary dictionary, List<String> steps) {
    this.dictionary = dictionary;
    this.steps = steps;
  }

  // ---------------------------------------------------------------- pruning

  /** Why the segment cannot hold a match of {@code c}, or null when it may. */
  static String pruneReason(Condition c, SegmentMeta meta, Dictionary dictionary) {
    if (meta.events() == 0) {
      return "no events";
    }
    List<Condition> conjuncts = c instanceof Condition.And a ? a.parts : List.of(c);
    for (Condition p : conjuncts) {
      if (p instanceof Condition.Constant k && !k.value) {
        return "the condition is never true";
      }
      long[] r = timeBounds(p);
      if (r == null) {
        continue;
      }
      Field<?> f = RowTests.fieldOf(p);
      long min = f == Flow.EVENT_TIME ? meta.minEventTime() : f == Flow.AGG_START ? meta.minAggStart() : meta.minAggEnd();
      long max = f == Flow.EVENT_TIME ? meta.maxEventTime() : f == Flow.AGG_START ? meta.maxAggStart() : meta.maxAggEnd();
      if (max < r[0] || min > r[1]) {
        return f.name() + " outside the segment's range";
      }
    }
    for (Condition p : conjuncts) {
      if ((p instanceof Condition.Compare x && x.field == Flow.EVENT_TYPE && x.op == Op.EQ)
          || (p instanceof Condition.In y && y.field == Flow.EVENT_TYPE)) {
        List<?> values = p instanceof Condition.In y ? y.values : List.of(((Condition.Compare) p).value);
        boolean any = false;
        for (Object v : values) {
          int id = dictionary.stringId((String) v);
          for (int t : meta.eventTypes()) {
            any |= t == id && id >= 0;
          }
        }
        if (!any) {
          return "no event of that type";
        }
      }
    }
    return null;
  }

  /** [lo, hi] in ns of a time leaf that can prune, or null. */
  private static long[] timeBounds(Condition p) {
    if (!(p instanceof Condition.Compare || p instanceof Condition.Between)) {
      return null;
    }
    Field<?> f = RowTests.fieldOf(p);
    if (!(f instanceof TimeField)) {
      return null;
    }
    return nanosRange(p);
  }

  /** Nanoseconds since 1970, or null outside the range a signed 64-bit count holds (1677..2262). */
  static Long nanos(Instant t) {
    long s = t.getEpochSecond();
    if (s < FlowRecordDescriptor.MIN_NANO_SECOND || s > FlowRecordDescriptor.MAX_NANO_SECOND) {
      return null;
    }
    return s * 1_000_000_000L + t.getNano();
  }

  /** The inclusive ns range of a time Compare (not NE) or Between, or null when not representable. */
  private static long[] nanosRange(Condition p) {
    if (p instanceof Condition.Between b) {
      Long lo = nanos((Instant) b.lo);
      Long hi = nanos((Instant) b.hi);
      return lo == null || hi == null ? null : new long[] {lo, hi};
    }
    Condition.Compare x = (Condition.Compare) p;
    Long v = nanos((Instant) x.value);
    if (v == null || x.op == Op.NE) {
      return null;
    }
    return interval(x.op, v);
  }

  /** Whether {@code c} tests {@link Flow#POSITION} anywhere. */
  static boolean mentionsPosition(Condition c) {
    if (c instanceof Condition.And a) {
      return a.parts.stream().anyMatch(Planner::mentionsPosition);
    }
    if (c instanceof Condition.Or o) {
      return o.parts.stream().anyMatch(Planner::mentionsPosition);
    }
    if (c instanceof Condition.Not n) {
      return mentionsPosition(n.inner);
    }
    return !(c instanceof Condition.Constant) && RowTests.fieldOf(c) == Flow.POSITION;
  }

  /**
   * {@code c} for the events at positions [lo, hi] only: each position test that every one of
   * them passes becomes always, each that none passes never (and the rest simplifies), so a
   * segment wholly inside one range of a flow log's capture is planned as the rule alone.
   */
  static Condition specializePositions(Condition c, long lo, long hi) {
    if (c instanceof Condition.And a) {
      return Condition.and(a.parts.stream().map(p -> specializePositions(p, lo, hi)).toList());
    }
    if (c instanceof Condition.Or o) {
      return Condition.or(o.parts.stream().map(p -> specializePositions(p, lo, hi)).toList());
    }
    if (c instanceof Condition.Not n) {
      return Condition.not(specializePositions(n.inner, lo, hi));
    }
    if (c instanceof Condition.Constant || RowTests.fieldOf(c) != Flow.POSITION) {
      return c;
    }
    List<long[]> passing = positionIntervals(c);
    if (passing == null) { // NE
      long v = (Long) ((Condition.Compare) c).value;
      return v < lo || v > hi ? Condition.always() : c;
    }
    boolean any = false;
    for (long[] i : passing) {
      if (i[0] <= lo && i[1] >= hi) {
        return Condition.always();
      }
      any |= i[0] <= hi && i[1] >= lo;
    }
    return any ? c : Condition.never();
  }

  /** The inclusive interval of {@code op v} over signed longs; empty when lo > hi. */
  static long[] interval(Op op, long v) {
    switch (op) {
      case EQ:
        return new long[] {v, v};
      case LT:
        return v == Long.MIN_VALUE ? new long[] {1, 0} : new long[] {Long.MIN_VALUE, v - 1};
      case LE:
        return new long[] {Long.MIN_VALUE, v};
      case GT:
        return v == Long.MAX_VALUE ? new long[] {1, 0} : new long[] {v + 1, Long.MAX_VALUE};
      case GE:
        return new long[] {v, Long.MAX_VALUE};
      default:
        throw new IllegalArgumentException("no interval for " + op);
    }
  }

  // ---------------------------------------------------------------- rollup

  /**
   * The allowed keys per dimension when {@code c} is a conjunction of equality or IN tests on
   * the dimensions a rollup covers (subnet, action, direction...), else null.
   */
  Map<Dim, long[]> rollupKeys(Condition c) {
    List<Condition> conjuncts = c instanceof Condition.And a ? a.parts : c instanceof Condition.Constant k && k.value
        ? List.of() : List.of(c);
    Map<Dim, java.util.Set<Long>> allowed = new HashMap<>();
    for (Condition p : conjuncts) {
      List<?> values;
      Field<?> f;
      if (p instanceof Condition.Compare x && x.op == Op.EQ) {
        values = List.of(x.value);
        f = x.field;
      } else if (p instanceof Condition.In y) {
        values = y.values;
        f = y.field;
      } else {
        return null;
      }
      Dim d = dimOf(f);
      if (d == null || !RollupFilter.covers(d)) {
        return null;
      }
      if (d == Dim.RESOURCE_ID && allowed.containsKey(d)) {
        return null; // an event has several resource ids: two conditions on them do not intersect as sets
      }
      java.util.Set<Long> keys = new java.util.HashSet<>();
      for (Object v : values) {
        keys.add(stringKey(d, (String) v));
      }
      allowed.merge(d, keys, (a, b) -> {
        a.retainAll(b);
        return a;
      });
    }
    Map<Dim, long[]> out = new HashMap<>();
    allowed.forEach((d, keys) -> out.put(d, keys.stream().mapToLong(Long::longValue).toArray()));
    return out;
  }

  // ---------------------------------------------------------------- bitmaps

  Candidates candidates(Condition c, SegmentView v) {
    ImmutableRoaringBitmap events = v.events();
    if (!v.indexed()) {
      step("no indexes in this store: every event row is a candidate");
      return new Candidates(events, c instanceof Condition.Constant k && k.value);
    }
    Candidates r = plan(c, v);
    return r.rows == null ? new Candidates(events, false) : r;
  }

  /** rows null = no bitmap (every event row is a candidate). */
  private Candidates plan(Condition c, SegmentView v) {
    if (c instanceof Condition.Constant k) {
      return new Candidates(k.value ? v.events() : new MutableRoaringBitmap(), true);
    }
    if (c instanceof Condition.And a) {
      return planAnd(a, v);
    }
    if (c instanceof Condition.Or o) {
      List<ImmutableRoaringBitmap> parts = new ArrayList<>();
      boolean exact = true;
      for (Condition p : o.parts) {
        Candidates r = plan(p, v);
        if (r.rows == null) {
          return new Candidates(null, false);
        }
        exact &= r.exact;
        parts.add(r.rows);
      }
      return new Candidates(or(parts), exact);
    }
    if (c instanceof Condition.Not n) {
      Candidates r = plan(n.inner, v);
      if (r.rows == null || !r.exact) {
        return new Candidates(null, false);
      }
      return new Candidates(ImmutableRoaringBitmap.andNot(v.events(), r.rows), true);
    }
    ImmutableRoaringBitmap b = leaf(c, v);
    if (b == null) {
      step(c + ": no index here, tested on each candidate row");
      return new Candidates(null, false);
    }
    return new Candidates(b, true);
  }

  /**
   * A conjunction: the parts on bitmaps first, then the range parts, most selective first (by
   * {@link SegmentView#sampleRange a sample}). Once the candidates are few, the remaining range
   * parts are left to the row tests: reading a few hundred records costs less than evaluating a
   * range index over the whole segment.
   */
  private Candidates planAnd(Condition.And a, SegmentView v) {
    List<ImmutableRoaringBitmap> parts = new ArrayList<>();
    List<Condition> ranges = new ArrayList<>();
    boolean exact = true;
    for (Condition p : a.parts) {
      if (isRange(p)) {
        ranges.add(p);
        continue;
      }
      Candidates r = plan(p, v);
      exact &= r.exact;
      if (r.rows != null) {
        parts.add(r.rows);
      }
    }
    ImmutableRoaringBitmap rows = parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0)
        : io.flowstore.internal.index.Bitmaps.and(parts.toArray(new ImmutableRoaringBitmap[0]));
    ranges = mergeBounds(ranges);
    if (ranges.size() > 1) {
      Map<Condition, Long> estimates = new HashMap<>();
      for (Condition p : ranges) {
        estimates.put(p, estimate(p, v));
      }
      ranges.sort(java.util.Comparator.comparing(estimates::get));
    }
    long few = Math.max(FEW_ROWS, v.meta().rows() / 1024L);
    for (Condition p : ranges) {
      long n = rows == null ? Long.MAX_VALUE : rows.getLongCardinality();
      if (n <= few) {
        step(p + ": tested on each of the " + String.format("%,d", n) + " candidate rows (cheaper than its index)");
        exact = false;
        continue;
      }
      // candidates few against the segment's rows: the range index produces only theirs (for
      // denser candidates copying them costs more than it saves: Q6's 281,000 rejects of 4 Mi)
      within = rows != null && n < v.meta().rows() / 64 ? rows : null;
      Candidates r;
      try {
        r = plan(p, v);
      } finally {
        within = null;
      }
      exact &= r.exact;
      if (r.rows != null) {
        rows = rows == null ? r.rows : ImmutableRoaringBitmap.and(rows, r.rows);
      }
    }
    return new Candidates(rows, rows != null && exact);
  }

  /**
   * {@code ranges} with the bounds on one field (x >= a and x < b) merged into one between, so
   * that the range index is asked once, for exactly the rows in between: a chunk or segment
   * whose values all lie outside is skipped, and one wholly inside is taken as it is.
   */
  private static List<Condition> mergeBounds(List<Condition> ranges) {
    Map<Field<?>, long[]> bounds = new java.util.LinkedHashMap<>();
    Map<Field<?>, Integer> counts = new HashMap<>();
    for (Condition p : ranges) {
      long[] i = bound(p);
      if (i != null) {
        Field<?> f = ((Condition.Compare) p).field;
        bounds.merge(f, i, (x, y) -> new long[] {Math.max(x[0], y[0]), Math.min(x[1], y[1])});
        counts.merge(f, 1, Integer::sum);
      }
    }
    if (counts.values().stream().allMatch(n -> n < 2)) {
      return ranges;
    }
    List<Condition> out = new ArrayList<>();
    for (Condition p : ranges) {
      Field<?> f = bound(p) == null ? null : ((Condition.Compare) p).field;
      if (f == null || counts.get(f) < 2) {
        out.add(p);
      } else if (bounds.containsKey(f)) {
        long[] i = bounds.remove(f);
        if (i[0] > i[1]) {
          out.add(Condition.never());
        } else if (f instanceof TimeField) {
          out.add(new Condition.Between(f, instant(i[0]), instant(i[1])));
        } else {
          out.add(new Condition.Between(f, i[0], i[1]));
        }
      }
    }
    return out;
  }

  /** The inclusive interval of a one-sided numeric or time comparison, else null. */
  private static long[] bound(Condition p) {
    if (!(p instanceof Condition.Compare x) || x.op == Op.NE || x.op == Op.EQ || x.field instanceof AddressField) {
      return null;
    }
    if (x.field instanceof TimeField) {
      Long v = nanos((Instant) x.value);
      return v == null ? null : interval(x.op, v);
    }
    return x.value instanceof Long v ? interval(x.op, v) : null;
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /**
   * At or below this many candidates (or a 1024th of the segment's rows), range parts are tested
   * on the rows: a record read at random costs about what a range index costs per 1,000 rows.
   */
  private static final long FEW_ROWS = 256;

  /** Whether {@code c} is a leaf answered by a range index (numbers, times, addresses). */
  private static boolean isRange(Condition c) {
    if (c instanceof Condition.And || c instanceof Condition.Or || c instanceof Condition.Not
        || c instanceof Condition.Constant) {
      return false;
    }
    Field<?> f = RowTests.fieldOf(c);
    if (f instanceof AddressField) {
      return true;
    }
    if (f == Flow.POSITION || f == Flow.PROTO || f == Flow.VERS || f.flowField() == null
        || RangeField.of(f.flowField()) == null) {
      return false;
    }
    boolean pointwise = c instanceof Condition.In || (c instanceof Condition.Compare x && (x.op == Op.EQ || x.op == Op.NE));
    return !(pointwise && (f == Flow.SRC_PORT || f == Flow.DST_PORT));
  }

  /** How many of a sample of the segment's rows pass range leaf {@code p} (MAX_VALUE: unknown). */
  private long estimate(Condition p, SegmentView v) {
    if (p instanceof Condition.Constant) {
      return 0; // bounds that exclude each other: nothing to evaluate
    }
    sampling = true;
    try {
      Field<?> f = RowTests.fieldOf(p);
      ImmutableRoaringBitmap b = f instanceof AddressField ? addressLeaf(p, f == Flow.SRC_ADDR, v)
          : rangeLeaf(p, RangeField.of(f.flowField()), v);
      return b == null ? Long.MAX_VALUE : b.getLongCardinality();
    } finally {
      sampling = false;
    }
  }

  /** While estimating: ranges over the sample rows only, IPv6 columns skipped. */
  private boolean sampling;

  /**
   * While planning one range part of a conjunction: the candidates the other parts left, which
   * its answer is intersected with anyway (so it may leave out every other row); else null.
   */
  private ImmutableRoaringBitmap within;

  private ImmutableRoaringBitmap range(SegmentView v, RangeField f, long lo, long hi) {
    if (sampling) {
      return v.sampleRange(f, lo, hi);
    }
    return within == null ? v.range(f, lo, hi) : v.range(f, lo, hi, within);
  }

  private static ImmutableRoaringBitmap or(List<ImmutableRoaringBitmap> parts) {
    if (parts.isEmpty()) {
      return new MutableRoaringBitmap();
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return BufferFastAggregation.or(parts.iterator());
  }

  private void step(String s) {
    if (steps != null) {
      steps.add(s);
    }
  }

  private ImmutableRoaringBitmap leaf(Condition c, SegmentView v) {
    Field<?> f = RowTests.fieldOf(c);
    ImmutableRoaringBitmap b;
    String how;
    if (f == Flow.POSITION) {
      b = positionLeaf(c, v);
      if (b == null) {
        return null;
      }
      how = "the rows' stream positions";
    } else if (f instanceof StringField) {
      Dim d = dimOf(f);
      if (d == null) {
        return null;
      }
      b = dimLeaf(c, d, v);
      how = "bitmap index of " + f.name();
    } else if (f == Flow.PROTO || f == Flow.VERS || f == Flow.SRC_PORT || f == Flow.DST_PORT) {
      Dim d = Dim.of(f.flowField());
      boolean pointwise = c instanceof Condition.In || (c instanceof Condition.Compare x && (x.op == Op.EQ || x.op == Op.NE));
      if (pointwise || f == Flow.PROTO || f == Flow.VERS) {
        b = dimLeaf(c, d, v);
        how = "bitmap index of " + f.name();
      } else {
        b = rangeLeaf(c, RangeField.of(f.flowField()), v);
        how = "range index of " + f.name();
      }
    } else if (f instanceof AddressField) {
      b = addressLeaf(c, f == Flow.SRC_ADDR, v);
      how = "address range index and IPv6 column of " + f.name();
    } else {
      RangeField r = RangeField.of(f.flowField());
      if (r == null) {
        return null;
      }
      b = rangeLeaf(c, r, v);
      if (b == null) {
        return null;
      }
      how = "range index of " + f.name();
    }
    if (within != null) {
      how += " within the " + String.format("%,d", within.getLongCardinality()) + " candidates";
    }
    step(c + ": " + how + " (" + String.format("%,d", b.getLongCardinality()) + " rows)");
    return b;
  }

  /** The inclusive position intervals a position leaf passes; null for NE (all but one position). */
  private static List<long[]> positionIntervals(Condition c) {
    List<long[]> out = new ArrayList<>();
    if (c instanceof Condition.Between b) {
      out.add(new long[] {(Long) b.lo, (Long) b.hi});
    } else if (c instanceof Condition.In in) {
      for (Object x : in.values) {
        out.add(new long[] {(Long) x, (Long) x});
      }
    } else {
      Condition.Compare x = (Condition.Compare) c;
      if (x.op == Op.NE) {
        return null;
      }
      out.add(interval(x.op, (Long) x.value));
    }
    return out;
  }

  /**
   * The event rows whose stream position passes a position leaf: row r is at position
   * {@code first + r}, so an interval of positions is an interval of rows. Null for NE.
   */
  private ImmutableRoaringBitmap positionLeaf(Condition c, SegmentView v) {
    if (positionsOf != v) { // one look per segment, however many position tests the condition has
      io.flowstore.internal.index.SegmentRows r = v.rows();
      positionsOf = v;
      firstPosition = r.positionOf(0);
      positionRows = r.rows();
    }
    long first = firstPosition;
    int rows = positionRows;
    MutableRoaringBitmap out = new MutableRoaringBitmap();
    List<long[]> intervals = positionIntervals(c);
    if (intervals == null) {
      return null;
    }
    for (long[] i : intervals) {
      long lo = Math.max(i[0], first);
      long hi = Math.min(i[1], first + rows - 1);
      if (lo <= hi) {
        out.add(lo - first, hi - first + 1);
      }
    }
    out.and(v.events());
    return out;
  }

  static Dim dimOf(Field<?> f) {
    if (f == Flow.KIND) {
      return Dim.KIND;
    }
    if (f == Flow.RESOURCE_ID) {
      return Dim.RESOURCE_ID;
    }
    return f.flowField() == null ? null : Dim.of(f.flowField());
  }

  private long stringKey(Dim d, String s) {
    if (d == Dim.KIND) {
      for (FlowKind k : FlowKind.values()) {
        if (k.name().equals(s)) {
          return k.ordinal();
        }
      }
      return -1;
    }
    return dictionary.stringId(s);
  }

  private long key(Dim d, Object value) {
    return value instanceof String s ? stringKey(d, s) : (Long) value;
  }

  private ImmutableRoaringBitmap dim(SegmentView v, Dim d, long key) {
    return key < 0 && d.isString() || (d == Dim.KIND && key < 0) ? new MutableRoaringBitmap() : v.dim(d, key);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ImmutableRoaringBitmap dimLeaf(Condition c, Dim d, SegmentView v) {
    if (c instanceof Condition.Compare x && x.op == Op.EQ) {
      return dim(v, d, key(d, x.value));
    }
    if (c instanceof Condition.Compare x && x.op == Op.NE) {
      return ImmutableRoaringBitmap.andNot(v.present(d), dim(v, d, key(d, x.value)));
    }
    if (c instanceof Condition.In y) {
      List<ImmutableRoaringBitmap> parts = new ArrayList<>();
      for (Object value : y.values) {
        parts.add(dim(v, d, key(d, value)));
      }
      return or(parts);
    }
    // a range over the segment's keys: decode each key and test it
    RowTests.ValueTest test = RowTests.valueTest(c);
    List<ImmutableRoaringBitmap> parts = new ArrayList<>();
    for (long k : v.keys(d)) {
      Object value = d == Dim.KIND ? FlowKind.values()[(int) k].name() : d.isString() ? dictionary.string((int) k) : k;
      if (test.test(value)) {
        parts.add(v.dim(d, k));
      }
    }
    return or(parts);
  }

  /** A range index answer, or null when the bounds do not fit the index (times outside 1677..2262). */
  private ImmutableRoaringBitmap rangeLeaf(Condition c, RangeField r, SegmentView v) {
    boolean time = r == RangeField.EVENT_TIME || r == RangeField.AGG_START || r == RangeField.AGG_END;
    if (c instanceof Condition.In y) {
      List<ImmutableRoaringBitmap> parts = new ArrayList<>();
      for (Object value : y.values) {
        Long k = time ? nanos((Instant) value) : (Long) value;
        if (k == null) {
          return null;
        }
        parts.add(range(v, r, k, k));
      }
      return or(parts);
    }
    if (c instanceof Condition.Compare x && x.op == Op.NE) {
      Long k = time ? nanos((Instant) x.value) : (Long) x.value;
      if (k == null) {
        return null;
      }
      return ImmutableRoaringBitmap.andNot(range(v, r, Long.MIN_VALUE, Long.MAX_VALUE), range(v, r, k, k));
    }
    long[] lohi;
    if (time) {
      lohi = nanosRange(c);
      if (lohi == null) {
        return null;
      }
    } else if (c instanceof Condition.Between b) {
      lohi = new long[] {(Long) b.lo, (Long) b.hi};
    } else {
      Condition.Compare x = (Condition.Compare) c;
      lohi = interval(x.op, (Long) x.value);
    }
    return lohi[0] > lohi[1] ? new MutableRoaringBitmap() : range(v, r, lohi[0], lohi[1]);
  }

  // ---------------------------------------------------------------- addresses

  private ImmutableRoaringBitmap addressLeaf(Condition c, boolean src, SegmentView v) {
    if (c instanceof Condition.Within w) {
      return addressRange(v, src, w.cidr.first(), true, w.cidr.last(), true);
    }
    if (c instanceof Condition.In y) {
      List<ImmutableRoaringBitmap> parts = new ArrayList<>();
      for (Object a : y.values) {
        parts.add(addressRange(v, src, (IpAddress) a, true, (IpAddress) a, true));
      }
      return or(parts);
    }
    if (c instanceof Condition.Between b) {
      return addressRange(v, src, (IpAddress) b.lo, true, (IpAddress) b.hi, true);
    }
    Condition.Compare x = (Condition.Compare) c;
    IpAddress a = (IpAddress) x.value;
    switch (x.op) {
      case EQ:
        return addressRange(v, src, a, true, a, true);
      case NE:
        return ImmutableRoaringBitmap.andNot(addressRange(v, src, null, true, null, true),
            addressRange(v, src, a, true, a, true));
      case LT:
        return addressRange(v, src, null, true, a, false);
      case LE:
        return addressRange(v, src, null, true, a, true);
      case GT:
        return addressRange(v, src, a, false, null, true);
      default:
        return addressRange(v, src, a, true, null, true);
    }
  }

  /**
   * Rows whose address lies between {@code lo} and {@code hi} in address order (every IPv4
   * address before every IPv6 one); a null bound is open.
   */
  private ImmutableRoaringBitmap addressRange(SegmentView v, boolean src, IpAddress lo, boolean loIncl,
      IpAddress hi, boolean hiIncl) {
    List<ImmutableRoaringBitmap> parts = new ArrayList<>(2);
    // IPv4 part
    if (lo == null || lo.isV4()) {
      long lo4 = lo == null ? 0 : lo.low() + (loIncl ? 0 : 1);
      long hi4 = hi == null || !hi.isV4() ? 0xFFFF_FFFFL : hi.low() - (hiIncl ? 0 : 1);
      if (lo4 <= hi4) {
        parts.add(range(v, src ? RangeField.SRC_ADDR : RangeField.DST_ADDR, lo4, hi4));
      }
    }
    // IPv6 part
    if (hi == null || !hi.isV4()) {
      long loH = 0;
      long loL = 0;
      boolean empty = false;
      if (lo != null && !lo.isV4()) {
        loH = lo.high();
        loL = lo.low();
        if (!loIncl) {
          if (loH == -1L && loL == -1L) {
            empty = true;
          }
          loL++;
          if (loL == 0) {
            loH++;
          }
        }
      }
      long hiH = -1L;
      long hiL = -1L;
      if (hi != null) {
        hiH = hi.high();
        hiL = hi.low();
        if (!hiIncl) {
          if (hiH == 0 && hiL == 0) {
            empty = true;
          }
          if (hiL == 0) {
            hiH--;
          }
          hiL--;
        }
      }
      int cmp = Long.compareUnsigned(loH, hiH) != 0 ? Long.compareUnsigned(loH, hiH) : Long.compareUnsigned(loL, hiL);
      if (!empty && cmp <= 0 && !sampling) {
        parts.add(v.v6(src, loH, loL, hiH, hiL));
      }
    }
    return or(parts);
  }
}
