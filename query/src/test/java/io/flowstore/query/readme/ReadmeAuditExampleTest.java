package io.flowstore.query.readme;

import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.query.Audit;
import io.flowstore.query.AuditCondition;
import io.flowstore.query.AuditQuery;
import io.flowstore.query.AuditSearcher;
import io.flowstore.query.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.flowstore.query.Audit.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's audit query example, compiled and run; the README must show this exact code. */
class ReadmeAuditExampleTest {
  @TempDir
  Path tmp;

  @Test
  void shouldRunTheReadmeAuditExample() throws Exception {
    Path dir = tmp.resolve("flowstore");
    try (FlowStore s = FlowStore.open(dir)) {
      s.ingest(AuditGenerator.builder().seed(3).build().ndjson(5_000), "generated");
    }
    Instant yesterday = Instant.parse("2025-11-21T00:00:00Z");
    Instant today = Instant.parse("2025-11-22T00:00:00Z");
    String folder;
    try (FlowStore s = FlowStore.open(dir)) {
      folder = s.auditEvents().stream().filter(e -> "sa-0".equals(e.subjectName())
          && !e.eventType().endsWith("ObjectCreate")).findFirst().orElseThrow().resourceIds().get(1);
    }
    List<AuditEvent> changes;
    List<Group> failing;
    long n;

    // AUDIT-EXAMPLE-START
    try (FlowStore store = FlowStore.open(dir)) {
      AuditSearcher audit = AuditSearcher.of(store);

      // what did this account change in this folder yesterday, newest first
      AuditQuery q = AuditQuery.where(SUBJECT_NAME.eq("sa-0")
              .and(RESOURCE_ID.eq(folder))
              .and(AuditCondition.not(EVENT_TYPE.in("yandex.cloud.audit.storage.ObjectCreate"))))
          .between(yesterday, today)
          .orderByTime(true)
          .limit(50);
      changes = audit.fetch(q);

      // the text language: audit names in either style, dotted paths into the JSON
      n = audit.count(AuditQuery.parse(
          "authentication.subject_type = SERVICE_ACCOUNT and details.bucket_id = bucket-3"
              + " and remoteAddress in 10.0.0.0/8"));

      // who fails most: top 5 subjects of events with status ERROR
      failing = audit.aggregate(AuditQuery.where(STATUS.eq("ERROR")).groupBy(SUBJECT_NAME).top(5));

      System.out.println(audit.explain(q));           // which indexes, which rows were read
    }
    // AUDIT-EXAMPLE-END

    assertThat(changes).isNotEmpty().allSatisfy(e -> assertThat(e.resourceIds()).contains(folder));
    assertThat(n).isPositive();
    assertThat(failing).hasSize(5);
    String readme = ReadmeExamples.readme();
    assertThat(readme).as("README.md shows the example of ReadmeAuditExampleTest").contains(example());
  }

  static String example() throws Exception {
    return ReadmeExamples.between("ReadmeAuditExampleTest", "AUDIT-EXAMPLE");
  }
}
