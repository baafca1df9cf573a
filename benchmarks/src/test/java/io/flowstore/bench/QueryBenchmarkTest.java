package io.flowstore.bench;

import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.IpAddress;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.query.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the query benchmark bodies once on a small store and checks their answers against plain scans. */
class QueryBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void shouldAnswerEveryBenchmarkQueryAsAScanDoes() {
    Path store = dir.resolve("store");
    try (FlowStore s = FlowStore.builder(store).maxSegmentRows(8192).open()) {
      s.ingest(FlowGenerator.builder().seed(IndexQueryBenchmark.SEED).build().ndjson(30_000), "generated");
    }
    QueryBenchmark b = new QueryBenchmark();
    b.dir = store;
    b.open();
    try (FlowStore s = FlowStore.builder(store).readOnly(true).open()) {
      List<FlowEvent> all = s.flows().toList();
      assertThat(b.readEveryRecord()).isEqualTo(30_000);
      assertThat(b.countNotIndexed()).isPositive()
          .isEqualTo(all.stream().filter(e -> e.has(FlowField.TCP_FLAGS) && e.int64(FlowField.TCP_FLAGS) == 2).count());
      String subnet = b.indexedCount.condition().toString().split(" ")[2];
      assertThat(b.countIndexed()).isPositive().isEqualTo(all.stream().filter(e -> subnet.equals(e.string(FlowField.SUBNET_ID))
          && "REJECT".equals(e.string(FlowField.ACTION)) && "INGRESS".equals(e.string(FlowField.DIRECTION))).count());
      Map<IpAddress, Long> bytes = new HashMap<>();
      for (FlowEvent e : all) {
        if ("EGRESS".equals(e.string(FlowField.DIRECTION)) && e.has(FlowField.BYTES)) {
          bytes.merge(e.address(FlowField.DST_ADDR), e.int64(FlowField.BYTES), Long::sum);
        }
      }
      List<Group> top = b.topDstAddrByBytes();
      assertThat(top).hasSize(10);
      long best = bytes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(top.get(0).sum(io.flowstore.query.Flow.BYTES)).isEqualTo(best);
      assertThat(top.get(0).keys().get(0)).isEqualTo(bytes.entrySet().stream()
          .filter(e -> e.getValue() == best).map(Map.Entry::getKey).sorted().findFirst().orElseThrow());
    } finally {
      b.close();
    }
  }
}
