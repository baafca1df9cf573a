package io.flowstore.query;

import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.internal.audit.AuditDim;
import io.flowstore.internal.audit.AuditIndex;
import io.flowstore.internal.audit.AuditRecordCodec;
import io.flowstore.internal.storage.QueueReader;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs {@link AuditQuery}s and {@link AuditAggregation}s over a store's audit stream.
 * Thread-safe; cheap to create.
 *
 * <p>How a query runs: per segment (a roll cycle), conditions on indexed fields become bitmaps
 * (one per value of the event type, source, status, act type, subject id, type and name,
 * resource id, product, region, family; the eventTime and remote-address columns for times and
 * CIDRs); and intersects, or unites, not subtracts. Where every part of the condition was
 * answered by an index, a count is the bitmap's cardinality; otherwise (a path into the JSON,
 * an ordering on strings, a remote address compared as written) the candidate rows are read and
 * the whole condition is tested on each event.
 */
public final class AuditSearcher {
  private final FlowStore store;

  private AuditSearcher(FlowStore store) {
    this.store = store;
  }

  public static AuditSearcher of(FlowStore store) {
    return new AuditSearcher(store);
  }

  private AuditIndex index() {
    return FlowStore.engineOf(store).auditIndex();
  }

  /** A segment's candidate rows and whether they are exactly the matching ones. */
  private record Plan(ImmutableRoaringBitmap rows, boolean exact, String how) {}

  /** The number of matching events. */
  public long count(AuditQuery q) {
    return count(q.effectiveCondition());
  }

  /** The number of events passing {@code c}. */
  public long count(AuditCondition c) {
    AuditIndex index = index();
    try (Counter counter = new Counter(index, c)) {
      long n = 0;
      for (AuditIndex.SegmentView v : index.snapshot().segments()) {
        n += counter.count(v, plan(c, v));
      }
      return n;
    }
  }

  /** Counts the events of a plan: its cardinality when exact, else its candidates read and tested. */
  private static final class Counter implements AutoCloseable {
    private final AuditIndex index;
    private final AuditCondition c;
    private final AuditRecordCodec codec = new AuditRecordCodec();
    private QueueReader reader; // opened for the first plan that must read

    Counter(AuditIndex index, AuditCondition c) {
      this.index = index;
      this.c = c;
    }

    long count(AuditIndex.SegmentView v, Plan p) {
      if (p.exact) {
        return p.rows.getCardinality();
      }
      if (reader == null) {
        reader = index.reader();
      }
      long n = 0;
      for (org.roaringbitmap.IntIterator it = p.rows.getIntIterator(); it.hasNext(); ) {
        AuditEvent e = v.read(reader, codec, it.next());
        if (e != null && c.test(e)) {
          n++;
        }
      }
      return n;
    }

    @Override
    public void close() {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /**
   * Hands the matching events to {@code visitor} in ingest order, one at a time (nothing is
   * collected, so any number of matches streams), until it returns false; the query's order and
   * limit do not apply. Returns the number of events visited.
   */
  public long forEach(AuditQuery q, Predicate<AuditEvent> visitor) {
    long[] n = {0};
    forEachMatch(q.effectiveCondition(), e -> {
      n[0]++;
      return visitor.test(e);
    });
    return n[0];
  }

  /** The matching events: in ingest order, or by eventTime when the query orders; limited. */
  public List<AuditEvent> fetch(AuditQuery q) {
    List<AuditEvent> out = new ArrayList<>();
    int limit = q.limit();
    boolean ordered = q.descending() != null;
    forEachMatch(q.effectiveCondition(), e -> {
      out.add(e);
      return ordered || limit < 0 || out.size() < limit;
    });
    if (ordered) {
      Comparator<AuditEvent> byTime = Comparator.comparing(AuditEvent::eventTime,
          Comparator.nullsLast(q.descending() ? Comparator.<Instant>reverseOrder() : Comparator.<Instant>naturalOrder()));
      out.sort(byTime); // stable: ties stay in ingest order
    }
    return limit >= 0 && out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  /** The groups of {@code a}: counts, largest first, ties by key, limited. */
  public List<Group> aggregate(AuditAggregation a) {
    Map<List<Object>, long[]> counts = new HashMap<>();
    List<AuditField> keys = a.keys();
    forEachMatch(a.query().effectiveCondition(), e -> {
      List<List<String>> values = new ArrayList<>();
      for (AuditField k : keys) {
        List<String> t = k.texts(e);
        values.add(t.isEmpty() ? java.util.Collections.singletonList(null) : t);
      }
      combine(values, 0, new ArrayList<>(), key -> counts.computeIfAbsent(key, x -> new long[1])[0]++);
      return true;
    });
    List<Group> groups = new ArrayList<>();
    counts.forEach((k, n) -> {
      Map<Metric, Number> m = new LinkedHashMap<>();
      m.put(Metric.count(), n[0]);
      groups.add(new Group(k, m));
    });
    groups.sort(Comparator.comparingLong(Group::count).reversed()
        .thenComparing((x, y) -> GroupTable.compareKeys(x.keys(), y.keys())));
    int limit = a.limit();
    return limit >= 0 && groups.size() > limit ? new ArrayList<>(groups.subList(0, limit)) : groups;
  }

  /** Every combination of the key values (a resource id key gives one group per resource). */
  private static void combine(List<List<String>> values, int i, List<Object> key,
      java.util.function.Consumer<List<Object>> out) {
    if (i == values.size()) {
      out.accept(java.util.Collections.unmodifiableList(new ArrayList<>(key)));
      return;
    }
    for (String v : new java.util.LinkedHashSet<>(values.get(i))) {
      key.add(v);
      combine(values, i + 1, key, out);
      key.remove(key.size() - 1);
    }
  }

  /** The plan of {@code q}'s count in words, segment by segment, and the count it gives. */
  public String explain(AuditQuery q) {
    AuditCondition c = q.effectiveCondition();
    AuditIndex index = index();
    StringBuilder sb = new StringBuilder();
    sb.append("query: ").append(q).append('\n');
    List<AuditIndex.SegmentView> segments = index.snapshot().segments();
    sb.append("segments: ").append(segments.size()).append('\n');
    long total = 0;
    try (Counter counter = new Counter(index, c)) {
      for (AuditIndex.SegmentView v : segments) {
        Plan p = plan(c, v);
        total += counter.count(v, p);
        sb.append("  segment ").append(v.cycle()).append(", ").append(v.rows()).append(" rows: ").append(p.how)
            .append(p.exact ? "; exact from the indexes: " + p.rows.getCardinality() + " rows"
                : "; " + p.rows.getCardinality() + " candidate rows read and tested")
            .append('\n');
      }
    }
    sb.append("matched: ").append(total).append('\n');
    return sb.toString();
  }

  private void forEachMatch(AuditCondition c, Predicate<AuditEvent> visitor) {
    AuditIndex index = index();
    AuditRecordCodec codec = new AuditRecordCodec();
    QueueReader reader = index.reader();
    if (reader == null) {
      return;
    }
    try (reader) {
      for (AuditIndex.SegmentView v : index.snapshot().segments()) {
        Plan p = plan(c, v);
        for (org.roaringbitmap.IntIterator it = p.rows.getIntIterator(); it.hasNext(); ) {
          AuditEvent e = v.read(reader, codec, it.next());
          if (e != null && (p.exact || c.test(e)) && !visitor.test(e)) {
            return;
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- planning

  private Plan plan(AuditCondition c, AuditIndex.SegmentView v) {
    if (c instanceof AuditCondition.Constant k) {
      return new Plan(k.value ? v.events() : new MutableRoaringBitmap(), true, k.value ? "every row" : "no row");
    }
    if (c instanceof AuditCondition.And a) {
      MutableRoaringBitmap rows = null;
      boolean exact = true;
      List<String> how = new ArrayList<>();
      for (AuditCondition part : a.parts) {
        Plan p = plan(part, v);
        exact &= p.exact;
        how.add(p.how);
        if (rows == null) {
          rows = p.rows.toMutableRoaringBitmap();
        } else {
          rows.and(p.rows);
        }
        if (rows.isEmpty()) {
          return new Plan(rows, true, String.join(" and ", how) + " (empty)");
        }
      }
      return new Plan(rows, exact, String.join(" and ", how));
    }
    if (c instanceof AuditCondition.Or o) {
      MutableRoaringBitmap rows = new MutableRoaringBitmap();
      boolean exact = true;
      List<String> how = new ArrayList<>();
      for (AuditCondition part : o.parts) {
        Plan p = plan(part, v);
        exact &= p.exact;
        how.add(p.how);
        rows.or(p.rows);
      }
      return new Plan(rows, exact, "(" + String.join(" or ", how) + ")");
    }
    if (c instanceof AuditCondition.Not n) {
      Plan p = plan(n.part, v);
      if (!p.exact) {
        return new Plan(v.events(), false, "not (" + p.how + ", tested)");
      }
      MutableRoaringBitmap rows = v.events().toMutableRoaringBitmap();
      rows.andNot(p.rows);
      return new Plan(rows, true, "not " + p.how);
    }
    if (c instanceof AuditCondition.Compare x && x.field.dim != null && (x.op == Op.EQ || x.op == Op.NE)) {
      AuditDim d = x.field.dim;
      ImmutableRoaringBitmap eq = v.dim(d, (String) x.value);
      if (x.op == Op.EQ) {
        return new Plan(eq, true, "index of " + x.field.name());
      }
      MutableRoaringBitmap rows = v.present(d).toMutableRoaringBitmap();
      rows.andNot(eq);
      return new Plan(rows, true, "index of " + x.field.name() + " (subtracted from the rows that have one)");
    }
    if (c instanceof AuditCondition.In in && in.field.dim != null) {
      MutableRoaringBitmap rows = new MutableRoaringBitmap();
      for (String value : in.values) {
        rows.or(v.dim(in.field.dim, value));
      }
      return new Plan(rows, true, "index of " + in.field.name() + " (" + in.values.size() + " values)");
    }
    if (c instanceof AuditCondition.Compare x && x.field == Audit.EVENT_TIME) {
      long ns = nanos((Instant) x.value);
      if (x.op == Op.NE) {
        MutableRoaringBitmap rows = v.time(Long.MIN_VALUE, Long.MAX_VALUE).toMutableRoaringBitmap();
        rows.andNot(v.time(ns, ns));
        return new Plan(rows, !saturated(ns), "eventTime column (subtracted)");
      }
      long[] range = Planner.interval(x.op, ns);
      if (range[0] > range[1]) {
        return new Plan(v.events(), false, "eventTime, tested");
      }
      return new Plan(v.time(range[0], range[1]), !saturated(ns), "eventTime column");
    }
    if (c instanceof AuditCondition.Within w) {
      Cidr cidr = w.cidr;
      boolean v4 = cidr.network().isV4();
      io.flowstore.IpAddress first = cidr.first();
      io.flowstore.IpAddress last = cidr.last();
      ImmutableRoaringBitmap rows = v4
          ? v.address(true, 0, first.v4Bits() & 0xFFFF_FFFFL, 0, last.v4Bits() & 0xFFFF_FFFFL)
          : v.address(false, first.high(), first.low(), last.high(), last.low());
      return new Plan(rows, true, "remote address column");
    }
    return new Plan(v.events(), false, c + " tested on each row");
  }

  /** ns since 1970 of {@code t}, saturated at the long range as the index stores times. */
  private static long nanos(Instant t) {
    return AuditIndex.nanos(t.getEpochSecond(), t.getNano());
  }

  /** Whether {@code ns} was clamped: then the column cannot decide exactly (times far from 1970). */
  private static boolean saturated(long ns) {
    return ns == Long.MAX_VALUE || ns == Long.MIN_VALUE;
  }
}
