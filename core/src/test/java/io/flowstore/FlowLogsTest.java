package io.flowstore;

import io.flowstore.internal.json.JsonTree;
import io.flowstore.testing.Jvm;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flow log configurations: Huawei's operations, validation, error codes, paging and persistence. */
class FlowLogsTest {
  @TempDir
  Path dir;

  static Map<String, Object> request(String resourceType, String resourceId, String traffic, String group, String topic) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resource_type", resourceType);
    m.put("resource_id", resourceId);
    m.put("traffic_type", traffic);
    m.put("log_group_id", group);
    m.put("log_topic_id", topic);
    return m;
  }

  @Test
  void shouldCreateShowUpdateDeleteAsHuaweiDoes() {
    ManualClock clock = new ManualClock(Instant.parse("2019-01-14T11:03:02.5Z"));
    try (FlowStore store = FlowStore.builder(dir).clock(clock).tenantId("b2782e6708b8475c993e6064bc456bf8").open()) {
      FlowLogs logs = store.flowLogs();
      FlowLog f = logs.create("{\"flow_log\": {\"name\": \"flowlog\", \"description\": \"just a test\","
          + " \"resource_type\": \"port\", \"resource_id\": \"05c4052d-8d14-488f-aa00-19fea5a25fde\","
          + " \"traffic_type\": \"reject\", \"log_group_id\": \"05c4052d-8d14-488f-aa00-19fea5a25fdd\","
          + " \"log_topic_id\": \"a9d7dee7-37d2-4cba-a208-a016252aaa63\"}}");
      assertThat(f.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      // Huawei's example response, field for field (its id aside)
      assertThat(f.toJson()).isEqualTo("{\"flow_log\":{\"id\":\"" + f.id() + "\",\"name\":\"flowlog\","
          + "\"description\":\"just a test\",\"tenant_id\":\"b2782e6708b8475c993e6064bc456bf8\","
          + "\"resource_type\":\"port\",\"resource_id\":\"05c4052d-8d14-488f-aa00-19fea5a25fde\","
          + "\"traffic_type\":\"reject\",\"log_group_id\":\"05c4052d-8d14-488f-aa00-19fea5a25fdd\","
          + "\"log_topic_id\":\"a9d7dee7-37d2-4cba-a208-a016252aaa63\",\"log_store_type\":\"lts\","
          + "\"created_at\":\"2019-01-14T11:03:02\",\"updated_at\":\"2019-01-14T11:03:02\","
          + "\"admin_state\":true,\"status\":\"ACTIVE\"}}");
      assertThat(logs.show(f.id())).isEqualTo(f);

      clock.advance(Duration.ofMinutes(5));
      FlowLog down = logs.update(f.id(), "{\"flow_log\": {\"admin_state\": false, \"name\": \"renamed\"}}");
      assertThat(down.status()).isEqualTo("DOWN");
      assertThat(down.name()).isEqualTo("renamed");
      assertThat(down.description()).isEqualTo("just a test");
      assertThat(down.createdAt()).isEqualTo("2019-01-14T11:03:02");
      assertThat(down.updatedAt()).isEqualTo("2019-01-14T11:08:02");
      assertThat(logs.list(Map.of("status", "DOWN"))).containsExactly(down);
      assertThat(logs.list(Map.of("status", "ACTIVE"))).isEmpty();
      assertThat(FlowLog.toJson(logs.list())).startsWith("{\"flow_logs\":[{\"id\":\"" + f.id() + "\"");
      assertThat(logs.update(f.id(), Map.of("admin_state", true)).status()).isEqualTo("ACTIVE");

      logs.delete(f.id());
      assertThat(logs.list()).isEmpty();
      assertError(() -> logs.show(f.id()), "VPC.3005", f.id());
      assertError(() -> logs.update(f.id(), Map.of("name", "x")), "VPC.3005", f.id());
      assertError(() -> logs.delete(f.id()), "VPC.3005", f.id());
    }
  }

  @Test
  void shouldRefuseWhatHuaweiRefusesWithItsCodes() {
    try (FlowStore store = FlowStore.open(dir)) {
      FlowLogs logs = store.flowLogs();
      Map<String, Object> ok = request("network", "subnet-1", "all", "g", "t");
      // names: 0..64 of letters, digits, _ - . and CJK
      for (String name : List.of("", "a", "flow_log-1.x", "\u6d41\u65e5\u5fd7", "\u30ed\u30b0", "\ub85c\uadf8", "x".repeat(64))) {
        Map<String, Object> r = new HashMap<>(request("network", "subnet-" + name.hashCode(), "all", "g", "t"));
        r.put("name", name);
        assertThat(logs.create(r).name()).isEqualTo(name);
      }
      for (String name : List.of("x".repeat(65), "a b", "a/b", "caf\u00e9", "a<b", "\u0444", "\u3001", "\ud83d\ude00")) {
        Map<String, Object> r = new HashMap<>(ok);
        r.put("name", name);
        assertError(() -> logs.create(r), "VPC.3001", "name");
      }
      // descriptions: 0..255, no < or >
      Map<String, Object> d = new HashMap<>(request("network", "subnet-d", "all", "g", "t"));
      d.put("description", "y".repeat(255));
      assertThat(logs.create(d).description()).hasSize(255);
      for (String desc : List.of("y".repeat(256), "a<b", "a>b")) {
        Map<String, Object> r = new HashMap<>(ok);
        r.put("description", desc);
        assertError(() -> logs.create(r), "VPC.3001", "description");
      }
      // enumerations and required fields
      assertError(() -> logs.create(request("subnet", "s", "all", "g", "t")), "VPC.3001", "resource_type");
      assertError(() -> logs.create(request("network", "s", "ALL", "g", "t")), "VPC.3001", "traffic_type");
      for (String required : List.of("resource_type", "resource_id", "traffic_type", "log_group_id", "log_topic_id")) {
        Map<String, Object> r = new HashMap<>(ok);
        r.remove(required);
        assertError(() -> logs.create(r), "VPC.3001", required);
        r.put(required, "");
        assertError(() -> logs.create(r), "VPC.3001", required);
      }
      Map<String, Object> wrongType = new HashMap<>(ok);
      wrongType.put("resource_id", 42);
      assertError(() -> logs.create(wrongType), "VPC.3001", "resource_id");
      Map<String, Object> unknown = new HashMap<>(ok);
      unknown.put("colour", "red");
      assertError(() -> logs.create(unknown), "VPC.3001", "colour");
      assertError(() -> logs.create("{\"flowlog\": {}}"), "VPC.3001", "flow_log");
      assertError(() -> logs.create("not json"), "VPC.3001", "flow_log");
      // duplicates: same resource, traffic type, group and topic
      FlowLog first = logs.create(ok);
      assertError(() -> logs.create(ok), "VPC.3004", first.id());
      logs.create(request("network", "subnet-1", "reject", "g", "t")); // another traffic type is not a duplicate
      logs.create(request("network", "subnet-1", "all", "g", "t2"));
      logs.create(request("vpc", "subnet-1", "all", "g", "t"));
      // update: only name, description and admin_state
      assertError(() -> logs.update(first.id(), Map.of("traffic_type", "reject")), "VPC.3001", "traffic_type");
      assertError(() -> logs.update(first.id(), Map.of("status", "DOWN")), "VPC.3001", "status");
      assertError(() -> logs.update(first.id(), Map.of("admin_state", "no")), "VPC.3001", "admin_state");
      assertError(() -> logs.update(first.id(), Map.of("name", "a b")), "VPC.3001", "name");
      assertThat(logs.show(first.id())).isEqualTo(first); // nothing changed by refused updates
      // list
      assertError(() -> logs.list(Map.of("colour", "red")), "VPC.3001", "colour");
      assertError(() -> logs.list(Map.of("limit", "0")), "VPC.3001", "limit");
      assertError(() -> logs.list(Map.of("limit", "ten")), "VPC.3001", "limit");
      FlowLogException e = new FlowLogException("VPC.3004", "a \"quoted\" message");
      assertThat(JsonTree.parse(e.toJson())).isEqualTo(Map.of("code", "VPC.3004", "message", "a \"quoted\" message"));
    }
  }

  @Test
  void shouldPageThroughAThousandConfigurationsAndFilterOnEveryField() {
    SplittableRandom random = new SplittableRandom(6);
    List<FlowLog> all = new ArrayList<>();
    try (FlowStore store = FlowStore.open(dir)) {
      FlowLogs logs = store.flowLogs();
      for (int i = 0; i < 1000; i++) {
        Map<String, Object> r = request(List.of("port", "network", "vpc").get(random.nextInt(3)), "res-" + i % 50,
            List.of("all", "accept", "reject").get(random.nextInt(3)), "group-" + random.nextInt(4), "topic-" + i);
        r.put("name", "log-" + i);
        FlowLog f = logs.create(r);
        if (random.nextInt(4) == 0) {
          f = logs.update(f.id(), Map.of("admin_state", false));
        }
        all.add(f);
      }
    }
    try (FlowStore store = FlowStore.open(dir)) { // and every one of them survives reopening
      FlowLogs logs = store.flowLogs();
      all.sort((a, b) -> a.id().compareTo(b.id()));
      assertThat(logs.list()).containsExactlyElementsOf(all);
      for (int limit : new int[] {1, 7, 100, 999, 1000, 5000}) {
        List<FlowLog> paged = new ArrayList<>();
        String marker = null;
        while (true) {
          Map<String, String> q = new HashMap<>(Map.of("limit", Integer.toString(limit)));
          if (marker != null) {
            q.put("marker", marker);
          }
          List<FlowLog> page = logs.list(q);
          assertThat(page.size()).isLessThanOrEqualTo(limit);
          if (page.isEmpty()) {
            break;
          }
          paged.addAll(page);
          marker = page.get(page.size() - 1).id();
        }
        assertThat(paged).as("limit %d", limit).containsExactlyElementsOf(all);
      }
      for (String field : FlowLog.FIELDS) {
        for (int k = 0; k < 3; k++) {
          String value = all.get(random.nextInt(all.size())).field(field);
          List<FlowLog> expected = all.stream().filter(f -> value.equals(f.field(field))).toList();
          assertThat(logs.list(Map.of(field, value))).as("%s = %s", field, value).containsExactlyElementsOf(expected);
          // a filter and paging together
          if (expected.size() > 2) {
            List<FlowLog> second = logs.list(Map.of(field, value, "limit", "2", "marker", expected.get(1).id()));
            assertThat(second).containsExactlyElementsOf(expected.subList(2, Math.min(4, expected.size())));
          }
        }
      }
    }
  }

  @Test
  void shouldKeepVpcSubnetsAndTheTenantAcrossReopen() throws Exception {
    String tenant;
    try (FlowStore store = FlowStore.open(dir)) {
      FlowLogs logs = store.flowLogs();
      logs.registerSubnet("vpc-1", "subnet-a");
      logs.registerSubnet("vpc-1", "subnet-b");
      logs.registerSubnet("vpc-\"2\"", "subnet-c");
      assertThat(logs.unregisterSubnet("vpc-1", "subnet-a")).isTrue();
      assertThat(logs.unregisterSubnet("vpc-1", "subnet-x")).isFalse();
      tenant = logs.tenantId();
      assertThat(tenant).matches("[0-9a-f]{32}");
    }
    try (FlowStore store = FlowStore.builder(dir).readOnly(true).open()) {
      FlowLogs logs = store.flowLogs();
      assertThat(logs.subnets("vpc-1")).containsExactly("subnet-b");
      assertThat(logs.subnets("vpc-\"2\"")).containsExactly("subnet-c");
      assertThat(logs.subnets("vpc-3")).isEmpty();
      assertThat(logs.tenantId()).isEqualTo(tenant);
      assertThatThrownBy(() -> logs.create(request("network", "s", "all", "g", "t")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
    }
    Files.writeString(dir.resolve(FlowLogs.FILE), "{\"format\":1,\"flow_logs\":[{\"id\":1}]");
    assertThatThrownBy(() -> FlowStore.open(dir)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining(FlowLogs.FILE);
    Files.writeString(dir.resolve(FlowLogs.FILE), "{\"format\":2,\"flow_logs\":[],\"vpc_subnets\":{}}");
    assertThatThrownBy(() -> FlowStore.open(dir)).isInstanceOf(IncompatibleStoreException.class);
  }

  /** The child: creates and toggles flow logs, printing each acknowledged change. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      int from = Integer.parseInt(args[1]);
      try (FlowStore s = FlowStore.open(Path.of(args[0]))) {
        for (int i = from; ; i++) {
          FlowLog f = s.flowLogs().create(request("network", "subnet-" + i, "all", "g", "t"));
          System.out.println("created " + i + " " + f.id());
          s.flowLogs().update(f.id(), Map.of("admin_state", false));
          System.out.println("down " + i);
          System.out.flush();
        }
      }
    }
  }

  @Test
  void shouldSurviveSigkillMidChange() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    Map<Integer, String> created = new HashMap<>();
    TreeSet<Integer> down = new TreeSet<>();
    int next = 0;
    for (int kill = 0; kill < 5; kill++) {
      Process child = new ProcessBuilder(Jvm.command(Child.class, true, dir.toString(), Integer.toString(next)))
          .redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int wanted = 5 + random.nextInt(40);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      int acks = 0;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        String[] w = line.split(" ");
        if (w[0].equals("created")) {
          created.put(Integer.parseInt(w[1]), w[2]);
        } else if (w[0].equals("down")) {
          down.add(Integer.parseInt(w[1]));
          if (++acks >= wanted) {
            break;
          }
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acks).as("kill %d: changes acknowledged", kill).isPositive();
      next += 10_000;
      try (FlowStore store = FlowStore.open(dir)) {
        FlowLogs logs = store.flowLogs();
        for (Map.Entry<Integer, String> e : created.entrySet()) {
          FlowLog f = logs.show(e.getValue());
          assertThat(f.resourceId()).isEqualTo("subnet-" + e.getKey());
          if (down.contains(e.getKey())) {
            assertThat(f.status()).isEqualTo("DOWN");
          }
          List<FlowLogs.Epoch> epochs = logs.epochs(f.id());
          assertThat(epochs.get(epochs.size() - 1).active()).isEqualTo(f.adminState());
        }
        assertThat(logs.list().size()).isBetween(created.size(), created.size() + 2);
      }
    }
  }

  @Test
  void shouldLeaveEverythingAsItWasWhenAChangeCannotBeSequenced() {
    FlowStore store = FlowStore.open(dir);
    FlowLogs logs = store.flowLogs();
    FlowLog f = logs.create(request("vpc", "vpc-1", "all", "g", "t"));
    logs.registerSubnet("vpc-1", "subnet-a");
    store.close(); // the flow writer is gone: no change can be placed in the stream
    assertThatThrownBy(() -> logs.update(f.id(), Map.of("admin_state", false))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> logs.registerSubnet("vpc-1", "subnet-b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> logs.unregisterSubnet("vpc-1", "subnet-a")).isInstanceOf(IllegalStateException.class);
    assertThat(logs.show(f.id()).status()).isEqualTo("ACTIVE");
    assertThat(logs.subnets("vpc-1")).containsExactly("subnet-a");
    assertThat(logs.epochs(f.id())).hasSize(2);
    try (FlowStore again = FlowStore.open(dir)) {
      assertThat(again.flowLogs().show(f.id())).isEqualTo(f);
      assertThat(again.flowLogs().subnets("vpc-1")).containsExactly("subnet-a");
      assertThat(again.flowLogs().epochs(f.id())).isEqualTo(logs.epochs(f.id()));
    }
  }

  private static void assertError(Runnable r, String code, String mentions) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(FlowLogException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(mentions);
      assertThat(e.toJson()).startsWith("{\"code\":\"" + code + "\",\"message\":\"");
    });
  }
}
