package io.flowstore.query.readme;

import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.query.Aggregation;
import io.flowstore.query.Condition;
import io.flowstore.query.Explain;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
import io.flowstore.query.Metric;
import io.flowstore.query.Page;
import io.flowstore.query.Query;
import io.flowstore.query.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.flowstore.query.Flow.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's query example, compiled and run (public API only); the README must show this exact code. */
class ReadmeQueryExampleTest {
  @TempDir
  Path tmp;

  @Test
  void shouldRunTheReadmeQueryExample() throws Exception {
    Path dir = tmp.resolve("flowstore");
    Instant from = Instant.parse("2025-11-21T00:00:00Z");
    Instant to = Instant.parse("2025-11-22T00:00:00Z");
    AtomicLong live = new AtomicLong();
    try (FlowStore s = FlowStore.open(dir)) {
      s.ingest(FlowGenerator.builder().seed(3).build().ndjson(20_000), "generated");
    }
    List<FlowEvent> page1;
    List<Group> top;
    long n;

    // README-EXAMPLE-START
    try (FlowStore store = FlowStore.open(dir)) {
      FlowSearcher searcher = FlowSearcher.of(store); // thread-safe, cheap

      Query q = Query.where(ACTION.eq("REJECT")
              .and(DST_PORT.in(22, 3389))
              .and(SRC_ADDR.within("10.0.0.0/8").not()))
          .between(from, to)                           // eventTime in [from, to)
          .orderBy(BYTES.descending())
          .limit(100);
      page1 = searcher.fetch(q);
      n = searcher.count(q);                           // order and limit do not apply
      Query same = Query.parse(q.toString());          // the canonical text reads back equal
      assert same.equals(q);

      // the text filter language, nfdump shorthands included
      Condition c = Condition.parse("proto tcp and dst port 22 and not src net 10.0.0.0/8");

      // pages that stay correct while ingest continues
      Page page = searcher.page(Query.where(c).limit(50));
      while (page.next() != null) {
        page = searcher.page(Query.where(c).limit(50).after(page.next()));
      }

      // top 10 destinations by bytes of egress traffic; 5-minute buckets of rejected flows
      top = searcher.aggregate(Query.where(DIRECTION.eq("EGRESS")).groupBy(DST_ADDR).sum(BYTES).top(10));
      List<Group> perBucket = searcher.aggregate(Query.where(ACTION.eq("REJECT"))
          .groupBy(SUBNET_ID, EVENT_TIME.bucket(Duration.ofMinutes(5)))
          .sum(BYTES).max(PACKETS).having(Metric.count().ge(10)));

      Explain plan = searcher.explain(q);              // segments pruned, indexes used, rows read
      System.out.println(plan);

      // zero-allocation visit, and a stream to close
      searcher.forEach(q, view -> true);
      try (Stream<FlowEvent> events = searcher.stream(Query.where(c))) {
        events.limit(5).forEach(System.out::println);
      }

      // live tail: every matching event ingested from now on, on its own thread
      try (Subscription sub = searcher.subscribe(Query.where(ACTION.eq("REJECT")), view -> {
        live.incrementAndGet();
        return true;                                   // false ends the subscription
      })) {
        store.ingest(FlowGenerator.builder().seed(4).build().ndjson(1_000), "more");
      }
    }
    // README-EXAMPLE-END

    assertThat(page1).isNotEmpty().hasSizeLessThanOrEqualTo(100);
    assertThat(n).isGreaterThanOrEqualTo(page1.size());
    assertThat(top).hasSize(10);
    String readme = ReadmeExamples.readme();
    assertThat(readme).as("README.md shows the example of ReadmeQueryExampleTest").contains(example());
  }

  static String example() throws Exception {
    return ReadmeExamples.between("ReadmeQueryExampleTest", "README-EXAMPLE");
  }
}
