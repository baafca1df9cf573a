package io.flowstore.cli;

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
    return "print the number of stored flow events";
  }

  @Override
  public String help() {
    return "Usage: flowstore count [--store DIR]\n\n"
        + "Prints the number of stored flow events, alone on a line (no separators), for scripts.\n\n"
        + "Example:\n"
        + "  flowstore count --store /var/lib/flowstore\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) {
    if (!args.positional().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positional().get(0));
    }
    try (FlowStore store = cli.openForReading(args)) {
      cli.out.println(store.count());
    }
    return Main.OK;
  }
}
