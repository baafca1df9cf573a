package io.flowstore.query.readme;

import io.flowstore.FlowLog;
import io.flowstore.FlowLogException;
import io.flowstore.FlowLogs;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.query.FlowLogCapture;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.flowstore.query.Flow.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's flow log example, compiled and run; the README must show this exact code. */
class ReadmeFlowLogExampleTest {
  @TempDir
  Path tmp;

  @Test
  void shouldRunTheReadmeFlowLogExample() throws Exception {
    Path dir = tmp.resolve("flowstore");
    FlowGenerator generator = FlowGenerator.builder().seed(8).subnets(4).build();
    String subnetId = generator.subnetIds().get(0);
    byte[] delivery = generator.ndjson(20_000);
    long rejected;
    long ssh;
    String created;
    String error = null;
    List<FlowLog> page;

    // FLOWLOG-EXAMPLE-START
    try (FlowStore store = FlowStore.builder(dir).tenantId("b2782e6708b8475c993e6064bc456bf8").open()) {
      FlowLogs logs = store.flowLogs();

      // Huawei's create request, as a collector receives it over HTTP
      FlowLog f = logs.create("{\"flow_log\": {\"name\": \"rejects\", \"resource_type\": \"network\","
          + " \"resource_id\": \"" + subnetId + "\", \"traffic_type\": \"reject\","
          + " \"log_group_id\": \"security\", \"log_topic_id\": \"rejected\"}}");
      created = f.toJson();                           // {"flow_log": {"id": ..., "status": "ACTIVE", ...}}

      store.ingest(delivery, "delivery-1");           // captured while the flow log is ACTIVE

      FlowSearcher searcher = FlowSearcher.of(store);
      rejected = searcher.count(Query.where(FlowLogCapture.of(store, f.id())));
      ssh = searcher.count(Query.where(FlowLogCapture.ofTopic(store, "rejected").and(DST_PORT.eq(22))));

      logs.update(f.id(), Map.of("admin_state", false)); // DOWN: later events are not captured
      page = logs.list(Map.of("status", "DOWN", "limit", "100"));
      try {
        logs.create(Map.of("resource_type", "subnet"));
      } catch (FlowLogException e) {
        error = e.toJson();                           // {"code":"VPC.3001","message":"Invalid parameter: ..."}
      }
    }
    // FLOWLOG-EXAMPLE-END

    assertThat(created).contains("\"status\":\"ACTIVE\"");
    assertThat(rejected).isPositive();
    assertThat(ssh).isPositive().isLessThan(rejected);
    assertThat(page).hasSize(1);
    assertThat(error).startsWith("{\"code\":\"VPC.3001\"");
    String readme = ReadmeExamples.readme();
    assertThat(readme).as("README.md shows the example of ReadmeFlowLogExampleTest").contains(example());
  }

  static String example() throws Exception {
    return ReadmeExamples.between("ReadmeFlowLogExampleTest", "FLOWLOG-EXAMPLE");
  }
}
