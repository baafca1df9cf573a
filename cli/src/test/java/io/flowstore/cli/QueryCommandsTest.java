package io.flowstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The query commands' contract: count, query, top and explain on a generated store. */
class QueryCommandsTest {
  @TempDir
  Path dir;
  private List<FlowEvent> events;

  Run run(String... args) {
    return Run.of(dir, args);
  }

  @BeforeEach
  void store() {
    try (FlowStore s = FlowStore.builder(dir.resolve("s")).maxSegmentRows(3000).open()) {
      s.ingest(FlowGenerator.builder().seed(9).build().ndjson(8000), "g");
      events = s.flows().toList();
    }
  }

  private long countWhere(java.util.function.Predicate<FlowEvent> p) {
    return events.stream().filter(p).count();
  }

  @Test
  void shouldCountWithAFilterAndATimeRange() {
    long expected = countWhere(e -> "REJECT".equals(e.string(FlowField.ACTION)) && e.has(FlowField.DST_PORT)
        && (e.int64(FlowField.DST_PORT) == 22 || e.int64(FlowField.DST_PORT) == 3389));
    Run r = run("count", "--store", "s", "action = REJECT and dstPort in (22, 3389)");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(expected + "\n");
    assertThat(run("count", "--store", "s", "action", "=", "REJECT", "and", "dst", "port", "22").code()).isZero();
    String t = events.get(4000).time(FlowField.EVENT_TIME).toString();
    long after = countWhere(e -> e.time(FlowField.EVENT_TIME).compareTo(events.get(4000).time(FlowField.EVENT_TIME)) >= 0);
    assertThat(run("count", "--store", "s", "--from", t).out()).isEqualTo(after + "\n");
    assertThat(run("count", "--store", "s").out()).isEqualTo("8000\n");
  }

  @Test
  void shouldExitTwoWithOneLineForABadFilter() {
    Run r = run("count", "--store", "s", "action = REJECT and dstPort =");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("flowstore count: expected value after '=' at column 30\n");
    Run u = run("query", "--store", "s", "dstPrt = 22");
    assertThat(u.code()).isEqualTo(2);
    assertThat(u.err()).isEqualTo("flowstore query: unknown field 'dstPrt' at column 1; did you mean dstPort?\n");
    assertThat(run("count", "--store", "s", "--from", "yesterday").code()).isEqualTo(2);
  }

  @Test
  void shouldPrintMatchingEventsInEveryFormat() throws Exception {
    Run nd = run("query", "--store", "s", "--order-by", "bytes:desc", "--limit", "5", "direction = EGRESS");
    assertThat(nd.code()).isZero();
    String[] lines = nd.out().split("\n");
    assertThat(lines).hasSize(5);
    ObjectMapper json = new ObjectMapper();
    List<Long> top = events.stream().filter(e -> "EGRESS".equals(e.string(FlowField.DIRECTION)))
        .map(e -> e.int64(FlowField.BYTES)).sorted(Comparator.reverseOrder()).limit(5).toList();
    for (int i = 0; i < 5; i++) {
      assertThat(json.readTree(lines[i]).path("details").path("bytes").asLong()).isEqualTo(top.get(i));
    }
    JsonNode array = json.readTree(run("query", "--store", "s", "--format", "json", "--limit", "3").out());
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(3);
    String csv = run("query", "--store", "s", "--format", "csv", "--limit", "2").out();
    assertThat(csv.split("\n")).hasSize(3);
    assertThat(csv).startsWith("eventId,eventSource,eventType,eventTime,");
    String table = run("query", "--store", "s", "--format", "table", "--limit", "2", "proto tcp").out();
    assertThat(table.split("\n")[0]).startsWith("eventTime").contains("bytes");
    assertThat(table.split("\n")[1]).matches(".* (\\d+ B|\\d+\\.\\d (KiB|MiB|GiB)) .*"); // human units in a table
    assertThat(run("query", "--store", "s", "--order-by", "action").code()).isEqualTo(2);
  }

  @Test
  void shouldPrintTopValuesAsJsonSortedByTheMetricThenKey() throws Exception {
    Run r = run("top", "--store", "s", "--by", "dstPort", "--metric", "flows", "--limit", "5", "--format", "json",
        "action = REJECT");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode top = new ObjectMapper().readTree(r.out());
    Map<String, long[]> expected = new HashMap<>();
    for (FlowEvent e : events) {
      if ("REJECT".equals(e.string(FlowField.ACTION))) {
        long[] t = expected.computeIfAbsent(String.valueOf(e.int64(FlowField.DST_PORT)), k -> new long[3]);
        t[0]++;
        t[1] += e.int64(FlowField.BYTES);
        t[2] += e.int64(FlowField.PACKETS);
      }
    }
    List<Map.Entry<String, long[]>> sorted = expected.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparingLong(e -> Long.parseLong(e.getKey()))).limit(5).toList();
    assertThat(top).hasSize(5);
    for (int i = 0; i < 5; i++) {
      JsonNode g = top.get(i);
      assertThat(g.get("key").asText()).isEqualTo(sorted.get(i).getKey());
      assertThat(g.get("flows").asLong()).isEqualTo(sorted.get(i).getValue()[0]);
      assertThat(g.get("bytes").asLong()).isEqualTo(sorted.get(i).getValue()[1]);
      assertThat(g.get("packets").asLong()).isEqualTo(sorted.get(i).getValue()[2]);
    }
    Run prefixes = run("top", "--store", "s", "--by", "srcAddr/24");
    assertThat(prefixes.code()).isZero();
    assertThat(prefixes.out().split("\n")).hasSize(11);
    assertThat(prefixes.out().split("\n")[1]).matches("[0-9a-f.:]+/24 .*");
    assertThat(run("top", "--store", "s", "--by", "nosuch").code()).isEqualTo(2);
  }

  @Test
  void shouldExplainThePlan() {
    Run r = run("explain", "--store", "s", "action = REJECT and tcpFlags = 2");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("condition: action = REJECT and tcpFlags = 2")
        .contains("bitmap index of action").contains("tcpFlags = 2: no index here, tested on each candidate row")
        .containsPattern("segments: (\\d+), pruned 0, kept \\1")
        .contains("matched: " + String.format("%,d", countWhere(e -> "REJECT".equals(e.string(FlowField.ACTION))
            && e.has(FlowField.TCP_FLAGS) && e.int64(FlowField.TCP_FLAGS) == 2)));
  }

  @Test
  void shouldHelpWithExamples() {
    for (String c : new String[] {"count", "query", "top", "explain"}) {
      Run r = run(c, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith("Usage: flowstore " + c).contains("Example");
    }
  }
}
