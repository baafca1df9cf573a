package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {
  @TempDir
  Path dir;

  @Test
  void shouldDeliverExactlyTheMatchingEventsIngestedAfterSubscribing() throws Exception {
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      FlowSearcher searcher = FlowSearcher.of(store);
      store.ingest(FlowGenerator.builder().seed(1).build().ndjson(2000), "before");
      List<FlowEvent> got = new CopyOnWriteArrayList<>();
      Query q = Query.where(Flow.ACTION.eq("REJECT"));
      long before = searcher.count(q);
      try (Subscription s = searcher.subscribe(q, v -> got.add(v.toEvent()))) {
        store.ingest(FlowGenerator.builder().seed(2).build().ndjson(3000), "after-1");
        store.ingest(FlowGenerator.builder().seed(3).build().ndjson(3000), "after-2");
        long expected = searcher.count(q) - before;
        await(() -> got.size() >= expected);
        Thread.sleep(50);
        assertThat(s.isActive()).isTrue();
        assertThat(s.delivered()).isEqualTo(expected);
      }
      List<FlowEvent> all = searcher.fetch(q);
      assertThat(got).isEqualTo(all.subList((int) before, all.size()));
      assertThat(got).isNotEmpty();
    }
  }

  @Test
  void shouldNotStallIngestBehindASlowHandlerAndCatchUpLosingNothing() throws Exception {
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      FlowSearcher searcher = FlowSearcher.of(store);
      List<Long> positions = new CopyOnWriteArrayList<>();
      try (Subscription s = searcher.subscribe(Query.flows(), v -> {
        positions.add(v.position());
        try {
          Thread.sleep(positions.size() < 20 ? 20 : 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return true;
      })) {
        store.ingest(FlowGenerator.builder().seed(4).build().ndjson(5000), "burst");
        store.sync();
        assertThat(positions.size()).as("ingest returned while the handler was still busy").isLessThan(5000);
        await(() -> positions.size() >= 5000);
        assertThat(s.delivered()).isEqualTo(5000);
      }
      for (int i = 1; i < positions.size(); i++) {
        assertThat(positions.get(i)).isGreaterThan(positions.get(i - 1));
      }
    }
  }

  @Test
  void shouldEndWhenTheHandlerThrowsOrSaysStop() throws Exception {
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      FlowSearcher searcher = FlowSearcher.of(store);
      Subscription failing = searcher.subscribe(Query.flows(), v -> {
        throw new IllegalStateException("handler bug");
      });
      Subscription stopping = searcher.subscribe(Query.flows(), v -> false);
      store.ingest(FlowGenerator.builder().seed(5).build().ndjson(10), "x");
      await(() -> !failing.isActive() && !stopping.isActive());
      assertThat(failing.failure()).hasMessage("handler bug");
      assertThat(stopping.failure()).isNull();
      assertThat(stopping.delivered()).isEqualTo(1);
      failing.close();
      stopping.close();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
