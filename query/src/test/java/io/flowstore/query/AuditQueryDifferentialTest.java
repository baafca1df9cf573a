package io.flowstore.query;

import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.IpAddress;
import io.flowstore.RollPeriod;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random audit queries against a brute-force evaluation written here, independently of
 * the engine: each random condition is built together with its own predicate over the events.
 */
class AuditQueryDifferentialTest {
  @TempDir
  Path dir;

  private record Cond(AuditCondition c, Predicate<AuditEvent> p) {}

  @Test
  void shouldAnswerRandomAuditQueriesExactlyAsABruteForceEvaluation() {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T00:00:00Z"));
    SplittableRandom random = new SplittableRandom(51);
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      for (int batch = 0; batch < 4; batch++) {
        store.ingest(AuditGenerator.builder().seed(5100 + batch).subjects(12).build().ndjson(700), "a" + batch);
        store.ingest(FlowGenerator.builder().seed(5100 + batch).build().ndjson(100), "f" + batch);
        clock.advance(Duration.ofMinutes(5));
      }
      List<AuditEvent> events = store.auditEvents();
      assertThat(events).hasSize(2800);
      AuditSearcher searcher = AuditSearcher.of(store);
      for (int i = 0; i < 600; i++) {
        Cond c = condition(random, events, 3);
        AuditQuery q = AuditQuery.where(c.c);
        Predicate<AuditEvent> p = c.p;
        if (i % 4 == 1) {
          Instant from = events.get(random.nextInt(events.size())).eventTime();
          Instant to = from.plusSeconds(random.nextInt(3600));
          q = q.between(from, to);
          p = p.and(e -> !e.eventTime().isBefore(from) && e.eventTime().isBefore(to));
        }
        String what = "query #" + i + ": " + q;
        assertThat(AuditQuery.parse(q.toString())).as(what).isEqualTo(q);
        List<AuditEvent> expected = events.stream().filter(p).toList();
        assertThat(searcher.count(q)).as(what).isEqualTo(expected.size());
        if (i % 3 == 0) {
          assertThat(searcher.fetch(q)).as(what).isEqualTo(expected);
          int limit = 1 + random.nextInt(20);
          boolean desc = random.nextBoolean();
          Comparator<AuditEvent> byTime = Comparator.comparing(AuditEvent::eventTime);
          List<AuditEvent> ordered = new ArrayList<>(expected);
          ordered.sort(desc ? byTime.reversed() : byTime);
          AuditQuery oq = q.orderByTime(desc).limit(limit);
          assertThat(AuditQuery.parse(oq.toString())).isEqualTo(oq);
          assertThat(searcher.fetch(oq)).as(what + " ordered").isEqualTo(ordered.subList(0, Math.min(limit, ordered.size())));
        }
        if (i % 3 == 2) {
          List<Function<AuditEvent, List<String>>> keyValues = new ArrayList<>();
          List<AuditField> keys = new ArrayList<>();
          AuditField[] choices = {Audit.EVENT_TYPE, Audit.SUBJECT_NAME, Audit.RESOURCE_ID, Audit.STATUS, Audit.FAMILY,
            Audit.path("details.bucket_id"), Audit.SRC_REGION};
          for (int k = 1 + random.nextInt(2); k > 0; k--) {
            AuditField f = choices[random.nextInt(choices.length)];
            if (!keys.contains(f)) {
              keys.add(f);
              keyValues.add(values(f));
            }
          }
          AuditAggregation a = q.groupBy(keys.toArray(new AuditField[0]));
          if (random.nextBoolean()) {
            a = a.top(1 + random.nextInt(8));
          }
          assertThat(AuditAggregation.parse(a.toString())).as(what).isEqualTo(a);
          assertThat(groups(searcher.aggregate(a))).as("aggregation " + a)
              .isEqualTo(reference(expected, keyValues, a.limit()));
        }
      }
    }
  }

  /** The brute-force groups: [keys..., count], largest first, ties by key. */
  private static List<List<Object>> reference(List<AuditEvent> events, List<Function<AuditEvent, List<String>>> keys,
      int limit) {
    Map<List<String>, Long> counts = new HashMap<>();
    for (AuditEvent e : events) {
      List<List<String>> combos = new ArrayList<>();
      combos.add(new ArrayList<>());
      for (Function<AuditEvent, List<String>> k : keys) {
        List<String> vs = k.apply(e).stream().distinct().toList();
        List<List<String>> next = new ArrayList<>();
        for (List<String> c : combos) {
          for (String v : vs.isEmpty() ? java.util.Collections.<String>singletonList(null) : vs) {
            List<String> n = new ArrayList<>(c);
            n.add(v);
            next.add(n);
          }
        }
        combos = next;
      }
      for (List<String> c : combos) {
        counts.merge(c, 1L, Long::sum);
      }
    }
    Comparator<List<String>> byKey = (x, y) -> {
      for (int i = 0; i < x.size(); i++) {
        int c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(x.get(i), y.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
    List<List<String>> keysSorted = new ArrayList<>(counts.keySet());
    keysSorted.sort(Comparator.<List<String>>comparingLong(counts::get).reversed().thenComparing(byKey));
    List<List<Object>> out = new ArrayList<>();
    for (List<String> k : keysSorted) {
      List<Object> row = new ArrayList<>(k);
      row.add(counts.get(k));
      out.add(row);
    }
    return limit >= 0 && out.size() > limit ? out.subList(0, limit) : out;
  }

  private static List<List<Object>> groups(List<Group> groups) {
    List<List<Object>> out = new ArrayList<>();
    for (Group g : groups) {
      List<Object> row = new ArrayList<>(g.keys());
      row.add(g.count());
      out.add(row);
    }
    return out;
  }

  private static Function<AuditEvent, List<String>> values(AuditField f) {
    if (f == Audit.EVENT_TYPE) {
      return e -> one(e.eventType());
    }
    if (f == Audit.SUBJECT_NAME) {
      return e -> one(e.subjectName());
    }
    if (f == Audit.RESOURCE_ID) {
      return AuditEvent::resourceIds;
    }
    if (f == Audit.STATUS) {
      return e -> one(e.status());
    }
    if (f == Audit.FAMILY) {
      return e -> List.of(e.family().name());
    }
    if (f == Audit.SRC_REGION) {
      return e -> one(e.srcRegion());
    }
    String path = f.name();
    return e -> {
      Object v = e.value(path);
      return v instanceof String s ? List.of(s) : List.of();
    };
  }

  private static List<String> one(String s) {
    return s == null ? List.of() : List.of(s);
  }

  private static Cond condition(SplittableRandom r, List<AuditEvent> events, int depth) {
    int kind = depth == 0 ? 3 + r.nextInt(9) : r.nextInt(12);
    switch (kind) {
      case 0: {
        Cond a = condition(r, events, depth - 1);
        Cond b = condition(r, events, depth - 1);
        return new Cond(a.c.and(b.c), a.p.and(b.p));
      }
      case 1: {
        Cond a = condition(r, events, depth - 1);
        Cond b = condition(r, events, depth - 1);
        return new Cond(a.c.or(b.c), a.p.or(b.p));
      }
      case 2: {
        Cond a = condition(r, events, depth - 1);
        return new Cond(AuditCondition.not(a.c), a.p.negate());
      }
      default:
        return leaf(r, events);
    }
  }

  private static Cond leaf(SplittableRandom r, List<AuditEvent> events) {
    AuditEvent e = events.get(r.nextInt(events.size()));
    switch (r.nextInt(11)) {
      case 0: {
        String v = e.eventType();
        return new Cond(Audit.EVENT_TYPE.eq(v), x -> v.equals(x.eventType()));
      }
      case 1: {
        String a = e.subjectName() != null ? e.subjectName() : "sa-1";
        String b = events.get(r.nextInt(events.size())).subjectName();
        String bb = b == null ? "nobody" : b;
        return new Cond(Audit.SUBJECT_NAME.in(a, bb), x -> a.equals(x.subjectName()) || bb.equals(x.subjectName()));
      }
      case 2: {
        String v = e.resourceIds().get(r.nextInt(e.resourceIds().size()));
        return new Cond(Audit.RESOURCE_ID.eq(v), x -> x.resourceIds().contains(v));
      }
      case 3: {
        String v = e.status();
        return r.nextBoolean() ? new Cond(Audit.STATUS.ne(v), x -> x.status() != null && !v.equals(x.status()))
            : new Cond(Audit.SUBJECT_NAME.ne("sa-0"), x -> x.subjectName() != null && !"sa-0".equals(x.subjectName()));
      }
      case 4: {
        String v = e.eventSource();
        return new Cond(Audit.EVENT_SOURCE.eq(v), x -> v.equals(x.eventSource()));
      }
      case 5: {
        Instant t = e.eventTime();
        boolean before = r.nextBoolean();
        return before ? new Cond(Audit.EVENT_TIME.lt(t), x -> x.eventTime().isBefore(t))
            : new Cond(Audit.EVENT_TIME.ge(t), x -> !x.eventTime().isBefore(t));
      }
      case 6: {
        String cidr = r.nextBoolean() ? "10.0.0.0/" + (8 + r.nextInt(17)) : "2a02:6b8:b081::/" + (40 + r.nextInt(20));
        Cidr c = Cidr.parse(cidr);
        return new Cond(Audit.REMOTE_ADDRESS.within(cidr), x -> x.remoteIp() != null && c.contains(x.remoteIp()));
      }
      case 7: {
        String v = e.remoteAddress() == null ? "cloud.yandex" : e.remoteAddress();
        return new Cond(Audit.REMOTE_ADDRESS.eq(v), x -> Objects.equals(v, x.remoteAddress()));
      }
      case 8: {
        Object v = e.value("details.bucket_id");
        String s = v == null ? "bucket-3" : (String) v;
        return new Cond(Audit.path("details.bucket_id").eq(s), x -> s.equals(x.value("details.bucket_id")));
      }
      case 9: {
        String v = e.eventType();
        return new Cond(Audit.EVENT_TYPE.ge(v), x -> x.eventType().compareTo(v) >= 0);
      }
      default: {
        String v = e.family() == io.flowstore.AuditFamily.CTYUN ? e.actType() : "1";
        return new Cond(Audit.ACT_TYPE.eq(v), x -> v.equals(x.actType()));
      }
    }
  }
}
