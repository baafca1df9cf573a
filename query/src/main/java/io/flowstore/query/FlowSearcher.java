package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.FlowVisitor;
import io.flowstore.internal.StoreEngine;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.index.Dim;
import io.flowstore.internal.index.Rollup;
import io.flowstore.internal.index.RollupFilter;
import io.flowstore.internal.index.SegmentRows;
import io.flowstore.internal.index.SegmentView;
import io.flowstore.internal.index.Segments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Runs {@link Query} and {@link Aggregation} values against a store, the way Lucene's searcher
 * runs queries. Thread-safe: one searcher serves any number of threads, beside a running
 * ingest; every call sees the events stored when it started.
 *
 * <p>Each call plans the query onto every segment (see {@code Planner}): segments whose
 * metadata rules them out are skipped, conditions on indexed fields become bitmaps, and only
 * the rows the indexes cannot decide are read. A count of equality conditions on an event's
 * shape and place (subnet AND action AND direction) is answered from the segments' rollups
 * without touching a bitmap.
 */
public final class FlowSearcher {
  private final StoreEngine engine;
  /** Segments whose aggregation groups came from a rollup by (shape, address), for tests. */
  final AtomicLong addressRollupSegments = new AtomicLong();

  private FlowSearcher(StoreEngine engine) {
    this.engine = engine;
  }

  /** A searcher over {@code store}; as cheap to create as to keep. */
  public static FlowSearcher of(FlowStore store) {
    return new FlowSearcher(FlowStore.engineOf(store));
  }

  // ---------------------------------------------------------------- counting

  /** The number of events the query matches (its order, limit and cursor do not apply). */
  public long count(Query q) {
    return count(q, null);
  }

  private long count(Query q, List<Explain.SegmentPlan> explain) {
    Condition c = q.effectiveCondition();
    if (explain == null) {
      Long n = countBySegment(c);
      if (n != null) {
        return n;
      }
    }
    try (Matches m = new Matches(engine, c, false, -1, explain)) {
      return m.countAll();
    }
  }

  /**
   * The count from the indexes alone, segment by segment: from a segment's rollups when the
   * condition is equality/IN tests on the dimensions they cover, else from exact bitmaps. A
   * condition on stream positions (a flow log's capture) is planned per segment for the
   * positions it holds, so a segment inside one capture range counts like the rule alone. Null
   * when some segment would need its records read (then the caller counts the usual way).
   */
  private Long countBySegment(Condition c) {
    Dictionary dictionary = engine.flowDictionary();
    Planner planner = new Planner(dictionary, null);
    boolean positions = Planner.mentionsPosition(c);
    RollupFilter whole = null;
    if (!positions) {
      Map<Dim, long[]> keys = planner.rollupKeys(c);
      if (keys == null) {
        return null;
      }
      whole = new RollupFilter(dictionary, keys);
    }
    long n = 0;
    try (Segments.Acquired a = engine.segments().acquire()) {
      for (SegmentView v : a.views()) {
        Condition s = c;
        RollupFilter filter = whole;
        if (positions) {
          io.flowstore.internal.index.SegmentRows rows = v.rows();
          if (rows.rows() == 0) {
            continue;
          }
          s = Planner.specializePositions(c, rows.positionOf(0), rows.positionOf(rows.rows() - 1));
          Map<Dim, long[]> keys = planner.rollupKeys(s);
          filter = keys == null ? null : new RollupFilter(dictionary, keys);
        }
        if (Planner.pruneReason(s, v.meta(), dictionary) != null) {
          continue;
        }
        RollupFilter.Totals t = filter == null ? null : filter.totals(v);
        if (t != null) {
          n += t.rows();
          continue;
        }
        Planner.Candidates cand = planner.candidates(s, v);
        if (!cand.exact()) {
          return null;
        }
        n += cand.rows().getLongCardinality();
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- events

  /** The matching events, in the query's order, at most its limit. */
  public List<FlowEvent> fetch(Query q) {
    List<FlowEvent> out = new ArrayList<>();
    forEach(q, view -> {
      out.add(view.toEvent());
      return true;
    });
    return out;
  }

  /** The first matching event in the query's order. */
  public Optional<FlowEvent> first(Query q) {
    List<FlowEvent> one = fetch(q.limit(1));
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /**
   * One page: the matching events after the query's cursor, at most its limit, and the cursor
   * for the next page. Pages stay correct while ingest continues (see {@link Cursor}).
   */
  public Page page(Query q) {
    if (q.limit() < 0) {
      throw new IllegalArgumentException("a page needs a limit: query=" + q);
    }
    List<FlowEvent> events = new ArrayList<>();
    long[] last = {0, -1};
    Order order = q.order();
    visit(q, (view) -> {
      events.add(view.toEvent());
      last[0] = order == null ? view.position() : orderKey(view, order.field());
      last[1] = view.position();
      return true;
    });
    Cursor next = q.limit() > 0 && events.size() == q.limit() ? new Cursor(last[0], last[1]) : null;
    return new Page(events, next);
  }

  /**
   * Visits the matching events in the query's order with a zero-allocation view, valid only
   * during each call. Returns the number visited.
   */
  public long forEach(Query q, FlowVisitor visitor) {
    return visit(q, visitor::onFlow);
  }

  /**
   * The matching events as a lazy stream in the query's order; close it (try-with-resources)
   * to release the segments it reads. An ordered query collects its top events first.
   */
  public Stream<FlowEvent> stream(Query q) {
    if (q.order() != null) {
      return fetch(q).stream();
    }
    Condition c = q.effectiveCondition();
    Matches m = new Matches(engine, c, true, cursorPosition(q), null);
    int limit = q.limit();
    Iterator<FlowEvent> it = new Iterator<>() {
      private FlowEvent next;
      private int returned;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          if ((limit < 0 || returned < limit) && m.next()) {
            next = m.view().toEvent();
          } else {
            done = true;
            m.close();
          }
        }
        return next != null;
      }

      @Override
      public FlowEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        FlowEvent e = next;
        next = null;
        returned++;
        return e;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(m::close);
  }

  private interface ViewVisitor {
    boolean onView(RecordFlowView view);
  }

  private static long cursorPosition(Query q) {
    return q.cursor() == null || q.order() != null ? -1 : q.cursor().position();
  }

  private long visit(Query q, ViewVisitor visitor) {
    if (q.order() != null) {
      return visitOrdered(q, visitor);
    }
    long n = 0;
    int limit = q.limit();
    if (limit == 0) {
      return 0;
    }
    try (Matches m = new Matches(engine, q.effectiveCondition(), true, cursorPosition(q), null)) {
      while (m.next()) {
        n++;
        if (!visitor.onView(m.view()) || (limit > 0 && n >= limit)) {
          break;
        }
      }
    }
    return n;
  }

  /** The order key of an event: the field's value, or Long.MIN_VALUE when absent (times in ns, clamped). */
  static long orderKey(RecordFlowView v, Field<?> f) {
    if (!v.has(f.flowField())) {
      return Long.MIN_VALUE;
    }
    if (f instanceof TimeField) {
      return v.timeNanos(f == Flow.EVENT_TIME ? 0 : f == Flow.AGG_START ? 1 : 2);
    }
    return v.int64(f.flowField());
  }

  /** Top-k by (key in the query's direction, position ascending), then the records in that order. */
  private long visitOrdered(Query q, ViewVisitor visitor) {
    Order order = q.order();
    boolean desc = order.descending();
    Comparator<long[]> better = (x, y) -> {
      int c = Long.compare(x[0], y[0]);
      if (desc) {
        c = -c;
      }
      return c != 0 ? c : Long.compare(x[1], y[1]);
    };
    Cursor cursor = q.cursor();
    int limit = q.limit();
    if (limit == 0) {
      return 0;
    }
    PriorityQueue<long[]> heap = new PriorityQueue<>(better.reversed());
    List<long[]> all = new ArrayList<>();
    Condition condition = q.effectiveCondition();
    if (cursor == null && limit > 0 && desc && order.field() instanceof TimeField f) {
      Condition window = timeWindow(condition, f, limit);
      condition = window != null ? window : condition;
    }
    try (Matches m = new Matches(engine, condition, true, -1, null)) {
      RawRow.Reader reader = new RawRow.Reader(order.field().flowField());
      long[] after = cursor == null ? null : new long[] {cursor.key(), cursor.position()};
      while (m.next()) {
        RawRow r = m.raw();
        long key = !reader.has(r) ? Long.MIN_VALUE : reader.fast(r) ? reader.rank(r) : orderKey(r.full(), order.field());
        long[] e = {key, r.position(), m.segment(), m.row()};
        if (after != null && better.compare(e, after) <= 0) {
          continue;
        }
        if (limit < 0) {
          all.add(e);
        } else if (heap.size() < limit) {
          heap.add(e);
        } else if (better.compare(e, heap.peek()) < 0) {
          heap.poll();
          heap.add(e);
        }
      }
      if (limit >= 0) {
        all.addAll(heap);
      }
      all.sort(better);
      List<SegmentView> views = m.views();
      SegmentRows[] rows = new SegmentRows[views.size()];
      long n = 0;
      for (long[] e : all) {
        int s = (int) e[2];
        if (rows[s] == null) {
          rows[s] = views.get(s).rows();
        }
        rows[s].load((int) e[3]);
        n++;
        if (!visitor.onView(rows[s].view())) {
          break;
        }
      }
      return n;
    }
  }

  /**
   * {@code c} narrowed to the newest stretch of time that holds at least {@code limit} of its
   * matches, or null when that does not pay (few matches, no times). Newest first only: an
   * event without the time ranks last there, first in ascending order. The stretch starts at the expected width for {@code limit} matches, doubled, and
   * grows fourfold until it holds enough; each try is a count from the indexes. The top events of
   * the narrowed condition are the top events of {@code c}: at least {@code limit} matches lie
   * inside, and every match outside ranks below all of them. So a top-k by time reads about k
   * records instead of every match.
   */
  private Condition timeWindow(Condition c, TimeField f, int limit) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    try (Segments.Acquired a = engine.segments().acquire()) {
      for (SegmentView v : a.views()) {
        io.flowstore.internal.index.SegmentMeta m = v.meta();
        if (m.events() == 0) {
          continue;
        }
        long lo = f == Flow.EVENT_TIME ? m.minEventTime() : f == Flow.AGG_START ? m.minAggStart() : m.minAggEnd();
        long hi = f == Flow.EVENT_TIME ? m.maxEventTime() : f == Flow.AGG_START ? m.maxAggStart() : m.maxAggEnd();
        if (lo <= hi) {
          min = Math.min(min, lo);
          max = Math.max(max, hi);
        }
      }
    }
    if (min >= max) {
      return null;
    }
    long total = count(Query.where(c));
    if (total <= 4L * limit) {
      return null;
    }
    double span = (double) max - min;
    for (double w = Math.max(1, 2 * span * limit / total); w < span; w *= 4) {
      long bound = max - (long) w;
      Instant at = Instant.ofEpochSecond(Math.floorDiv(bound, 1_000_000_000L), Math.floorMod(bound, 1_000_000_000L));
      Condition narrowed = c.and(f.ge(at));
      if (count(Query.where(narrowed)) >= limit) {
        return narrowed;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- aggregation

  /** The groups of {@code a}: HAVING applied, ordered (ties by key), limited. */
  public List<Group> aggregate(Aggregation a) {
    Dictionary dictionary = engine.flowDictionary();
    GroupTable table = new GroupTable(a, dictionary);
    Condition c = a.query().effectiveCondition();
    // groups over shape and place fields under equality conditions come from the rollups by
    // (shape, place), groups by an address under conditions on shape fields from the rollups by
    // (shape, address); a segment without a usable rollup is scanned
    AddressField address = GroupTable.addressRollupField(a);
    Map<Dim, long[]> rollupKeys = GroupTable.fromRollups(a) || address != null
        ? new Planner(dictionary, null).rollupKeys(c) : null;
    RollupFilter filter = rollupKeys == null ? null : new RollupFilter(dictionary, rollupKeys);
    if (address != null && filter != null && !filter.shapeOnly()) {
      filter = null;
    }
    try (Segments.Acquired acquired = engine.segments().acquire()) {
      java.util.Set<Integer> scan = null;
      if (filter != null) {
        scan = new java.util.HashSet<>();
        List<SegmentView> views = acquired.views();
        for (int i = 0; i < views.size(); i++) {
          SegmentView v = views.get(i);
          if (Planner.pruneReason(c, v.meta(), dictionary) != null) {
            continue;
          }
          boolean used = address == null
              ? v.rollupSumsExact(Rollup.Kind.PLACE) && filter.visit(v, table::addPair)
              : addressRollup(v, filter, address == Flow.SRC_ADDR, table);
          if (!used) {
            scan.add(i);
          }
        }
      }
      if (scan == null || !scan.isEmpty()) {
        try (Matches m = new Matches(engine, c, true, -1, null, acquired, scan)) {
          while (m.next()) {
            table.add(m.raw());
          }
        }
      }
    }
    return table.result();
  }

  /**
   * Adds the groups of segment {@code v} from its rollup by (shape, source or destination
   * address); false, having added nothing, when it has no usable one.
   */
  private boolean addressRollup(SegmentView v, RollupFilter filter, boolean src, GroupTable table) {
    if (!RollupFilter.addressSumsExact(v, src)) {
      return false;
    }
    List<long[]> v6 = new ArrayList<>(); // pairs of IPv6 places, resolved once the rollup's address table is read
    boolean used = filter.visitAddresses(v, src, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> {
      if (shape < 0 && place != Rollup.NO_ADDRESS) {
        v6.add(new long[] {place, rows, bytesRows, bytesSum, packetsRows, packetsSum});
      } else {
        table.addAddressPair(shape, place, null, rows, bytesRows, bytesSum, packetsRows, packetsSum);
      }
    });
    if (used && !v6.isEmpty()) {
      long[] addresses = v.rollupV6(src ? Rollup.Kind.SRC_ADDR : Rollup.Kind.DST_ADDR);
      for (long[] p : v6) {
        table.addAddressPair(-1, (int) p[0], addresses, p[1], p[2], p[3], p[4], p[5]);
      }
    }
    if (used) {
      addressRollupSegments.incrementAndGet();
    }
    return used;
  }

  // ---------------------------------------------------------------- explain

  /** Runs the query's count and says how: segments pruned and kept, indexes used, rows estimated, scanned and matched. */
  public Explain explain(Query q) {
    Condition c = q.effectiveCondition();
    List<Explain.SegmentPlan> plans = new ArrayList<>();
    Map<Dim, long[]> rollupKeys = new Planner(engine.flowDictionary(), null).rollupKeys(c);
    Long byRollup = rollupKeys == null ? null : countBySegment(c);
    long n = count(q, plans);
    String strategy = byRollup != null
        ? "count from the segments' rollups of (shape, place) pairs; the bitmap plan below gives the same count"
        : "bitmap indexes, then the remaining condition tested on each candidate record";
    return new Explain(q.toString(), c.toString(), plans, n, strategy);
  }

  // ---------------------------------------------------------------- live tail

  /**
   * Delivers every matching event ingested after this call, in ingest order, to
   * {@code handler} on a thread of its own, until the subscription is closed or the handler
   * returns false or throws. Ingest never waits for a subscriber: the subscription reads the
   * stored stream at its own pace, so a slow handler falls behind and catches up, losing
   * nothing (unless retention deletes a roll cycle it has not read yet). The query's time
   * clauses apply; its order, limit and cursor do not.
   */
  public Subscription subscribe(Query q, FlowVisitor handler) {
    Condition c = q.effectiveCondition();
    Tail tail = new Tail(c, handler);
    tail.start();
    try {
      tail.started.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tail.close();
      throw new IllegalStateException("interrupted while starting a subscription", e);
    }
    if (tail.failure != null) {
      throw new IllegalStateException("subscription failed to start: " + tail.failure, tail.failure);
    }
    return tail;
  }

  private final class Tail extends Thread implements Subscription {
    private final Condition condition;
    private final FlowVisitor handler;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean closed;
    private volatile Throwable failure;

    Tail(Condition condition, FlowVisitor handler) {
      super("flowstore-subscription");
      setDaemon(true);
      this.condition = condition;
      this.handler = handler;
    }

    @Override
    public void run() {
      StoreEngine.FlowCursor cursor;
      try {
        cursor = engine.flowCursorAtEnd();
      } catch (RuntimeException e) {
        failure = e;
        closed = true;
        started.countDown();
        return;
      }
      started.countDown();
      RowTests.RowTest test = RowTests.compile(condition, engine.flowDictionary());
      RawRow raw = new RawRow();
      try (cursor) {
        while (!closed) {
          boolean any = false;
          while (!closed && cursor.next()) {
            any = true;
            RecordFlowView v = cursor.view();
            raw.at(v);
            if (test.test(raw)) {
              delivered.incrementAndGet();
              if (!handler.onFlow(v)) {
                closed = true;
              }
            }
          }
          if (!any) {
            LockSupport.parkNanos(1_000_000L);
          }
        }
      } catch (Throwable t) {
        failure = t;
        closed = true;
      }
    }

    @Override
    public long delivered() {
      return delivered.get();
    }

    @Override
    public boolean isActive() {
      return !closed && isAlive();
    }

    @Override
    public Throwable failure() {
      return failure;
    }

    @Override
    public void close() {
      closed = true;
      if (Thread.currentThread() != this) {
        try {
          join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
