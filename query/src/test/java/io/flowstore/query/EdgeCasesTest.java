package io.flowstore.query;

import io.flowstore.FlowStore;
import io.flowstore.internal.index.Segments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Regressions from review: edges the random tests do not reach. */
class EdgeCasesTest {
  @TempDir
  Path dir;

  private static String flow(String time, String path) {
    return "{\"event_id\":\"e" + time.hashCode() + "\",\"event_type\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\","
        + "\"event_time\":\"" + time + "\",\"resource_metadata\":{\"path\":[" + path + "]},"
        + "\"details\":{\"action\":\"ACCEPT\",\"bytes\":\"10\"}}\n";
  }

  @Test
  void shouldReleaseSegmentsOnceWhenAStreamIsReadToTheEndAndClosed() throws Exception {
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      store.ingest(flow("2025-11-21T10:00:00Z", "").getBytes(StandardCharsets.UTF_8), "x");
      FlowSearcher searcher = FlowSearcher.of(store);
      try (Stream<?> s = searcher.stream(Query.flows())) {
        assertThat(s.count()).isEqualTo(1);
      }
      Segments segments = FlowStore.engineOf(store).segments();
      Segments.Acquired a = segments.acquire();
      a.close();
      a.close(); // idempotent
      assertThat(searcher.count(Query.flows())).isEqualTo(1);
    }
  }

  @Test
  void shouldMatchTwoResourceIdsOfOnePathInCountsAndAggregations() {
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      String path = "{\"resource_type\":\"cloud\",\"resource_id\":\"cloudA\"},"
          + "{\"resource_type\":\"folder\",\"resource_id\":\"folderB\"}";
      store.ingest((flow("2025-11-21T10:00:00Z", path) + flow("2025-11-21T10:00:01Z", path)
          + flow("2025-11-21T10:00:02Z", "{\"resource_type\":\"cloud\",\"resource_id\":\"cloudA\"}"))
          .getBytes(StandardCharsets.UTF_8), "x");
      FlowSearcher searcher = FlowSearcher.of(store);
      Query q = Query.where(Flow.RESOURCE_ID.eq("cloudA").and(Flow.RESOURCE_ID.eq("folderB")));
      assertThat(searcher.count(q)).isEqualTo(2);
      List<Group> g = searcher.aggregate(q.groupBy(Flow.ACTION));
      assertThat(g).hasSize(1);
      assertThat(g.get(0).count()).isEqualTo(2);
    }
  }

  @Test
  void shouldBucketTimesAtTheEdgeOfTheNanosecondRange() {
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      store.ingest(flow("1677-09-21T00:12:45Z", "").getBytes(StandardCharsets.UTF_8), "x");
      List<Group> g = FlowSearcher.of(store).aggregate(Query.flows().groupBy(Flow.EVENT_TIME.bucket(Duration.ofDays(1))));
      assertThat(g.get(0).keys().get(0)).isEqualTo(Instant.parse("1677-09-21T00:00:00Z"));
      List<Group> old = FlowSearcher.of(store).aggregate(Query.flows()
          .groupBy(Flow.EVENT_TIME.bucket(Duration.ofDays(365L * 250))));
      assertThat((Instant) old.get(0).keys().get(0)).isBefore(Instant.parse("1677-09-21T00:12:46Z"));
    }
  }

  @Test
  void shouldRefuseTimesThatCannotBePrintedBack() {
    assertThatThrownBy(() -> Condition.parse("eventTime >= 0001-01-01T00:00:00+01:00"))
        .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("time out of range for eventTime");
    assertThatThrownBy(() -> Flow.EVENT_TIME.ge(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Query.flows().between(Instant.parse("-0001-01-01T00:00:00Z"), null))
        .isInstanceOf(IllegalArgumentException.class);
    Aggregation a = Query.flows().groupBy(Flow.EVENT_TIME.bucket(Duration.ofNanos(1_000_000_000_000_000_001L)));
    assertThat(Aggregation.parse(a.toString())).isEqualTo(a);
  }
}
