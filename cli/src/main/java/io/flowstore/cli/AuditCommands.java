package io.flowstore.cli;

import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.query.Audit;
import io.flowstore.query.AuditAggregation;
import io.flowstore.query.AuditField;
import io.flowstore.query.AuditQuery;
import io.flowstore.query.AuditSearcher;
import io.flowstore.query.Group;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** {@code --stream audit} of count, query, top and explain: the same faces over the audit stream. */
final class AuditCommands {
  private AuditCommands() {}

  static final String STREAM_HELP = "--stream flows|audit chooses the stream (default flows); audit filters use the audit\n"
      + "fields (eventType, eventSource, status, actType, subjectId, subjectType, subjectName, resourceId,\n"
      + "srcProdTypeName, srcRegion, remoteAddress, eventTime...) in camelCase or snake_case, either family's\n"
      + "names (eventName, accountId, srcIp...) and dotted paths: 'authentication.subjectName = xseiko'.\n";

  /** Whether the command line asks for the audit stream. */
  static boolean audit(Args args) {
    boolean audit = args.choice("stream", "flows", "flows", "audit").equals("audit");
    if (audit && (args.get("flow-log") != null || args.get("log-topic") != null)) {
      throw new UsageException("flow logs capture flow events: --flow-log and --log-topic take no --stream audit");
    }
    return audit;
  }

  /** The audit query of the FILTER words and {@code --from/--to}. */
  static AuditQuery query(Args args) {
    AuditQuery q = AuditQuery.parse(String.join(" ", args.positional()));
    if (q.descending() != null || q.limit() >= 0) {
      throw new UsageException("use --order-by and --limit, not clauses in FILTER");
    }
    Instant from = Filters.time(args, "from");
    Instant to = Filters.time(args, "to");
    if (from != null || to != null) {
      if (q.from() != null) {
        throw new UsageException("give the time range either as --from/--to or as a 'time' clause, not both");
      }
      if (from == null || to == null) {
        throw new UsageException("an audit time range needs both --from and --to");
      }
      q = q.between(from, to);
    }
    return q;
  }

  static int count(Args args, Cli cli) {
    AuditQuery q = query(args);
    try (FlowStore store = cli.openForReading(args)) {
      cli.out.println(q.equals(AuditQuery.all()) ? store.auditCount() : AuditSearcher.of(store).count(q));
    }
    return Main.OK;
  }

  static int explain(Args args, Cli cli) {
    AuditQuery q = query(args);
    try (FlowStore store = cli.openForReading(args)) {
      cli.out.print(AuditSearcher.of(store).explain(q));
    }
    return Main.OK;
  }

  static int query(Args args, Cli cli, String format, String orderBy, long limit) throws IOException {
    AuditQuery q = query(args);
    if (orderBy != null) {
      int colon = orderBy.indexOf(':');
      String name = colon < 0 ? orderBy : orderBy.substring(0, colon);
      String dir = colon < 0 ? "asc" : orderBy.substring(colon + 1);
      if (Audit.byName(name) != Audit.EVENT_TIME || !(dir.equals("asc") || dir.equals("desc"))) {
        throw new UsageException("option --order-by: audit events are ordered by eventTime[:asc|desc]: value=" + orderBy);
      }
      q = q.orderByTime(dir.equals("desc"));
    }
    if (limit >= 0) {
      q = q.limit((int) Math.min(limit, Integer.MAX_VALUE));
    }
    try (FlowStore store = cli.openForReading(args)) {
      List<AuditEvent> events = AuditSearcher.of(store).fetch(q);
      OutputStream out = new BufferedOutputStream(cli.out, 1 << 16);
      if (format.equals("table")) {
        Table t = new Table(COLUMNS, new boolean[COLUMNS.length]);
        for (AuditEvent e : events) {
          t.add(row(e));
        }
        t.print(cli.out);
      } else {
        Writer w = new Writer(format, out);
        for (AuditEvent e : events) {
          w.write(e);
        }
        w.end();
      }
      out.flush();
    }
    return Main.OK;
  }

  /** Writes audit events one by one as ndjson, json (one array) or csv. Not thread-safe. */
  static final class Writer {
    private final String format;
    private final OutputStream out;
    private long written;

    Writer(String format, OutputStream out) throws IOException {
      this.format = format;
      this.out = out;
      if (format.equals("json")) {
        out.write('[');
      } else if (format.equals("csv")) {
        out.write((String.join(",", COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }

    void write(AuditEvent e) throws IOException {
      switch (format) {
        case "ndjson":
          out.write(e.json().getBytes(StandardCharsets.UTF_8));
          out.write('\n');
          break;
        case "json":
          out.write((written > 0 ? ",\n" : "").getBytes(StandardCharsets.UTF_8));
          out.write(e.json().getBytes(StandardCharsets.UTF_8));
          break;
        default:
          String[] row = row(e);
          for (int i = 0; i < row.length; i++) {
            row[i] = QueryCommand.csvCell(row[i]);
          }
          out.write((String.join(",", row) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      written++;
    }

    /** Closes the json array; returns the number of events written. */
    long end() throws IOException {
      if (format.equals("json")) {
        out.write("]\n".getBytes(StandardCharsets.UTF_8));
      }
      return written;
    }
  }

  private static final String[] COLUMNS = {"eventTime", "eventType", "status", "subjectName", "subjectId",
    "remoteAddress", "resourceIds"};

  private static String[] row(AuditEvent e) {
    return new String[] {e.eventTime() == null ? "" : e.eventTime().toString(), nz(e.eventType()), nz(e.status()),
      nz(e.subjectName()), nz(e.subjectId()), nz(e.remoteAddress()), String.join(" ", e.resourceIds())};
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  static int top(Args args, Cli cli, String by, String format, long limit) {
    String metric = args.get("metric");
    if (metric != null && !metric.equals("flows") && !metric.equals("events")) {
      throw new UsageException("option --metric: audit groups are counted (events): value=" + metric);
    }
    AuditField key;
    try {
      key = Audit.byName(by);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --by: " + e.getMessage());
    }
    AuditAggregation a = query(args).groupBy(key).top((int) Math.min(limit, Integer.MAX_VALUE));
    try (FlowStore store = cli.openForReading(args)) {
      List<Group> groups = AuditSearcher.of(store).aggregate(a);
      if (format.equals("json")) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < groups.size(); i++) {
          Group g = groups.get(i);
          TopCommand.jsonKey(sb.append(i > 0 ? ",\n " : ""), g).append(", \"events\": ").append(g.count()).append('}');
        }
        cli.out.println(sb.append(']'));
      } else {
        Table t = new Table(new String[] {by, "events"}, new boolean[] {false, true});
        for (Group g : groups) {
          t.add(g.keys().get(0) == null ? "-" : g.key(), Cli.number(g.count()));
        }
        t.print(cli.out);
      }
    }
    return Main.OK;
  }
}
