package io.flowstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.FlowJsonNormalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
  @TempDir
  Path dir;

  @Test
  void shouldRoundTripGeneratedEvents() {
    FlowGenerator gen = FlowGenerator.builder().seed(1).build();
    byte[] data = gen.ndjson(2000);
    System.out.println(new String(data, 0, 1200));
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(data, "gen");
      System.out.println(r.toJson());
      assertThat(r.accepted()).isEqualTo(2000);
      assertThat(store.count()).isEqualTo(2000);
      List<JsonNode> in = FlowJsonNormalizer.events(data);
      List<JsonNode> out;
      try (Stream<FlowEvent> s = store.flows()) {
        out = s.map(e -> FlowJsonNormalizer.normalize(FlowJsonNormalizer.parse(e.toJson()))).collect(Collectors.toList());
      }
      List<JsonNode> expected = new ArrayList<>();
      in.forEach(n -> expected.add(FlowJsonNormalizer.normalize(n)));
      assertThat(out).hasSize(2000);
      for (int i = 0; i < 2000; i++) {
        assertThat(out.get(i)).as("event %d", i).isEqualTo(expected.get(i));
      }
    }
  }
}
