package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.query.FlowSearcher;

import java.util.Set;

/** {@code flowstore explain}: how a filter is answered. */
final class ExplainCommand implements Command {
  @Override
  public String name() {
    return "explain";
  }

  @Override
  public String summary() {
    return "show how a filter is answered: segments pruned, indexes used, rows estimated and read";
  }

  @Override
  public String help() {
    return "Usage: flowstore explain [--store DIR] [--stream flows|audit] [--from T] [--to T]\n"
        + "                         [--flow-log ID | --log-topic TOPIC] [FILTER]\n\n"
        + "Runs the filter's count and prints the plan: the canonical condition, the segments pruned by\n"
        + "their metadata and kept, per kept segment the indexes used in order with the rows each\n"
        + "selected, the estimated rows, the records read to test the rest, and the actual rows.\n"
        + Filters.HELP + Filters.SCOPE_HELP + AuditCommands.STREAM_HELP + "\n"
        + "Examples:\n"
        + "  flowstore explain --stream audit 'subjectName = xseiko and details.bucket_id = audit-logs'\n"
        + "  flowstore explain 'subnetId = e9b5lhcq4d3i9t7uo3vm and action = REJECT and direction = INGRESS'\n"
        + "  flowstore explain --from 2025-11-21T10:00:00Z tcpFlags = 2\n";
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
      return AuditCommands.explain(args, cli);
    }
    var q = Filters.query(args);
    try (FlowStore store = cli.openForReading(args)) {
      cli.out.print(FlowSearcher.of(store).explain(Filters.scope(args, store, q)));
    }
    return Main.OK;
  }
}
