package io.flowstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** flowstore flowlogs and the --flow-log / --log-topic scopes of count, query, top and explain. */
class FlowLogsCommandTest {
  @TempDir
  Path dir;
  private final ObjectMapper json = new ObjectMapper();

  Run run(String... args) {
    return Run.of(dir, args);
  }

  JsonNode ok(String... args) throws Exception {
    Run r = run(args);
    assertThat(r.code()).as("%s: %s %s", String.join(" ", args), r.out(), r.err()).isZero();
    return json.readTree(r.out());
  }

  void refused(String code, String... args) throws Exception {
    Run r = run(args);
    assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
    JsonNode e = json.readTree(r.out());
    assertThat(e.get("code").asText()).isEqualTo(code);
    assertThat(e.get("message").asText()).isNotBlank();
  }

  @Test
  void shouldManageFlowLogsAsHuaweiDoes() throws Exception {
    JsonNode created = ok("flowlogs", "create", "--store", "s", "--resource-type", "port", "--resource-id",
        "05c4052d-8d14-488f-aa00-19fea5a25fde", "--traffic-type", "reject", "--log-group", "g1", "--log-topic", "t1",
        "--name", "flowlog", "--description", "just a test").get("flow_log");
    String id = created.get("id").asText();
    assertThat(created.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(created.get("admin_state").asBoolean()).isTrue();
    assertThat(created.get("log_store_type").asText()).isEqualTo("lts");
    assertThat(ok("flowlogs", "show", "--store", "s", id).get("flow_log")).isEqualTo(created);

    refused("VPC.3004", "flowlogs", "create", "--store", "s", "--resource-type", "port", "--resource-id",
        "05c4052d-8d14-488f-aa00-19fea5a25fde", "--traffic-type", "reject", "--log-group", "g1", "--log-topic", "t1");
    refused("VPC.3001", "flowlogs", "create", "--store", "s", "--resource-type", "port", "--resource-id", "x",
        "--traffic-type", "rejected", "--log-group", "g1", "--log-topic", "t1");
    refused("VPC.3001", "flowlogs", "create", "--store", "s", "--resource-type", "port", "--resource-id", "x",
        "--traffic-type", "all", "--log-group", "g1");
    refused("VPC.3001", "flowlogs", "update", "--store", "s", id, "--name", "not a name");
    refused("VPC.3005", "flowlogs", "show", "--store", "s", "no-such-id");

    List<String> ids = new ArrayList<>(List.of(id));
    for (int i = 0; i < 5; i++) {
      ids.add(ok("flowlogs", "create", "--store", "s", "--resource-type", "network", "--resource-id", "subnet-" + i,
          "--traffic-type", "all", "--log-group", "g2", "--log-topic", "t2").get("flow_log").get("id").asText());
    }
    ids.sort(null);
    JsonNode down = ok("flowlogs", "update", "--store", "s", id, "--admin-state", "false").get("flow_log");
    assertThat(down.get("status").asText()).isEqualTo("DOWN");
    assertThat(down.get("name").asText()).isEqualTo("flowlog");
    assertThat(ok("flowlogs", "list", "--store", "s", "--status", "DOWN").get("flow_logs")).hasSize(1);
    assertThat(ok("flowlogs", "list", "--store", "s", "--log-group", "g2").get("flow_logs")).hasSize(5);
    List<String> paged = new ArrayList<>();
    String marker = null;
    while (true) {
      JsonNode page = marker == null ? ok("flowlogs", "list", "--store", "s", "--limit", "4")
          : ok("flowlogs", "list", "--store", "s", "--limit", "4", "--marker", marker);
      if (page.get("flow_logs").isEmpty()) {
        break;
      }
      page.get("flow_logs").forEach(f -> paged.add(f.get("id").asText()));
      marker = paged.get(paged.size() - 1);
    }
    assertThat(paged).isEqualTo(ids);

    Run deleted = run("flowlogs", "delete", "--store", "s", id);
    assertThat(deleted.code()).isZero();
    assertThat(deleted.out()).isEmpty();
    refused("VPC.3005", "flowlogs", "delete", "--store", "s", id);

    JsonNode vpc = ok("flowlogs", "register-subnet", "--store", "s", "--vpc", "vpc-1", "subnet-b", "subnet-a");
    assertThat(vpc.toString()).isEqualTo("{\"vpc_id\":\"vpc-1\",\"subnets\":[\"subnet-a\",\"subnet-b\"]}");
    ok("flowlogs", "unregister-subnet", "--store", "s", "--vpc", "vpc-1", "subnet-a");
    assertThat(ok("flowlogs", "subnets", "--store", "s", "--vpc", "vpc-1").get("subnets")).hasSize(1);

    assertThat(run("flowlogs", "frobnicate", "--store", "s").code()).isEqualTo(2);
    assertThat(run("flowlogs", "show", "--store", "s", id, "--traffic-type", "all").code()).isEqualTo(2);
    assertThat(run("flowlogs", "--help").out()).contains("register-subnet");
  }

  @Test
  void shouldScopeQueriesToWhatAFlowLogCaptured() throws Exception {
    FlowGenerator gen = FlowGenerator.builder().seed(5).subnets(3).build();
    String subnet = gen.subnetIds().get(0);
    try (FlowStore s = FlowStore.open(dir.resolve("s"))) {
      s.ingest(gen.ndjson(2000), "before"); // before the flow log existed: never captured
    }
    String id = ok("flowlogs", "create", "--store", "s", "--resource-type", "network", "--resource-id", subnet,
        "--traffic-type", "accept", "--log-group", "g", "--log-topic", "topic").get("flow_log").get("id").asText();
    long expected;
    try (FlowStore s = FlowStore.open(dir.resolve("s"))) {
      long before = s.count();
      s.ingest(gen.ndjson(3000), "after");
      long[] n = {0, 0};
      s.scan(v -> {
        if (n[1]++ >= before && subnet.equals(v.string(FlowField.SUBNET_ID)) && "ACCEPT".equals(v.string(FlowField.ACTION))) {
          n[0]++;
        }
        return true;
      });
      expected = n[0];
    }
    assertThat(expected).isPositive();
    assertThat(run("count", "--store", "s", "--flow-log", id).out()).isEqualTo(expected + "\n");
    assertThat(run("count", "--store", "s", "--log-topic", "topic").out()).isEqualTo(expected + "\n");
    assertThat(run("count", "--store", "s", "--log-topic", "no-topic").out()).isEqualTo("0\n");
    Run q = run("query", "--store", "s", "--flow-log", id, "--format", "ndjson");
    assertThat(q.out().lines().count()).isEqualTo(expected);
    assertThat(q.out().lines().allMatch(l -> l.contains(subnet) && l.contains("ACCEPT"))).isTrue();
    JsonNode top = json.readTree(run("top", "--store", "s", "--flow-log", id, "--by", "action", "--format", "json").out());
    assertThat(top).hasSize(1);
    assertThat(top.get(0).get("flows").asLong()).isEqualTo(expected);
    assertThat(run("explain", "--store", "s", "--flow-log", id).out()).contains("position");
    long ssh = Long.parseLong(run("count", "--store", "s", "--flow-log", id, "dstPort = 22").out().trim());
    assertThat(ssh).isLessThanOrEqualTo(expected);

    refused("VPC.3005", "count", "--store", "s", "--flow-log", "no-such-id");
    assertThat(run("count", "--store", "s", "--flow-log", id, "--log-topic", "topic").code()).isEqualTo(2);
    assertThat(run("count", "--store", "s", "--stream", "audit", "--flow-log", id).code()).isEqualTo(2);

    // switched off: later events are not captured, earlier ones stay
    ok("flowlogs", "update", "--store", "s", id, "--admin-state", "false");
    try (FlowStore s = FlowStore.open(dir.resolve("s"))) {
      s.ingest(gen.ndjson(1000), "while-down");
    }
    assertThat(run("count", "--store", "s", "--flow-log", id).out()).isEqualTo(expected + "\n");
  }
}
