package io.flowstore.cli;

import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowKind;
import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.storage.DiskUsage;

import io.flowstore.query.Flow;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
import io.flowstore.query.Metric;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code flowstore demo}: the main job on a fresh machine. */
final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "generate a realistic sample, store it, and show what was stored";
  }

  @Override
  public String help() {
    return "Usage: flowstore demo [--store DIR] [--events N] [--seed S]\n\n"
        + "Generates N realistic ExternalFlow events (default 200,000; seeded), ingests them into the\n"
        + "store (default ./flowstore-data), and prints what was stored: counts, speed, size on disk,\n"
        + "a breakdown by kind, action and direction, and the first events as JSON; then runs example\n"
        + "queries under the command lines that ask them (rejected SSH/RDP, top talkers, top rejected\n"
        + "ports, one subnet's traffic). Running it again adds another sample.\n\n"
        + "Examples:\n"
        + "  flowstore demo\n"
        + "  flowstore demo --events 1000000 --store /tmp/flows\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "events", "seed");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) throws Exception {
    long events = args.getLong("events", 200_000);
    if (events < 1 || events > 20_000_000) {
      throw new UsageException("option --events must be in 1..20000000: value=" + events);
    }
    long seed = args.getLong("seed", 42);
    cli.out.println("Generating " + Cli.number(events) + " ExternalFlow events (seed " + seed + ")...");
    FlowGenerator generator = FlowGenerator.builder().seed(seed).build();
    try (FlowStore store = cli.openForWriting(args)) {
      long before = store.count();
      long accepted = 0;
      long quarantined = 0;
      long jsonBytes = 0;
      double seconds = 0;
      // in batches of at most 100,000 events (about 90 MB of JSON): any size runs in a small heap
      for (long done = 0; done < events; ) {
        int n = (int) Math.min(DEMO_BATCH, events - done);
        byte[] sample = generator.ndjson(n);
        jsonBytes += sample.length;
        long t0 = System.nanoTime();
        IngestResult part = store.ingest(sample, "demo-sample.ndjson");
        seconds += (System.nanoTime() - t0) / 1e9;
        accepted += part.accepted();
        quarantined += part.quarantined();
        done += n;
      }
      long t0 = System.nanoTime();
      store.sync();
      seconds += (System.nanoTime() - t0) / 1e9;
      long disk = DiskUsage.of(store.path());
      cli.out.printf("Stored %s events (%s quarantined) in %.2f s: %s events/s%n", Cli.number(accepted),
          Cli.number(quarantined), seconds, Cli.number((long) (accepted / seconds)));
      cli.out.printf("Store %s: %s events, %s on disk, %.0f bytes/event (the JSON was %.0f bytes/event)%n",
          store.path(), Cli.number(store.count()), Cli.bytes(disk), disk / (double) store.count(),
          jsonBytes / (double) events);
      if (before > 0) {
        cli.out.println("(the store already held " + Cli.number(before) + " events; this sample was added)");
      }
      Map<String, Long> kinds = new TreeMap<>();
      Map<String, Long> actions = new TreeMap<>();
      Map<String, Long> directions = new TreeMap<>();
      store.scan(v -> {
        kinds.merge(v.kind() == FlowKind.VPC ? "VPC" : "BareMetal", 1L, Long::sum);
        actions.merge(String.valueOf(v.string(FlowField.ACTION)), 1L, Long::sum);
        directions.merge(String.valueOf(v.string(FlowField.DIRECTION)), 1L, Long::sum);
        return true;
      });
      cli.out.println("By kind:      " + breakdown(kinds));
      cli.out.println("By action:    " + breakdown(actions) + "  (null: BareMetal events carry no action)");
      cli.out.println("By direction: " + breakdown(directions));
      cli.out.println("First events (canonical JSON):");
      try (Stream<FlowEvent> s = store.flows()) {
        s.limit(2).forEach(e -> cli.out.println("  " + e.toJson()));
      }
    }
    examples(args, cli);
    return Main.OK;
  }

  /** Runs the example queries, each under the command line that asks it. */
  private static void examples(Args args, Cli cli) throws Exception {
    String subnet;
    try (FlowStore store = cli.openForReading(args)) {
      List<Group> top = FlowSearcher.of(store).aggregate(io.flowstore.query.Query.flows().groupBy(Flow.SUBNET_ID)
          .orderBy(Metric.count(), true).limit(1));
      subnet = top.isEmpty() || top.get(0).keys().get(0) == null ? null : top.get(0).key();
    }
    cli.out.println();
    cli.out.println("Example queries:");
    example(cli, args, "rejected SSH and RDP attempts", new CountCommand(), "action = REJECT and dstPort in (22, 3389)");
    example(cli, args, "the latest of them", new QueryCommand(), "--format", "table", "--order-by", "eventTime:desc",
        "--limit", "5", "action = REJECT and dstPort in (22, 3389)");
    example(cli, args, "top talkers by bytes sent", new TopCommand(), "--by", "srcAddr", "--limit", "5");
    example(cli, args, "top rejected destination ports", new TopCommand(), "--by", "dstPort", "--metric", "flows",
        "--limit", "5", "action = REJECT");
    if (subnet != null) {
      example(cli, args, "one subnet's traffic by direction", new TopCommand(), "--by", "direction",
          "subnetId = " + subnet);
    }
    cli.out.println();
    cli.out.println("Try next:");
    cli.out.println("  ./flowstore stats" + storeOption(args));
    cli.out.println("  ./flowstore report" + storeOption(args) + " --out report.html   (charts in one HTML file)");
    cli.out.println("  ./flowstore export" + storeOption(args) + " --format csv --out rejected.csv action = REJECT");
    cli.out.println("  ./flowstore tail" + storeOption(args) + " --format line action = REJECT   (while another ingest runs)");
    cli.out.println("  ./flowstore generate --events 1000 --format array --out sample.json && ./flowstore ingest"
        + storeOption(args) + " sample.json");
  }

  /** Events generated and ingested at once. */
  static final int DEMO_BATCH = 100_000;

  private static void example(Cli cli, Args args, String what, Command c, String... words) throws Exception {
    StringBuilder line = new StringBuilder("./flowstore ").append(c.name()).append(storeOption(args));
    for (String w : words) {
      line.append(' ').append(w.matches("[-A-Za-z0-9_.:/=]+") ? w : "'" + w + "'");
    }
    cli.out.println();
    cli.out.println("# " + what);
    cli.out.println("$ " + line);
    String[] argv = new String[words.length + (args.get("store") == null ? 0 : 2)];
    System.arraycopy(words, 0, argv, 0, words.length);
    if (args.get("store") != null) {
      argv[words.length] = "--store";
      argv[words.length + 1] = args.get("store");
    }
    c.run(new Args(argv, 0, c.valuedOptions(), c.flagOptions()), cli);
  }

  private static String storeOption(Args args) {
    return args.get("store") == null ? "" : " --store " + args.get("store");
  }

  private static String breakdown(Map<String, Long> counts) {
    return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + Cli.number(e.getValue())).collect(Collectors.joining(", "));
  }
}
