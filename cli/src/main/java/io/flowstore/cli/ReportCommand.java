package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.query.Audit;
import io.flowstore.query.AuditQuery;
import io.flowstore.query.AuditSearcher;
import io.flowstore.query.Flow;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
import io.flowstore.query.Metric;
import io.flowstore.query.Query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * {@code flowstore report}: one self-contained HTML page of charts over the matching flow
 * events. No script, no style sheet or font from elsewhere, no network request: the charts are
 * inline SVG ({@link Svg}), each followed by its numbers in a table.
 */
final class ReportCommand implements Command {
  static final int TOP = 10;
  /** At most this many columns over time: the bucket is the smallest round duration that keeps to it. */
  static final int MAX_BUCKETS = 60;
  /** Action series drawn apart; the rest are summed into "other". */
  static final int MAX_SERIES = 5;

  private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
    Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
    Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
    Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365),
    Duration.ofDays(3650), Duration.ofDays(36500), Duration.ofDays(365000), Duration.ofDays(3650000)};

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "one self-contained HTML page of charts: traffic over time, top talkers, rejected ports";
  }

  @Override
  public String help() {
    return "Usage: flowstore report [--store DIR] [--out FILE.html] [--title TEXT] [--from T] [--to T]\n"
        + "                        [--flow-log ID | --log-topic TOPIC] [FILTER]\n\n"
        + "Writes one HTML file (default ./flowstore-report.html; --out - writes to stdout) with charts of\n"
        + "the flow events that match FILTER: bytes and flows over time split by action, top talkers\n"
        + "(source addresses by bytes), top rejected destination ports, traffic per subnet split by\n"
        + "direction, and a summary of the quarantine (and of the audit stream when it holds events).\n"
        + "Every chart is inline SVG followed by its numbers; the page has no script and makes no\n"
        + "network request, so it can be mailed or archived and opened anywhere.\n"
        + Filters.HELP + Filters.SCOPE_HELP + "\n"
        + "Examples:\n"
        + "  flowstore report\n"
        + "  flowstore report --out rejected.html action = REJECT\n"
        + "  flowstore report --out day.html --from 2025-11-21T00:00:00Z --to 2025-11-22T00:00:00Z\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "out", "title", "from", "to", "flow-log", "log-topic");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) throws IOException {
    Query q = Filters.query(args);
    String out = args.get("out", "flowstore-report.html");
    String html;
    long flows;
    try (FlowStore store = cli.openForReading(args)) {
      q = Filters.scope(args, store, q);
      String filter = String.join(" ", args.positional());
      String title = args.get("title", "flowstore report" + (filter.isEmpty() ? "" : ": " + filter));
      Report r = new Report(store, q, title, filter, Instant.now());
      html = r.html();
      flows = r.flows;
    }
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    if (out.equals("-")) {
      cli.out.write(bytes);
      cli.out.flush();
      return Main.OK;
    }
    Path target = cli.path(out);
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.write(partial, bytes);
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    cli.out.println("wrote " + out + " (" + Cli.bytes(bytes.length) + "): " + Cli.number(flows) + " flow events");
    return Main.OK;
  }

  /** The smallest bucket of {@link #BUCKETS} that cuts {@code span} into at most {@link #MAX_BUCKETS}. */
  static Duration bucket(Duration span) {
    for (Duration d : BUCKETS) {
      if (span.dividedBy(d) < MAX_BUCKETS) {
        return d;
      }
    }
    return BUCKETS[BUCKETS.length - 1];
  }

  /** The figures and the page of one report. */
  static final class Report {
    private final FlowStore store;
    private final FlowSearcher searcher;
    private final Query q;
    private final String title;
    private final String filter;
    private final Instant now;
    long flows;
    private long bytes;
    private long packets;
    private long rejected;

    Report(FlowStore store, Query q, String title, String filter, Instant now) {
      this.store = store;
      this.searcher = FlowSearcher.of(store);
      this.q = q;
      this.title = title;
      this.filter = filter;
      this.now = now;
    }

    String html() {
      List<Group> byAction = searcher.aggregate(q.groupBy(Flow.ACTION).sum(Flow.BYTES).sum(Flow.PACKETS)
          .orderBy(Metric.count(), true));
      for (Group g : byAction) {
        flows += g.count();
        bytes += g.sum(Flow.BYTES);
        packets += g.sum(Flow.PACKETS);
        if ("REJECT".equals(g.keys().get(0))) {
          rejected += g.count();
        }
      }
      Instant first = StatsCommand.time(searcher.first(q.orderBy(Flow.EVENT_TIME.ascending())).orElse(null));
      Instant last = StatsCommand.time(searcher.first(q.orderBy(Flow.EVENT_TIME.descending())).orElse(null));
      StringBuilder sb = new StringBuilder(64 * 1024);
      head(sb);
      sb.append("<header><h1>").append(Html.escape(title)).append("</h1>\n<p class=\"meta\">store ")
          .append(Html.escape(store.path().toString())).append(" &middot; filter ")
          .append(filter.isEmpty() ? "none (every flow event)" : "<code>" + Html.escape(filter) + "</code>")
          .append(" &middot; made ").append(Html.escape(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
          .append("</p></header>\n");
      sb.append("<section class=\"cards\">\n");
      card(sb, "flow events", Cli.number(flows));
      card(sb, "bytes", Cli.bytes(bytes));
      card(sb, "packets", Cli.number(packets));
      card(sb, "rejected", flows == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * rejected / flows));
      card(sb, "first event", first == null ? "-" : Texts.time(first));
      card(sb, "last event", last == null ? "-" : Texts.time(last));
      card(sb, "quarantined", Cli.number(store.quarantinedCount()));
      sb.append("</section>\n");
      if (first != null && last != null) {
        overTime(sb, first, last, byAction);
      }
      topTalkers(sb);
      rejectedPorts(sb);
      subnets(sb);
      quarantine(sb);
      audit(sb);
      sb.append("<footer>flowstore ").append(Main.VERSION)
          .append(" &middot; charts drawn as inline SVG; hover a bar for its value</footer>\n</body>\n</html>\n");
      return sb.toString();
    }

    private void overTime(StringBuilder sb, Instant first, Instant last, List<Group> byAction) {
      Duration d = bucket(Duration.between(first, last));
      List<String> series = new ArrayList<>();
      for (Group g : byAction) {
        if (series.size() < MAX_SERIES) {
          series.add(label(g));
        }
      }
      boolean other = byAction.size() > MAX_SERIES;
      if (other) {
        series.add("other");
      }
      List<Group> groups = searcher.aggregate(q.groupBy(Flow.EVENT_TIME.bucket(d), Flow.ACTION).sum(Flow.BYTES));
      TreeMap<Instant, Integer> at = new TreeMap<>();
      long step = d.toNanos();
      long lo = floor(first, step);
      long hi = floor(last, step);
      List<String> labels = new ArrayList<>();
      DateTimeFormatter fmt = DateTimeFormatter.ofPattern(d.compareTo(Duration.ofDays(1)) >= 0 ? "yyyy-MM-dd"
          : Duration.between(first, last).compareTo(Duration.ofDays(1)) > 0 ? "MM-dd HH:mm"
          : d.compareTo(Duration.ofMinutes(1)) >= 0 ? "HH:mm" : "HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
      for (long t = lo, i = 0; t <= hi && i <= MAX_BUCKETS; t += step, i++) {
        Instant b = StatsCommand.nanos(t);
        at.put(b, labels.size());
        labels.add(fmt.format(b));
      }
      Map<String, long[]> byteSeries = new LinkedHashMap<>();
      Map<String, long[]> flowSeries = new LinkedHashMap<>();
      for (String s : series) {
        byteSeries.put(s, new long[labels.size()]);
        flowSeries.put(s, new long[labels.size()]);
      }
      for (Group g : groups) {
        Instant b = (Instant) g.keys().get(0);
        Integer i = b == null ? null : at.get(b);
        if (i == null) {
          continue; // an event without eventTime
        }
        Object a = g.keys().get(1);
        String s = a == null ? "-" : a.toString();
        if (!byteSeries.containsKey(s)) {
          s = "other";
        }
        byteSeries.get(s)[i] += g.sum(Flow.BYTES);
        flowSeries.get(s)[i] += g.count();
      }
      String per = " per " + Durations.text(d) + " (UTC), by action";
      section(sb, "Traffic over time", Svg.columns("Bytes" + per, labels, byteSeries, Cli::bytes, true)
          + Svg.columns("Flows" + per, labels, flowSeries, Cli::number, false),
          seriesTable("time (UTC)", labels, byteSeries, flowSeries));
    }

    private void topTalkers(StringBuilder sb) {
      List<Group> g = searcher.aggregate(q.groupBy(Flow.SRC_ADDR).sum(Flow.BYTES).orderBy(Metric.sum(Flow.BYTES), true)
          .limit(TOP));
      List<Map.Entry<String, Long>> rows = new ArrayList<>();
      for (Group x : g) {
        rows.add(new AbstractMap.SimpleEntry<>(label(x), x.sum(Flow.BYTES)));
      }
      section(sb, "Top talkers", Svg.bars("Source addresses by bytes sent (top " + TOP + ")", rows, "bytes", Cli::bytes),
          groupTable("srcAddr", g, true));
    }

    private void rejectedPorts(StringBuilder sb) {
      List<Group> g = searcher.aggregate(q.and(Flow.ACTION.in("REJECT")).groupBy(Flow.DST_PORT)
          .sum(Flow.BYTES).orderBy(Metric.count(), true).limit(TOP));
      List<Map.Entry<String, Long>> rows = new ArrayList<>();
      for (Group x : g) {
        rows.add(new AbstractMap.SimpleEntry<>(label(x), x.count()));
      }
      section(sb, "Top rejected destination ports",
          Svg.bars("Rejected flows by destination port (top " + TOP + ")", rows, "REJECT", Cli::number),
          groupTable("dstPort", g, false));
    }

    private void subnets(StringBuilder sb) {
      List<Group> top = searcher.aggregate(q.groupBy(Flow.SUBNET_ID).sum(Flow.BYTES)
          .orderBy(Metric.sum(Flow.BYTES), true).limit(TOP));
      List<String> labels = new ArrayList<>();
      for (Group g : top) {
        labels.add(label(g));
      }
      Map<String, long[]> series = new LinkedHashMap<>();
      List<Group> split = searcher.aggregate(q.groupBy(Flow.SUBNET_ID, Flow.DIRECTION).sum(Flow.BYTES));
      for (Group g : split) {
        int i = labels.indexOf(g.keys().get(0) == null ? "-" : g.keys().get(0).toString());
        if (i >= 0) {
          String dir = g.keys().get(1) == null ? "-" : g.keys().get(1).toString();
          series.computeIfAbsent(dir, k -> new long[labels.size()])[i] += g.sum(Flow.BYTES);
        }
      }
      Map<String, long[]> ordered = new LinkedHashMap<>();
      for (String d : List.of("INGRESS", "EGRESS")) {
        if (series.containsKey(d)) {
          ordered.put(d, series.remove(d));
        }
      }
      ordered.putAll(series);
      section(sb, "Traffic per subnet and direction",
          Svg.stackedBars("Bytes per subnet (top " + TOP + " by bytes), by direction", labels, ordered, Cli::bytes),
          seriesTable("subnetId", labels, ordered, null));
    }

    private void quarantine(StringBuilder sb) {
      Map<String, Long> reasons = new TreeMap<>();
      Map<String, Long> sources = new TreeMap<>();
      List<String[]> firstRows = new ArrayList<>();
      store.scanQuarantine(e -> {
        reasons.merge(StatsCommand.reasonKind(e.reason()), 1L, Long::sum);
        sources.merge(e.source() == null ? "-" : e.source(), 1L, Long::sum);
        if (firstRows.size() < TOP) {
          firstRows.add(new String[] {e.source(), e.error().line() + ":" + e.error().column(),
            Cli.number(e.error().byteOffset()), e.reason(), Svg.shorten(e.rawText(), 120)});
        }
      });
      StringBuilder body = new StringBuilder();
      if (reasons.isEmpty()) {
        body.append("<p>Nothing was quarantined: every event read was stored.</p>\n");
        section(sb, "Quarantine", body.toString(), "");
        return;
      }
      List<Map.Entry<String, Long>> rows = new ArrayList<>(reasons.entrySet());
      rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      body.append(Svg.bars("Quarantined events by reason", rows.subList(0, Math.min(TOP, rows.size())), "other",
          Cli::number));
      StringBuilder tables = new StringBuilder();
      tables.append(table(new String[] {"source", "quarantined"}, topEntries(sources), new boolean[] {false, true}));
      tables.append(table(new String[] {"source", "line:column", "byte offset", "reason", "raw text"}, firstRows,
          new boolean[] {false, false, true, false, false}));
      section(sb, "Quarantine (" + Cli.number(store.quarantinedCount()) + " events)", body.toString(), tables.toString());
    }

    private void audit(StringBuilder sb) {
      if (store.auditCount() == 0) {
        return;
      }
      List<Group> g = AuditSearcher.of(store).aggregate(AuditQuery.all().groupBy(Audit.EVENT_TYPE).top(TOP));
      List<Map.Entry<String, Long>> rows = new ArrayList<>();
      for (Group x : g) {
        rows.add(new AbstractMap.SimpleEntry<>(label(x), x.count()));
      }
      section(sb, "Audit events (" + Cli.number(store.auditCount()) + ", not filtered)",
          Svg.bars("Audit events by eventType (top " + TOP + ")", rows, "events", Cli::number),
          groupTable("eventType", g, false));
    }

    private static List<String[]> topEntries(Map<String, Long> counts) {
      List<Map.Entry<String, Long>> e = new ArrayList<>(counts.entrySet());
      e.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      List<String[]> rows = new ArrayList<>();
      for (Map.Entry<String, Long> x : e.subList(0, Math.min(TOP, e.size()))) {
        rows.add(new String[] {x.getKey(), Cli.number(x.getValue())});
      }
      return rows;
    }

    private static String groupTable(String key, List<Group> groups, boolean withBytes) {
      List<String[]> rows = new ArrayList<>();
      for (Group g : groups) {
        rows.add(withBytes ? new String[] {label(g), Cli.number(g.count()), Cli.bytes(g.sum(Flow.BYTES))}
            : new String[] {label(g), Cli.number(g.count())});
      }
      return table(withBytes ? new String[] {key, "flows", "bytes"} : new String[] {key, "events"}, rows,
          withBytes ? new boolean[] {false, true, true} : new boolean[] {false, true});
    }

    private static String seriesTable(String key, List<String> labels, Map<String, long[]> a, Map<String, long[]> b) {
      List<String> header = new ArrayList<>(List.of(key));
      for (String s : a.keySet()) {
        header.add(s + (b == null ? "" : " bytes"));
      }
      if (b != null) {
        for (String s : b.keySet()) {
          header.add(s + " flows");
        }
      }
      boolean[] numeric = new boolean[header.size()];
      java.util.Arrays.fill(numeric, 1, numeric.length, true);
      List<String[]> rows = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        List<String> r = new ArrayList<>(List.of(labels.get(i)));
        for (long[] v : a.values()) {
          r.add(Cli.bytes(v[i]));
        }
        if (b != null) {
          for (long[] v : b.values()) {
            r.add(Cli.number(v[i]));
          }
        }
        rows.add(r.toArray(new String[0]));
      }
      return table(header.toArray(new String[0]), rows, numeric);
    }

    private static String table(String[] header, List<String[]> rows, boolean[] numeric) {
      StringBuilder sb = new StringBuilder("<table>\n<tr>");
      for (int i = 0; i < header.length; i++) {
        sb.append(numeric[i] ? "<th class=\"n\">" : "<th>").append(Html.escape(header[i].equals("-") ? "(none)" : header[i]))
            .append("</th>");
      }
      sb.append("</tr>\n");
      for (String[] r : rows) {
        sb.append("<tr>");
        for (int i = 0; i < r.length; i++) {
          sb.append(numeric[i] ? "<td class=\"n\">" : "<td>").append(Html.escape(r[i])).append("</td>");
        }
        sb.append("</tr>\n");
      }
      return sb.append("</table>\n").toString();
    }

    private static void section(StringBuilder sb, String heading, String charts, String tables) {
      sb.append("<section>\n<h2>").append(Html.escape(heading)).append("</h2>\n").append(charts);
      if (!tables.isEmpty()) {
        sb.append("<details><summary>the numbers</summary>\n").append(tables).append("</details>\n");
      }
      sb.append("</section>\n");
    }

    private static void card(StringBuilder sb, String what, String value) {
      sb.append("<div class=\"card\"><div class=\"v\">").append(Html.escape(value)).append("</div><div class=\"k\">")
          .append(Html.escape(what)).append("</div></div>\n");
    }

    private void head(StringBuilder sb) {
      sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
          .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    private static String label(Group g) {
      Object k = g.keys().get(0);
      return k == null ? "-" : g.key();
    }
  }

  private static long floor(Instant t, long step) {
    long n = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    return Math.floorDiv(n, step) * step;
  }

  /** Short forms for the report's text. */
  static final class Texts {
    private Texts() {}

    static String time(Instant t) {
      return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
    }
  }

  /** {@code 5 minutes}, {@code 1 hour}, {@code 30 seconds}. */
  static final class Durations {
    private Durations() {}

    static String text(Duration d) {
      long s = d.getSeconds();
      String[] names = {"day", "hour", "minute", "second"};
      long[] sizes = {86_400, 3_600, 60, 1};
      for (int i = 0; i < sizes.length; i++) {
        if (s % sizes[i] == 0) {
          long n = s / sizes[i];
          return n == 1 ? names[i] : n + " " + names[i] + "s";
        }
      }
      return s + " seconds";
    }
  }

  private static final String CSS = ""
      + "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1000px;"
      + "padding:16px 20px 40px;color:#1f2933;background:#fff}\n"
      + "h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #e4e7eb;"
      + "padding-bottom:4px}\n"
      + ".meta{color:#616e7c;margin:0 0 12px}code{background:#f5f7fa;padding:1px 4px;border-radius:3px}\n"
      + ".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #e4e7eb;border-radius:6px;padding:8px 12px;"
      + "min-width:120px}\n"
      + ".card .v{font-size:18px;font-weight:600}.card .k{color:#616e7c;font-size:12px}\n"
      + "svg{display:block;max-width:100%;height:auto;margin:8px 0}svg .title{font-weight:600;font-size:14px;fill:#1f2933}\n"
      + "svg .tick,svg .legend,svg .label,svg .value{font-size:12px;fill:#3e4c59}svg .none{fill:#9aa5b1}\n"
      + "svg .grid{stroke:#e4e7eb;stroke-width:1}svg rect:hover{opacity:.75}\n"
      + "table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #e4e7eb;"
      + "text-align:left;vertical-align:top}\n"
      + "th.n,td.n{text-align:right;font-variant-numeric:tabular-nums}td{word-break:break-all}\n"
      + "details summary{cursor:pointer;color:#3b73d6}footer{margin-top:32px;color:#9aa5b1;font-size:12px}\n";
}
