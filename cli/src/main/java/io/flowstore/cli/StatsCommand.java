package io.flowstore.cli;

import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.Timestamp;
import io.flowstore.internal.StoreEngine;
import io.flowstore.internal.audit.AuditIndex;
import io.flowstore.internal.storage.DiskUsage;
import io.flowstore.query.Audit;
import io.flowstore.query.AuditQuery;
import io.flowstore.query.AuditSearcher;
import io.flowstore.query.Flow;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
import io.flowstore.query.Metric;
import io.flowstore.query.Order;
import io.flowstore.query.Query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code flowstore stats}: what the store holds, per stream. */
final class StatsCommand implements Command {
  static final int TOP = 5;

  @Override
  public String name() {
    return "stats";
  }

  @Override
  public String summary() {
    return "what the store holds per stream: events, time span, segments, bytes on disk, top values";
  }

  @Override
  public String help() {
    return "Usage: flowstore stats [--store DIR] [--json]\n\n"
        + "Prints, for the flow, audit and quarantine streams: the number of events, the time span of\n"
        + "their eventTime, the index segments, the bytes on disk of the queue files and of the index\n"
        + "files, and the " + TOP + " most frequent values of action, direction and eventType (flows),\n"
        + "eventType and status (audit) and the quarantine reasons. Counts have thousands separators and\n"
        + "sizes human units in the table; --json prints one object with plain numbers:\n"
        + "  {\"store\": \"...\", \"diskBytes\": N, \"flows\": {\"events\": N, \"firstEventTime\": \"...\",\n"
        + "   \"lastEventTime\": \"...\", \"segments\": N, \"queueBytes\": N, \"indexBytes\": N,\n"
        + "   \"top\": {\"action\": [{\"key\": \"ACCEPT\", \"events\": N}, ...], ...}}, \"audit\": {...},\n"
        + "   \"quarantine\": {\"events\": N, \"queueBytes\": N, \"top\": {\"reason\": [...]}}}\n"
        + "Reading takes no lock: it works beside a running ingest.\n\n"
        + "Examples:\n"
        + "  flowstore stats\n"
        + "  flowstore stats --json --store /var/lib/flowstore | jq .flows.events\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("json");
  }

  /** One stream's figures; times null when the stream is empty; -1 segments when not indexed in segments. */
  record StreamStats(String name, long events, Instant first, Instant last, int segments, long queueBytes,
      long indexBytes, Map<String, List<Count>> top) {}

  /** A value and how many events carry it; the key is null for events without the field. */
  record Count(String key, long events) {}

  static List<Count> counts(List<Group> groups) {
    List<Count> out = new ArrayList<>();
    for (Group g : groups) {
      out.add(new Count(g.keys().get(0) == null ? null : g.key(), g.count()));
    }
    return out;
  }

  @Override
  public int run(Args args, Cli cli) {
    if (!args.positional().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positional().get(0));
    }
    try (FlowStore store = cli.openForReading(args)) {
      List<StreamStats> streams = List.of(flows(store), audit(store), quarantine(store));
      long disk = DiskUsage.of(store.path());
      if (args.has("json")) {
        cli.out.println(json(store.path(), disk, streams));
      } else {
        table(cli, store.path(), disk, streams);
      }
    }
    return Main.OK;
  }

  static StreamStats flows(FlowStore store) {
    FlowSearcher s = FlowSearcher.of(store);
    Instant first = null;
    Instant last = null;
    Map<String, List<Count>> top = new LinkedHashMap<>();
    if (store.count() > 0) {
      first = time(s.first(Query.flows().orderBy(new Order(Flow.EVENT_TIME, false))).orElse(null));
      last = time(s.first(Query.flows().orderBy(new Order(Flow.EVENT_TIME, true))).orElse(null));
      for (var f : List.of(Flow.ACTION, Flow.DIRECTION, Flow.EVENT_TYPE)) {
        top.put(f.name(), counts(s.aggregate(Query.flows().groupBy(f).orderBy(Metric.count(), true).limit(TOP))));
      }
    }
    Path dir = store.path();
    return new StreamStats("flows", store.count(), first, last, FlowStore.engineOf(store).segments().segmentCount(),
        size(dir.resolve("flows")), size(dir.resolve("index").resolve("flows")), top);
  }

  /** The eventTime of {@code e} as an instant; null when e or its time is absent. */
  static Instant time(FlowEvent e) {
    Timestamp t = e == null ? null : e.eventTime();
    return t == null ? null : t.toInstant();
  }

  static StreamStats audit(FlowStore store) {
    StoreEngine engine = FlowStore.engineOf(store);
    List<AuditIndex.SegmentView> segments = engine.auditIndex().snapshot().segments();
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (AuditIndex.SegmentView v : segments) {
      lo = Math.min(lo, v.minTime());
      hi = Math.max(hi, v.maxTime());
    }
    Map<String, List<Count>> top = new LinkedHashMap<>();
    if (store.auditCount() > 0) {
      AuditSearcher s = AuditSearcher.of(store);
      top.put("eventType", counts(s.aggregate(AuditQuery.all().groupBy(Audit.EVENT_TYPE).top(TOP))));
      top.put("status", counts(s.aggregate(AuditQuery.all().groupBy(Audit.STATUS).top(TOP))));
    }
    Path dir = store.path();
    return new StreamStats("audit", store.auditCount(), lo > hi ? null : nanos(lo), lo > hi ? null : nanos(hi),
        segments.size(), size(dir.resolve("audit")), size(dir.resolve("index").resolve("audit")), top);
  }

  /** Nanoseconds since the epoch as an instant. */
  static Instant nanos(long n) {
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  static StreamStats quarantine(FlowStore store) {
    Map<String, Long> reasons = new LinkedHashMap<>();
    Instant[] span = new Instant[2];
    store.scanQuarantine(q -> {
      reasons.merge(reasonKind(q.reason()), 1L, Long::sum);
      Instant t = q.quarantinedAt();
      if (t != null) {
        span[0] = span[0] == null || t.isBefore(span[0]) ? t : span[0];
        span[1] = span[1] == null || t.isAfter(span[1]) ? t : span[1];
      }
    });
    Map<String, List<Count>> top = new LinkedHashMap<>();
    if (!reasons.isEmpty()) {
      top.put("reason", reasons.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP).map(e -> new Count(e.getKey(), e.getValue())).toList());
    }
    return new StreamStats("quarantine", store.quarantinedCount(), span[0], span[1], -1,
        size(store.path().resolve("quarantine")), 0, top);
  }

  /**
   * A quarantine reason without its particulars, for counting: the text before its first
   * {@code ": "} or {@code "="} ({@code "unsupported event type: eventType=X"} counts as
   * {@code "unsupported event type"}).
   */
  static String reasonKind(String reason) {
    if (reason == null) {
      return "unknown";
    }
    int cut = reason.length();
    int colon = reason.indexOf(": ");
    int eq = reason.indexOf('=');
    if (colon > 0) {
      cut = colon;
    }
    if (eq > 0 && eq < cut) {
      cut = reason.lastIndexOf(' ', eq) > 0 ? reason.lastIndexOf(' ', eq) : eq;
    }
    return reason.substring(0, cut).trim();
  }

  private static long size(Path p) {
    return Files.exists(p) ? DiskUsage.of(p) : 0;
  }

  private static void table(Cli cli, Path path, long disk, List<StreamStats> streams) {
    cli.out.println("store " + path + ": " + Cli.bytes(disk) + " on disk");
    cli.out.println();
    Table t = new Table(new String[] {"stream", "events", "first eventTime", "last eventTime", "segments", "queue",
      "indexes", "bytes/event"}, new boolean[] {false, true, false, false, true, true, true, true});
    for (StreamStats s : streams) {
      t.add(s.name(), Cli.number(s.events()), s.first() == null ? "-" : s.first().toString(),
          s.last() == null ? "-" : s.last().toString(), s.segments() < 0 ? "-" : Cli.number(s.segments()),
          Cli.bytes(s.queueBytes()), s.name().equals("quarantine") ? "-" : Cli.bytes(s.indexBytes()),
          s.events() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (s.queueBytes() + s.indexBytes()) / (double) s.events()));
    }
    t.print(cli.out);
    for (StreamStats s : streams) {
      for (Map.Entry<String, List<Count>> e : s.top().entrySet()) {
        cli.out.println();
        cli.out.println("top " + e.getKey() + " (" + s.name() + "):");
        Table values = new Table(new String[] {"  " + e.getKey(), "events", "share"}, new boolean[] {false, true, true});
        for (Count c : e.getValue()) {
          values.add("  " + (c.key() == null ? "-" : c.key()), Cli.number(c.events()),
              String.format(Locale.ROOT, "%.1f%%", 100.0 * c.events() / Math.max(1, s.events())));
        }
        values.print(cli.out);
      }
    }
  }

  static String json(Path path, long disk, List<StreamStats> streams) {
    StringBuilder sb = new StringBuilder("{\"store\": ").append(Cli.json(path.toString())).append(", \"diskBytes\": ")
        .append(disk);
    for (StreamStats s : streams) {
      sb.append(", ").append(Cli.json(s.name())).append(": {\"events\": ").append(s.events());
      sb.append(", \"firstEventTime\": ").append(s.first() == null ? "null" : Cli.json(s.first().toString()));
      sb.append(", \"lastEventTime\": ").append(s.last() == null ? "null" : Cli.json(s.last().toString()));
      if (s.segments() >= 0) {
        sb.append(", \"segments\": ").append(s.segments());
      }
      sb.append(", \"queueBytes\": ").append(s.queueBytes());
      if (!s.name().equals("quarantine")) {
        sb.append(", \"indexBytes\": ").append(s.indexBytes());
      }
      sb.append(", \"top\": {");
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, List<Count>> e : s.top().entrySet()) {
        StringBuilder p = new StringBuilder(Cli.json(e.getKey())).append(": [");
        for (int i = 0; i < e.getValue().size(); i++) {
          Count c = e.getValue().get(i);
          p.append(i > 0 ? ", " : "").append("{\"key\": ").append(c.key() == null ? "null" : Cli.json(c.key()))
              .append(", \"events\": ").append(c.events()).append('}');
        }
        parts.add(p.append(']').toString());
      }
      sb.append(String.join(", ", parts)).append("}}");
    }
    return sb.append('}').toString();
  }
}
