package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.IpAddress;
import io.flowstore.RollPeriod;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.ManualClock;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backbone of the query tests: seeded random data over several segments (sealed slices,
 * sealed roll cycles, the open segment), seeded random queries over every field and operator
 * (CIDR, IN lists, NOT, time ranges, ordering with limits, pages, group-bys, top-N); the engine's
 * answer must equal a brute-force evaluation over the same events held in a list. A failure
 * prints the seed and the canonical query.
 */
class QueryDifferentialTest {
  @TempDir
  Path dir;

  @Test
  void shouldAnswerRandomQueriesExactlyAsABruteForceEvaluation() {
    for (long seed : new long[] {21, 22}) {
      run(seed, true, 700);
    }
  }

  @Test
  void shouldAnswerTheSameOnAStoreWithoutIndexes() {
    run(23, false, 250);
  }

  private void run(long seed, boolean indexes, int queries) {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    SplittableRandom random = new SplittableRandom(seed);
    try (FlowStore store = FlowStore.builder(dir.resolve("s" + seed)).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .maxSegmentRows(2500).indexes(indexes).open()) {
      for (int batch = 0; batch < 5; batch++) {
        FlowGenerator gen = FlowGenerator.builder().seed(seed * 100 + batch).edgeCases(batch % 3 == 2).subnets(6)
            .build();
        store.ingest(gen.ndjson(1500 + random.nextInt(1500)), "batch-" + batch);
        if (batch % 2 == 1) {
          clock.advance(Duration.ofMinutes(5));
        }
      }
      FlowStore.engineOf(store).segments().awaitMaintenance();
      List<FlowEvent> events = Stores.flows(store);
      FlowSearcher searcher = FlowSearcher.of(store);
      RandomQueries gen = new RandomQueries(random, events);
      for (int i = 0; i < queries; i++) {
        Query q = gen.query();
        String what = "seed " + seed + ", query #" + i + ": " + q;
        assertThat(Query.parse(q.toString())).as(what).isEqualTo(q);
        assertThat(searcher.count(q)).as(what).isEqualTo(Reference.filter(events, q.effectiveCondition()).size());
        assertThat(searcher.fetch(q)).as(what).isEqualTo(Reference.fetch(events, q));
        if (i % 10 == 0) {
          assertPages(searcher, events, q.limit(1 + random.nextInt(40)).after(null), what);
        }
        if (i % 2 == 0) {
          Aggregation a = gen.aggregation(q.orderBy(null).withoutLimit().after(null));
          String awhat = "seed " + seed + ", aggregation #" + i + ": " + a;
          assertThat(Aggregation.parse(a.toString())).as(awhat).isEqualTo(a);
          assertThat(searcher.aggregate(a)).as(awhat).isEqualTo(Reference.aggregate(events, a));
        }
      }
    }
  }

  /**
   * A range part planned after another left fewer candidates than a quarter of the segment:
   * sealed segments evaluate its range index on those candidates only. Thresholds that leave
   * from a few hundred to thousands of candidates, with CIDR, NE, NOT and a second numeric range.
   */
  @Test
  void shouldAnswerRangeConjunctionsEvaluatedWithinTheirCandidates() {
    // sealed segments of 20,000 rows; then one open segment with two full 65,536-row chunks and a tail
    rangesWithin(100_000, 250_000, true);
    rangesWithin(1 << 22, 150_000, false);
  }

  private void rangesWithin(int segmentRows, int n, boolean sealed) {
    try (FlowStore store = FlowStore.builder(dir.resolve("within-" + n)).maxSegmentRows(segmentRows).open()) {
      store.ingest(FlowGenerator.builder().seed(31).build().ndjson(n), "within");
      FlowStore.engineOf(store).segments().awaitMaintenance();
      List<FlowEvent> events = Stores.flows(store);
      FlowSearcher searcher = FlowSearcher.of(store);
      IpAddress some = events.get(17).address(FlowField.SRC_ADDR);
      List<String> queries = new ArrayList<>();
      for (long bytes : new long[] {2_000, 20_000, 100_000, 300_000, 1_000_000}) {
        queries.add("bytes > " + bytes + " and srcAddr in 10.0.0.0/8");
        queries.add("bytes > " + bytes + " and not srcAddr in 10.0.0.0/8");
        queries.add("bytes > " + bytes + " and srcAddr != " + some);
        queries.add("bytes >= " + bytes + " and packets < 40 and dstAddr in 10.0.0.0/16");
        queries.add("bytes > " + bytes + " and srcPort > 40000 and action = ACCEPT");
      }
      long nonEmpty = 0;
      for (String text : queries) {
        Query q = Query.parse(text);
        List<FlowEvent> expected = Reference.filter(events, q.effectiveCondition());
        assertThat(searcher.count(q)).as(text).isEqualTo(expected.size());
        assertThat(searcher.fetch(q)).as(text).isEqualTo(Reference.fetch(events, q));
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
      assertThat(nonEmpty).isGreaterThan(queries.size() / 2);
      // about 1% of a segment's rows pass bytes > 300000: more than a 1024th (those are tested
      // on each row) and less than a 64th, so the CIDR is asked of its range index within them
      assertThat(searcher.explain(Query.parse("bytes > 300000 and srcAddr in 10.0.0.0/8")).toString())
          .contains(sealed ? "sealed" : "open", "srcAddr in 10.0.0.0/8: address range index and IPv6 column of srcAddr within the");
    }
  }

  @Test
  void shouldAggregateShapeAndPlaceFieldsFromRollupsExactly() {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    SplittableRandom random = new SplittableRandom(31);
    try (FlowStore store = FlowStore.builder(dir.resolve("rollups")).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .maxSegmentRows(2500).open()) {
      for (int batch = 0; batch < 4; batch++) {
        store.ingest(FlowGenerator.builder().seed(3100 + batch).edgeCases(batch == 2).subnets(6).build()
            .ndjson(2000 + random.nextInt(1000)), "batch-" + batch);
        clock.advance(Duration.ofMinutes(batch % 2 == 1 ? 5 : 0));
      }
      FlowStore.engineOf(store).segments().awaitMaintenance();
      List<FlowEvent> events = Stores.flows(store);
      FlowSearcher searcher = FlowSearcher.of(store);
      RandomQueries gen = new RandomQueries(random, events);
      StringField[] fields = {Flow.SUBNET_ID, Flow.ACTION, Flow.DIRECTION, Flow.KIND, Flow.EVENT_TYPE, Flow.VM_UUID,
        Flow.REASON, Flow.NAT, Flow.FOLDER_ID, Flow.EVENT_STATUS, Flow.EVENT_SOURCE};
      for (int i = 0; i < 300; i++) {
        List<Condition> parts = new ArrayList<>();
        for (int p = random.nextInt(3); p > 0; p--) {
          StringField f = fields[random.nextInt(fields.length)];
          parts.add(random.nextBoolean() ? f.eq((String) gen.value(f)) : f.in((String) gen.value(f), (String) gen.value(f)));
        }
        List<GroupKey> keys = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
          StringField f = fields[random.nextInt(fields.length)];
          if (!keys.contains(f)) {
            keys.add(f);
          }
        }
        Aggregation a = Query.where(Condition.and(parts)).groupBy(keys.toArray(new GroupKey[0]));
        a = random.nextBoolean() ? a.sum(Flow.BYTES).avg(Flow.PACKETS) : a.sum(Flow.PACKETS);
        a = random.nextBoolean() ? a.top(1 + random.nextInt(5)) : a;
        assertThat(searcher.aggregate(a)).as("seed 31, aggregation #" + i + ": " + a)
            .isEqualTo(Reference.aggregate(events, a));
      }
    }
  }

  @Test
  void shouldAggregateByAddressFromRollupsExactly() {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    SplittableRandom random = new SplittableRandom(32);
    try (FlowStore store = FlowStore.builder(dir.resolve("addresses")).rollPeriod(RollPeriod.FIVE_MINUTES)
        .clock(clock).maxSegmentRows(2500).open()) {
      for (int batch = 0; batch < 4; batch++) {
        store.ingest(FlowGenerator.builder().seed(3200 + batch).edgeCases(batch != 1).subnets(6).build()
            .ndjson(2000 + random.nextInt(1000)), "batch-" + batch);
        clock.advance(Duration.ofMinutes(batch % 2 == 1 ? 5 : 0));
      }
      FlowStore.engineOf(store).segments().awaitMaintenance();
      List<FlowEvent> events = Stores.flows(store);
      assertThat(events).anyMatch(e -> e.value(FlowField.DST_ADDR) instanceof IpAddress a && !a.isV4());
      assertThat(events).anyMatch(e -> e.value(FlowField.SRC_ADDR) == null);
      FlowSearcher searcher = FlowSearcher.of(store);
      RandomQueries gen = new RandomQueries(random, events);
      StringField[] shapeFields = {Flow.ACTION, Flow.DIRECTION, Flow.KIND, Flow.EVENT_TYPE, Flow.REASON, Flow.NAT,
        Flow.EVENT_STATUS, Flow.EVENT_SOURCE};
      int[] bits = {0, 8, 16, 24, 31, 32, 48, 64, 127, 128};
      for (int i = 0; i < 300; i++) {
        List<Condition> parts = new ArrayList<>();
        for (int p = random.nextInt(3); p > 0; p--) {
          StringField f = i % 10 == 9 ? Flow.SUBNET_ID : shapeFields[random.nextInt(shapeFields.length)];
          parts.add(random.nextBoolean() ? f.eq((String) gen.value(f)) : f.in((String) gen.value(f), (String) gen.value(f)));
        }
        AddressField field = random.nextBoolean() ? Flow.SRC_ADDR : Flow.DST_ADDR;
        GroupKey key = random.nextInt(3) == 0 ? field : field.prefix(bits[random.nextInt(bits.length)]);
        Aggregation a = Query.where(Condition.and(parts)).groupBy(key);
        a = random.nextBoolean() ? a.sum(Flow.BYTES).avg(Flow.PACKETS) : a.sum(Flow.PACKETS);
        a = random.nextBoolean() ? a.top(1 + random.nextInt(10)) : a;
        assertThat(searcher.aggregate(a)).as("seed 32, aggregation #" + i + ": " + a)
            .isEqualTo(Reference.aggregate(events, a));
      }
      assertThat(searcher.addressRollupSegments.get()).as("segments answered by address rollups").isGreaterThan(300);
    }
  }

  private static void assertPages(FlowSearcher searcher, List<FlowEvent> events, Query q, String what) {
    List<FlowEvent> all = new ArrayList<>();
    Query p = q;
    for (int pages = 0; pages < 10_000; pages++) {
      Page page = searcher.page(p);
      all.addAll(page.events());
      if (page.next() == null) {
        break;
      }
      p = Query.parse(p.after(page.next()).toString());
    }
    assertThat(all).as("pages of " + what).isEqualTo(Reference.fetch(events, q.withoutLimit()));
  }

  /** Seeded random conditions, queries and aggregations over values taken from the events. */
  static final class RandomQueries {
    private final SplittableRandom random;
    private final List<FlowEvent> events;

    RandomQueries(SplittableRandom random, List<FlowEvent> events) {
      this.random = random;
      this.events = events;
    }

    Query query() {
      Query q = Query.where(condition(random.nextInt(4)));
      if (random.nextInt(4) == 0) {
        Instant a = time(Flow.EVENT_TIME);
        Instant b = time(Flow.EVENT_TIME);
        q = q.between(random.nextInt(6) == 0 ? null : min(a, b), random.nextInt(6) == 0 ? null : max(a, b));
      }
      if (random.nextInt(8) == 0) {
        Instant a = time(Flow.AGG_START);
        q = q.window(a, a.plusSeconds(random.nextInt(120)));
      }
      int r = random.nextInt(10);
      if (r < 4) {
        Field<?>[] orderable = {Flow.BYTES, Flow.PACKETS, Flow.EVENT_TIME, Flow.AGG_START, Flow.DST_PORT, Flow.SESSION};
        q = q.orderBy(new Order(orderable[random.nextInt(orderable.length)], random.nextBoolean()));
        if (random.nextInt(5) > 0) {
          q = q.limit(random.nextInt(60));
        }
      } else if (r < 7) {
        q = q.limit(random.nextInt(100));
      }
      return q;
    }

    Aggregation aggregation(Query q) {
      GroupKey[] choices = {Flow.SUBNET_ID, Flow.ACTION, Flow.DIRECTION, Flow.DST_ADDR, Flow.DST_ADDR.prefix(24),
        Flow.SRC_ADDR.prefix(random.nextInt(129)), Flow.EVENT_TIME.bucket(Duration.ofSeconds(1 + random.nextInt(300))),
        Flow.DST_PORT, Flow.PROTO, Flow.KIND, Flow.EVENT_TYPE, Flow.VM_UUID, Flow.REASON, Flow.AGG_START, Flow.NAT};
      List<GroupKey> keys = new ArrayList<>();
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        GroupKey k = choices[random.nextInt(choices.length)];
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
      Aggregation a = q.groupBy(keys.toArray(new GroupKey[0]));
      LongField[] fields = {Flow.BYTES, Flow.PACKETS, Flow.DST_PORT};
      Metric.Kind[] kinds = Metric.Kind.values();
      for (int i = random.nextInt(3); i > 0; i--) {
        Metric.Kind k = kinds[1 + random.nextInt(kinds.length - 1)];
        a = a.compute(new Metric(k, fields[random.nextInt(fields.length)]));
      }
      if (random.nextInt(4) == 0) {
        a = a.having(Metric.count().ge(random.nextInt(5)));
      }
      if (random.nextInt(5) == 0) {
        a = a.having(Metric.sum(Flow.BYTES).gt(random.nextInt(1_000_000)));
      }
      int r = random.nextInt(4);
      if (r == 0) {
        a = a.top(1 + random.nextInt(10));
      } else if (r == 1) {
        a = a.orderBy(a.metrics().get(random.nextInt(a.metrics().size())), random.nextBoolean()).limit(random.nextInt(20));
      } else if (r == 2) {
        a = a.limit(random.nextInt(30));
      }
      return a;
    }

    Condition condition(int depth) {
      if (depth == 0 || random.nextInt(3) == 0) {
        return leaf();
      }
      switch (random.nextInt(4)) {
        case 0:
          return condition(depth - 1).and(condition(depth - 1));
        case 1:
          return condition(depth - 1).or(condition(depth - 1));
        case 2:
          return condition(depth - 1).not();
        default:
          return Condition.and(condition(depth - 1), condition(depth - 1), condition(depth - 1));
      }
    }

    private FlowEvent some() {
      return events.get(random.nextInt(events.size()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Condition leaf() {
      if (random.nextInt(60) == 0) {
        return random.nextBoolean() ? Condition.always() : Condition.never();
      }
      List<Field<?>> all = Flow.all();
      Field f = all.get(random.nextInt(all.size()));
      if (f instanceof AddressField a && random.nextInt(3) == 0) {
        IpAddress ip = (IpAddress) value(a);
        return a.within(new Cidr(ip, random.nextInt(ip.isV4() ? 33 : 129)));
      }
      switch (random.nextInt(9)) {
        case 0:
          return f.eq(value(f));
        case 1:
          return f.ne(value(f));
        case 2:
          return f.lt(value(f));
        case 3:
          return f.le(value(f));
        case 4:
          return f.gt(value(f));
        case 5:
          return f.ge(value(f));
        case 6: {
          Comparable a = value(f);
          Comparable b = value(f);
          return a.compareTo(b) <= 0 || random.nextInt(10) == 0 ? f.between(a, b) : f.between(b, a);
        }
        default: {
          List<Object> values = new ArrayList<>();
          int n = random.nextInt(20) == 0 ? 2000 : 1 + random.nextInt(5);
          for (int i = 0; i < n; i++) {
            values.add(i < 6 ? value(f) : synthetic(f, i));
          }
          return f.in(values);
        }
      }
    }

    private Comparable<?> synthetic(Field<?> f, int i) {
      if (f instanceof StringField) {
        return "value-" + i;
      }
      if (f instanceof LongField) {
        return (long) i * 7919;
      }
      if (f instanceof TimeField) {
        return Instant.ofEpochSecond(1_700_000_000L + i, i);
      }
      return IpAddress.ofV4(0x0A000000 + i);
    }

    /** A value of the field from some event (or a near one, or a made-up one). */
    Comparable<?> value(Field<?> f) {
      for (int tries = 0; tries < 20; tries++) {
        List<Comparable<?>> vs = Reference.values(some(), f);
        if (!vs.isEmpty()) {
          Comparable<?> v = vs.get(random.nextInt(vs.size()));
          if (random.nextInt(4) == 0) {
            if (v instanceof Long l) {
              return l + random.nextInt(5) - 2;
            }
            if (v instanceof Instant t) {
              return t.plusNanos(random.nextInt(3) - 1);
            }
          }
          return v;
        }
      }
      return synthetic(f, random.nextInt(10));
    }

    private Instant time(TimeField f) {
      return (Instant) value(f);
    }

    private static Instant min(Instant a, Instant b) {
      return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
      return a.isBefore(b) ? b : a;
    }
  }
}
