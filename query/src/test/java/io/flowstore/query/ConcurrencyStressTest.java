package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.RollPeriod;
import io.flowstore.testing.IdBatches;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One writer, several query threads, live subscriptions, sealing and checkpoints all at once,
 * then the same with retention dropping cycles underneath: the invariants are checked all the
 * time, not only at the end. Counts never go backwards (while nothing expires), every fetched
 * event passes its filter, every aggregation agrees with a count of the same filter taken
 * around it, and each subscription sees every matching event ingested after it started,
 * exactly once and in order.
 */
class ConcurrencyStressTest {
  static final int BATCHES = 120;
  static final int PER_BATCH = 500;
  static final int QUERY_THREADS = 3;

  @TempDir
  Path dir;

  static final List<Query> FILTERS = List.of(Query.parse("action = REJECT"),
      Query.parse("direction = EGRESS and dstPort in (22, 443, 3389)"), Query.parse("bytes > 100000"),
      Query.parse("srcAddr in 10.0.0.0/8 and proto = 6"), Query.parse("kind = BAREMETAL"));

  /** Batch b: events whose eventId is "b-i", so every delivery can be named. */
  static byte[] batch(int b) {
    return IdBatches.batch(b, PER_BATCH, b % 10);
  }

  @Test
  void shouldKeepEveryInvariantWhileEverythingRunsAtOnce() throws Exception {
    run(false);
  }

  @Test
  void shouldKeepAnsweringCorrectlyWhileRetentionDropsCyclesUnderneath() throws Exception {
    run(true);
  }

  private void run(boolean retention) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T00:00:00Z"));
    FlowStore.Builder b = FlowStore.builder(dir.resolve("s")).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .maxSegmentRows(4096).checkpointInterval(Duration.ofMillis(10));
    if (retention) {
      b.retainFor(Duration.ofMinutes(20));
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong queries = new AtomicLong();
    try (FlowStore store = b.open()) {
      FlowSearcher searcher = FlowSearcher.of(store);
      // subscriptions: each records the ids it saw; a repeat is a failure
      List<Set<String>> seen = new ArrayList<>();
      List<Subscription> subs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Query q = FILTERS.get(i);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        seen.add(ids);
        RowPredicate test = new RowPredicate(q);
        subs.add(searcher.subscribe(q, v -> {
          if (!ids.add(v.string(FlowField.EVENT_ID))) {
            failures.add(new AssertionError("delivered twice: " + v.string(FlowField.EVENT_ID)));
          }
          if (!test.matches(v.toEvent())) {
            failures.add(new AssertionError("delivered but does not match " + q + ": " + v.toEvent().toJson()));
          }
          return true;
        }));
      }
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < QUERY_THREADS; t++) {
        int seed = t;
        Thread th = new Thread(() -> {
          long[] last = new long[FILTERS.size()];
          int k = seed;
          try {
            while (!done.get()) {
              int f = k++ % FILTERS.size();
              Query q = FILTERS.get(f);
              long c = searcher.count(q);
              if (!retention && c < last[f]) {
                throw new AssertionError("count went backwards for " + q + ": " + last[f] + " -> " + c);
              }
              last[f] = c;
              RowPredicate test = new RowPredicate(q);
              for (FlowEvent e : searcher.fetch(q.limit(200))) {
                if (!test.matches(e)) {
                  throw new AssertionError("fetched but does not match " + q + ": " + e.toJson());
                }
              }
              if (!retention) {
                long before = searcher.count(q);
                long grouped = 0;
                for (Group g : searcher.aggregate(q.groupBy(Flow.DIRECTION))) {
                  grouped += g.count();
                }
                long after = searcher.count(q);
                if (grouped < before || grouped > after) {
                  throw new AssertionError("group counts " + grouped + " outside [" + before + ", " + after + "] for " + q);
                }
              }
              queries.incrementAndGet();
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "stress-query-" + t);
        th.start();
        readers.add(th);
      }
      for (int i = 0; i < BATCHES && failures.isEmpty(); i++) {
        store.ingest(batch(i), "batch-" + i);
        clock.advance(Duration.ofMinutes(1));
        if (retention && i % 5 == 0) {
          store.applyRetention();
        }
      }
      done.set(true);
      for (Thread th : readers) {
        th.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertThat(failures).as("invariant violations").isEmpty();
      // subscriptions catch up: every matching event ingested after they started, once
      for (int i = 0; i < subs.size(); i++) {
        Query q = FILTERS.get(i);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Set<String> expected = ConcurrentHashMap.newKeySet();
        if (!retention) {
          searcher.forEach(q, v -> expected.add(v.string(FlowField.EVENT_ID)));
          while (seen.get(i).size() < expected.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(seen.get(i)).as("subscription to %s", q).isEqualTo(expected);
        }
        subs.get(i).close();
        assertThat(subs.get(i).failure()).isNull();
      }
      assertThat(failures).isEmpty();
      assertThat(store.verify().problems()).isEmpty();
      if (!retention) {
        assertThat(store.count()).isEqualTo((long) BATCHES * PER_BATCH);
      }
    }
    assertThat(queries.get()).as("queries ran beside the writer").isGreaterThan(50);
    System.out.println("stress" + (retention ? " with retention" : "") + ": " + BATCHES * PER_BATCH + " events, "
        + queries.get() + " query rounds, no invariant broken");
  }

  /** A filter checked the slow way, on the decoded event (what the reference model of the query tests does). */
  static final class RowPredicate {
    private final Query q;

    RowPredicate(Query q) {
      this.q = q;
    }

    boolean matches(FlowEvent e) {
      return Reference.matches(q.condition(), e);
    }
  }
}
