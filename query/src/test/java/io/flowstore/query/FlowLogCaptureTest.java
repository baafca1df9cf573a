package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.FlowLog;
import io.flowstore.FlowLogException;
import io.flowstore.FlowLogs;
import io.flowstore.FlowStore;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flow log capture against a brute-force model: batches of flow events ingested with flow log
 * changes in between (create, enable, disable, delete, VPC subnets added and removed); each
 * flow log's capture, alone and with a filter, by id and by log topic, must be exactly the
 * events the model says it captured, before and after reopening.
 */
class FlowLogCaptureTest {
  @TempDir
  Path dir;

  /** The model's view of one flow log. */
  static final class Model {
    final FlowLog log;
    boolean active = true;
    final Set<Long> captured = new HashSet<>();

    Model(FlowLog log) {
      this.log = log;
    }
  }

  record Event(long position, String subnet, String vm, Long iface, String action) {}

  @Test
  void shouldCaptureExactlyWhatTheModelSays() {
    SplittableRandom random = new SplittableRandom(2026);
    Map<String, Model> models = new LinkedHashMap<>();
    Map<String, TreeSet<String>> vpcs = new HashMap<>();
    List<String> subnets;
    List<String> vms = new ArrayList<>();
    try (FlowStore store = FlowStore.builder(dir).maxSegmentRows(1500).open()) {
      FlowLogs logs = store.flowLogs();
      FlowGenerator gen = FlowGenerator.builder().seed(11).subnets(6).vms(12).build();
      subnets = gen.subnetIds();
      long last = FlowStore.engineOf(store).flowsBarrier();
      for (int batch = 0; batch < 14; batch++) {
        int ops = random.nextInt(4);
        for (int o = 0; o < ops; o++) {
          change(random, logs, models, vpcs, subnets, vms);
        }
        // the model's state for this batch
        StringBuilder nd = new StringBuilder();
        for (int i = 0, n = 200 + random.nextInt(600); i < n; i++) {
          nd.append(gen.nextJson()).append('\n');
        }
        store.ingest(nd.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "batch-" + batch);
        long now = FlowStore.engineOf(store).flowsBarrier();
        for (Event e : events(store, last, now)) {
          if (e.vm != null && !vms.contains(e.vm)) {
            vms.add(e.vm);
          }
          for (Model m : models.values()) {
            if (m.active && matches(m.log, vpcs, e)) {
              m.captured.add(e.position);
            }
          }
        }
        last = now;
        check(store, models, "after batch " + batch);
      }
    }
    try (FlowStore store = FlowStore.open(dir)) {
      check(store, models, "after reopening");
    }
    assertThat(models.values().stream().mapToInt(m -> m.captured.size()).sum()).isGreaterThan(500);
    assertThat(models.values().stream().filter(m -> m.captured.isEmpty())).isNotEmpty();
  }

  /**
   * Changes in the middle of a running ingest: a flow log switched on and off while another
   * thread ingests. Each switch takes effect somewhere between the stream's end before the call
   * and its end after it; events before that window follow the old state, events after it the
   * new one, and every event is captured or not as one epoch says.
   */
  @Test
  void shouldSwitchCaptureAtOnePointWhileAnIngestRuns() throws Exception {
    try (FlowStore store = FlowStore.builder(dir).maxSegmentRows(3000).open()) {
      FlowGenerator gen = FlowGenerator.builder().seed(23).subnets(2).build();
      String subnet = gen.subnetIds().get(0);
      List<byte[]> batches = new ArrayList<>();
      for (int b = 0; b < 40; b++) {
        batches.add(gen.ndjson(250));
      }
      FlowLog f = store.flowLogs().create(Map.of("resource_type", "network", "resource_id", subnet,
          "traffic_type", "all", "log_group_id", "g", "log_topic_id", "t"));
      long start = FlowStore.engineOf(store).flowsBarrier();
      // the ingest runs until the switches are done (all 40 batches at least, repeated if need be), so
      // a fast machine cannot finish it before a few switches happened
      java.util.concurrent.atomic.AtomicBoolean switched = new java.util.concurrent.atomic.AtomicBoolean();
      Thread ingest = new Thread(() -> {
        for (int i = 0; i < 20_000 && (i < batches.size() || !switched.get()); i++) {
          store.ingest(batches.get(i % batches.size()), "concurrent");
        }
      });
      ingest.start();
      // switch windows: [stream end before the call, stream end after it], and the state after
      List<long[]> windows = new ArrayList<>();
      SplittableRandom random = new SplittableRandom(4);
      boolean active = true;
      while (ingest.isAlive() && windows.size() < 30) {
        Thread.sleep(random.nextInt(20));
        long before = FlowStore.engineOf(store).flowsBarrier();
        active = !active;
        store.flowLogs().update(f.id(), Map.of("admin_state", active));
        long after = FlowStore.engineOf(store).flowsBarrier();
        windows.add(new long[] {before, after, active ? 1 : 0});
      }
      switched.set(true);
      ingest.join();
      assertThat(windows.size()).isEqualTo(30);
      Set<Long> captured = positions(FlowSearcher.of(store), FlowLogCapture.of(store, f.id()));
      List<FlowLogs.Epoch> epochs = store.flowLogs().epochs(f.id());
      assertThat(epochs).hasSize(windows.size() + 1);
      for (int i = 0; i < windows.size(); i++) { // each switch point lies in its window
        assertThat(epochs.get(i + 1).after()).isBetween(windows.get(i)[0], windows.get(i)[1]);
      }
      long checked = 0;
      for (Event e : events(store, start, Long.MAX_VALUE)) {
        boolean match = subnet.equals(e.subnet());
        // the state for certain: the last switch whose window ended before the event, if the event is not in a window
        boolean certain = true;
        boolean state = true;
        for (long[] w : windows) {
          if (e.position() > w[1]) {
            state = w[2] == 1;
          } else if (e.position() > w[0]) {
            certain = false;
          }
        }
        if (certain) {
          assertThat(captured.contains(e.position())).as("event at %d", e.position()).isEqualTo(match && state);
          checked++;
        }
        boolean byEpoch = false;
        for (FlowLogs.Epoch ep : epochs) {
          byEpoch |= ep.active() && e.position() > ep.after() && e.position() <= ep.until();
        }
        assertThat(captured.contains(e.position())).isEqualTo(match && byEpoch);
      }
      assertThat(checked).isGreaterThan(2000); // events outside every window (a switch waits for an fsync)
      assertThat(captured).isNotEmpty();
    }
  }

  private static void change(SplittableRandom random, FlowLogs logs, Map<String, Model> models,
      Map<String, TreeSet<String>> vpcs, List<String> subnets, List<String> vms) {
    int what = random.nextInt(10);
    List<String> ids = new ArrayList<>(models.keySet());
    if (what < 4 || ids.isEmpty()) {
      String type = List.of("network", "port", "vpc").get(random.nextInt(3));
      String resource;
      if (type.equals("network")) {
        resource = subnets.get(random.nextInt(subnets.size()));
      } else if (type.equals("vpc")) {
        resource = "vpc-" + random.nextInt(2);
      } else if (vms.isEmpty()) {
        resource = "no-such-vm";
      } else {
        String vm = vms.get(random.nextInt(vms.size()));
        resource = random.nextBoolean() ? vm : vm + "/" + random.nextInt(2);
      }
      Map<String, Object> r = new HashMap<>();
      r.put("resource_type", type);
      r.put("resource_id", resource);
      r.put("traffic_type", List.of("all", "accept", "reject").get(random.nextInt(3)));
      r.put("log_group_id", "group");
      r.put("log_topic_id", "topic-" + random.nextInt(3));
      try {
        FlowLog f = logs.create(r);
        models.put(f.id(), new Model(f));
      } catch (FlowLogException e) {
        assertThat(e.code()).isEqualTo(FlowLogException.DUPLICATE);
      }
    } else if (what < 7) {
      String id = ids.get(random.nextInt(ids.size()));
      Model m = models.get(id);
      m.active = !m.active;
      logs.update(id, Map.of("admin_state", m.active));
    } else if (what < 8) {
      String id = ids.get(random.nextInt(ids.size()));
      logs.delete(id);
      models.remove(id);
    } else {
      String vpc = "vpc-" + random.nextInt(2);
      String subnet = subnets.get(random.nextInt(subnets.size()));
      TreeSet<String> set = vpcs.computeIfAbsent(vpc, v -> new TreeSet<>());
      if (set.contains(subnet) && random.nextBoolean()) {
        set.remove(subnet);
        assertThat(logs.unregisterSubnet(vpc, subnet)).isTrue();
      } else {
        set.add(subnet);
        logs.registerSubnet(vpc, subnet);
      }
    }
  }

  private static boolean matches(FlowLog f, Map<String, TreeSet<String>> vpcs, Event e) {
    boolean resource;
    switch (f.resourceType()) {
      case "network":
        resource = f.resourceId().equals(e.subnet);
        break;
      case "vpc":
        resource = e.subnet != null && vpcs.getOrDefault(f.resourceId(), new TreeSet<>()).contains(e.subnet);
        break;
      default:
        String[] p = f.resourceId().split("/");
        resource = p[0].equals(e.vm) && (p.length == 1 || (e.iface != null && e.iface == Long.parseLong(p[1])));
    }
    boolean traffic = f.trafficType().equals("all") || f.trafficType().equalsIgnoreCase(e.action);
    return resource && traffic;
  }

  private static List<Event> events(FlowStore store, long after, long upTo) {
    List<Event> out = new ArrayList<>();
    store.scan(v -> {
      if (v.position() > after && v.position() <= upTo) {
        out.add(new Event(v.position(), v.string(FlowField.SUBNET_ID), v.string(FlowField.VM_UUID),
            v.has(FlowField.IFACE_IDX) ? v.int64(FlowField.IFACE_IDX) : null, v.string(FlowField.ACTION)));
      }
      return true;
    });
    return out;
  }

  private static void check(FlowStore store, Map<String, Model> models, String when) {
    FlowSearcher searcher = FlowSearcher.of(store);
    Map<String, Set<Long>> byTopic = new HashMap<>();
    for (Model m : models.values()) {
      Condition c = FlowLogCapture.of(store, m.log.id());
      Set<Long> got = positions(searcher, c);
      assertThat(got).as("%s: capture of %s %s %s", when, m.log.resourceType(), m.log.resourceId(), m.log.trafficType())
          .isEqualTo(m.captured);
      assertThat(searcher.count(Query.where(c))).isEqualTo(m.captured.size());
      Condition ssh = c.and(Flow.PROTO.eq(6));
      assertThat(searcher.count(Query.where(ssh))).isEqualTo(positions(searcher, ssh).size());
      assertThat(Condition.parse(c.toString())).isEqualTo(c);
      byTopic.computeIfAbsent(m.log.logTopicId(), t -> new HashSet<>()).addAll(m.captured);
    }
    for (String topic : List.of("topic-0", "topic-1", "topic-2")) {
      assertThat(positions(searcher, FlowLogCapture.ofTopic(store, topic))).as("%s: topic %s", when, topic)
          .isEqualTo(byTopic.getOrDefault(topic, Set.of()));
    }
    assertThatThrownBy(() -> FlowLogCapture.of(store, "no-such-id")).isInstanceOf(FlowLogException.class);
  }

  private static Set<Long> positions(FlowSearcher searcher, Condition c) {
    Set<Long> out = new HashSet<>();
    searcher.forEach(Query.where(c), v -> {
      out.add(v.position());
      return true;
    });
    return out;
  }
}
