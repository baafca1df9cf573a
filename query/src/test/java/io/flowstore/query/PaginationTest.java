package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyset pages stay correct while ingest continues between them. */
class PaginationTest {
  @TempDir
  Path dir;

  @Test
  void shouldPageInIngestOrderThroughEventsIngestedBetweenPages() {
    try (FlowStore store = FlowStore.builder(dir.resolve("s")).maxSegmentRows(1500).open()) {
      FlowSearcher searcher = FlowSearcher.of(store);
      store.ingest(FlowGenerator.builder().seed(1).build().ndjson(3000), "a");
      Query q = Query.where(Flow.ACTION.eq("ACCEPT")).limit(400);
      List<FlowEvent> seen = new ArrayList<>();
      Page page = searcher.page(q);
      int batch = 0;
      while (true) {
        seen.addAll(page.events());
        if (batch < 3) {
          store.ingest(FlowGenerator.builder().seed(10 + batch).build().ndjson(1000), "more-" + batch++);
        }
        if (page.next() == null) {
          break;
        }
        page = searcher.page(q.after(page.next()));
      }
      List<FlowEvent> all = Reference.filter(Stores.flows(store), q.condition());
      assertThat(seen).isEqualTo(all);
    }
  }

  @Test
  void shouldNeverRepeatOrSkipAnEarlierEventWhenOrderedByBytes() {
    try (FlowStore store = FlowStore.builder(dir.resolve("s")).maxSegmentRows(1500).open()) {
      FlowSearcher searcher = FlowSearcher.of(store);
      store.ingest(FlowGenerator.builder().seed(2).build().ndjson(3000), "a");
      List<FlowEvent> before = Stores.flows(store);
      Query q = Query.flows().orderBy(Flow.BYTES.descending()).limit(250);
      Set<Long> positions = new HashSet<>();
      List<FlowEvent> seen = new ArrayList<>();
      Page page = searcher.page(q);
      int batch = 0;
      while (true) {
        seen.addAll(page.events());
        if (batch < 3) {
          store.ingest(FlowGenerator.builder().seed(20 + batch).build().ndjson(500), "more-" + batch++);
        }
        if (page.next() == null) {
          break;
        }
        assertThat(positions.add(page.next().position())).as("a cursor is never repeated").isTrue();
        page = searcher.page(q.after(page.next()));
      }
      assertThat(new HashSet<>(seen)).as("no event twice").hasSize(seen.size());
      assertThat(seen).as("every event stored before the first page").containsAll(before);
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).int64(io.flowstore.FlowField.BYTES))
            .isLessThanOrEqualTo(seen.get(i - 1).int64(io.flowstore.FlowField.BYTES));
      }
    }
  }
}
