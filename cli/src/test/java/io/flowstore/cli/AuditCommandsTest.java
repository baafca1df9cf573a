package io.flowstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** count, query, top, explain with --stream audit on a store of flows and audit events. */
class AuditCommandsTest {
  @TempDir
  Path dir;
  private List<AuditEvent> events;

  Run run(String... args) {
    return Run.of(dir, args);
  }

  @BeforeEach
  void store() {
    try (FlowStore s = FlowStore.open(dir.resolve("s"))) {
      s.ingest(AuditGenerator.builder().seed(12).build().ndjson(1500), "a");
      s.ingest(FlowGenerator.builder().seed(12).build().ndjson(500), "f");
      events = s.auditEvents();
    }
  }

  @Test
  void shouldCountQueryTopAndExplainAuditEvents() throws Exception {
    AuditEvent some = events.stream().filter(e -> e.subjectName() != null).findFirst().orElseThrow();
    long errors = events.stream().filter(e -> "ERROR".equals(e.status())).count();
    assertThat(run("count", "--store", "s", "--stream", "audit").out()).isEqualTo("1500\n");
    assertThat(run("count", "--store", "s").out()).isEqualTo("500\n");
    assertThat(run("count", "--store", "s", "--stream", "audit", "event_status", "=", "ERROR").out())
        .isEqualTo(errors + "\n");
    long bySubject = events.stream().filter(e -> some.subjectName().equals(e.subjectName())).count();
    assertThat(run("count", "--store", "s", "--stream", "audit", "authentication.subjectName = " + some.subjectName())
        .out()).isEqualTo(bySubject + "\n");

    // newest first, as written
    Run q = run("query", "--store", "s", "--stream", "audit", "--order-by", "eventTime:desc", "--limit", "3",
        "subjectName = " + some.subjectName());
    assertThat(q.code()).isZero();
    List<String> expected = events.stream().filter(e -> some.subjectName().equals(e.subjectName()))
        .sorted(Comparator.comparing(AuditEvent::eventTime).reversed()).limit(3).map(AuditEvent::json).toList();
    assertThat(q.out().lines().toList()).isEqualTo(expected);
    assertThat(run("query", "--store", "s", "--stream", "audit", "--format", "table", "--limit", "2").out())
        .startsWith("eventTime").contains("eventType");

    // top subjects of failed calls, as JSON
    Run top = run("top", "--store", "s", "--stream", "audit", "--by", "subjectName", "--format", "json", "--limit", "3",
        "status = ERROR");
    assertThat(top.code()).as(top.err()).isZero();
    JsonNode arr = new ObjectMapper().readTree(top.out());
    Map<String, Long> counts = events.stream().filter(e -> "ERROR".equals(e.status()))
        .collect(Collectors.groupingBy(e -> String.valueOf(e.subjectName()), Collectors.counting()));
    assertThat(arr.size()).isEqualTo(Math.min(3, counts.size()));
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    assertThat(arr.get(0).get("events").asLong()).isEqualTo(max);

    Run explain = run("explain", "--store", "s", "--stream", "audit", "status = ERROR and details.bucket_id = bucket-1");
    assertThat(explain.out()).contains("index of status").contains("tested").contains("matched: ");
  }

  @Test
  void shouldRefuseFlowFieldsAndBadFiltersWithOneLine() {
    Run r = run("count", "--store", "s", "--stream", "audit", "dstPort = 22");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("flowstore count: 'dstPort' is a flow field, not an audit field (column 1); audit fields are eventId, eventType")
        .doesNotContain("Exception").hasLineCount(1);
    Run typo = run("count", "--store", "s", "--stream", "audit", "evntType = x");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown audit field 'evntType' at column 1; did you mean eventType?");
    Run cidr = run("count", "--store", "s", "--stream", "audit", "eventType in 10.0.0.0/8");
    assertThat(cidr.err()).contains("only remoteAddress is in a CIDR at column 11");
    assertThat(run("query", "--store", "s", "--stream", "audit", "--order-by", "subjectName").code()).isEqualTo(2);
  }
}
