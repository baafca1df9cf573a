package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.query.Aggregation;
import io.flowstore.query.Cidr;
import io.flowstore.query.Field;
import io.flowstore.query.Flow;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
import io.flowstore.query.GroupKey;
import io.flowstore.query.Metric;
import io.flowstore.query.Query;
import io.flowstore.query.QuerySyntaxException;

import java.util.List;
import java.util.Set;

/** {@code flowstore top}: the top values of a field by flows, bytes or packets. */
final class TopCommand implements Command {
  @Override
  public String name() {
    return "top";
  }

  @Override
  public String summary() {
    return "top values of a field (or address prefix) by flows, bytes or packets";
  }

  @Override
  public String help() {
    return "Usage: flowstore top [--store DIR] --by FIELD[/PREFIXLEN] [--metric flows|bytes|packets] [--limit N]\n"
        + "                     [--format json|table] [--stream flows|audit] [--from T] [--to T]\n"
        + "                     [--flow-log ID | --log-topic TOPIC] [FILTER]\n\n"
        + "Groups the matching flow events by a field (an address field by its first PREFIXLEN bits, a\n"
        + "time field by a bucket such as eventTime/5m) and prints the groups with the most flows, bytes\n"
        + "or packets (default: bytes, 10 groups), ties by key. --format json prints one array of\n"
        + "{\"key\": \"...\", \"flows\": N, \"bytes\": N, \"packets\": N}; events without the field\n"
        + "form a group whose key is null. With --stream audit the groups are audit events counted by an\n"
        + "audit field ({\"key\": \"...\", \"events\": N}; a resource id counts an event under each resource).\n"
        + Filters.HELP + Filters.SCOPE_HELP + AuditCommands.STREAM_HELP + "\n"
        + "Examples:\n"
        + "  flowstore top --by dstAddr direction = EGRESS\n"
        + "  flowstore top --stream audit --by subjectName 'status = ERROR'\n"
        + "  flowstore top --by srcAddr/24 --metric flows --limit 20\n"
        + "  flowstore top --by dstPort --metric flows --format json action = REJECT\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "from", "to", "by", "metric", "limit", "format", "stream", "flow-log", "log-topic");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) {
    String by = args.get("by");
    if (by == null) {
      throw new UsageException("option --by is required: a field such as dstAddr, srcAddr/24 or dstPort");
    }
    String format = args.choice("format", "table", "json", "table");
    long limit = args.getLong("limit", 10);
    if (limit < 0) {
      throw new UsageException("option --limit must not be negative: value=" + limit);
    }
    if (AuditCommands.audit(args)) {
      return AuditCommands.top(args, cli, by, format, limit);
    }
    String metric = args.choice("metric", "bytes", "flows", "bytes", "packets");
    GroupKey key = key(by);
    Metric m = metric.equals("flows") ? Metric.count() : Metric.sum(metric.equals("bytes") ? Flow.BYTES : Flow.PACKETS);
    Query filter = Filters.query(args);
    try (FlowStore store = cli.openForReading(args)) {
      Aggregation a = Filters.scope(args, store, filter).groupBy(key).sum(Flow.BYTES).sum(Flow.PACKETS).orderBy(m, true)
          .limit((int) Math.min(limit, Integer.MAX_VALUE));
      List<Group> groups = FlowSearcher.of(store).aggregate(a);
      if (format.equals("json")) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < groups.size(); i++) {
          Group g = groups.get(i);
          jsonKey(sb.append(i > 0 ? ",\n " : ""), g);
          sb.append(", \"flows\": ").append(g.count()).append(", \"bytes\": ").append(g.sum(Flow.BYTES))
              .append(", \"packets\": ").append(g.sum(Flow.PACKETS)).append('}');
        }
        cli.out.println(sb.append(']'));
      } else {
        Table t = new Table(new String[] {by, "flows", "bytes", "packets"}, new boolean[] {false, true, true, true});
        for (Group g : groups) {
          t.add(g.keys().get(0) == null ? "-" : g.key(), Cli.number(g.count()), Cli.bytes(g.sum(Flow.BYTES)),
              Cli.number(g.sum(Flow.PACKETS)));
        }
        t.print(cli.out);
      }
    }
    return Main.OK;
  }

  static GroupKey key(String by) {
    try {
      Aggregation a = Aggregation.parse("group by " + by + " compute count");
      if (a.keys().size() != 1) {
        throw new UsageException("option --by takes one field: value=" + by);
      }
      return a.keys().get(0);
    } catch (QuerySyntaxException e) {
      throw new UsageException("option --by: " + e.getMessage().replaceAll(" at column \\d+$", ""));
    }
  }

  /** Opens a group's JSON object with its key (a JSON string, or null); the caller adds the counts and the brace. */
  static StringBuilder jsonKey(StringBuilder sb, Group g) {
    sb.append("{\"key\": ");
    if (g.keys().get(0) == null) {
      return sb.append("null");
    }
    return sb.append(new io.flowstore.internal.json.JsonOut(64).string(g.key()));
  }
}
