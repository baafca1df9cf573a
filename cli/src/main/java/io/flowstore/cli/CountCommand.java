package io.flowstore.cli;

import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;

import io.flowstore.FlowStore;

import java.util.Set;

/** {@code flowstore count}: the number of stored flow events, alone on a line. */
final class CountCommand implements Command {
  @Override
  public String name() {
    return "count";
  }

  @Override
  public String summary() {
    return "print the number of flow events that match a filter";
  }

  @Override
  public String help() {
    return "Usage: flowstore count [--store DIR] [--stream flows|audit] [--from T] [--to T]\n"
        + "                       [--flow-log ID | --log-topic TOPIC] [FILTER]\n\n"
        + "Prints the number of flow events that match, alone on a line (no separators), for scripts.\n"
        + "Without a filter: every stored flow event.\n" + Filters.HELP + Filters.SCOPE_HELP + AuditCommands.STREAM_HELP + "\n"
        + "Examples:\n"
        + "  flowstore count --store /var/lib/flowstore\n"
        + "  flowstore count 'subnetId = e9b5lhcq4d3i9t7uo3vm and action = REJECT and direction = INGRESS'\n"
        + "  flowstore count --flow-log f49f00f1-0f15-470a-a8c5-4e879e461c8d 'dstPort = 22'\n"
        + "  flowstore count --stream audit 'eventType = yandex.cloud.audit.iam.CreateServiceAccount'\n"
        + "  flowstore count --from 2025-11-21T00:00:00Z --to 2025-11-22T00:00:00Z proto tcp and dst port 22\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "from", "to", "stream", "flow-log", "log-topic");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) {
    if (AuditCommands.audit(args)) {
      return AuditCommands.count(args, cli);
    }
    Query filter = Filters.query(args);
    try (FlowStore store = cli.openForReading(args)) {
      Query q = Filters.scope(args, store, filter);
      cli.out.println(q.equals(Query.flows()) ? store.count() : FlowSearcher.of(store).count(q));
    }
    return Main.OK;
  }
}
