package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.VerifyReport;

import java.util.Set;

/** {@code flowstore verify}: every index bit against the records. */
final class VerifyCommand implements Command {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "check every index against the stored records";
  }

  @Override
  public String help() {
    return "Usage: flowstore verify [--store DIR]\n\n"
        + "Rebuilds each segment's indexes in memory from the stored records and compares every bitmap,\n"
        + "range index, IPv6 column and count with the index files. Prints a summary and each problem.\n"
        + "Reads the whole store; changes nothing; works beside a running ingest.\n\n"
        + "Exit: 0 when every index agrees with the records, 1 otherwise (or when the store cannot be read).\n\n"
        + "Examples:\n"
        + "  flowstore verify --store /var/lib/flowstore\n";
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
      long t0 = System.nanoTime();
      VerifyReport r = store.verify();
      double seconds = (System.nanoTime() - t0) / 1e9;
      for (String p : r.problems()) {
        cli.out.println("problem: " + p);
      }
      cli.out.printf("verified %s segments, %s rows, %s events in %.1f s: %s%n", Cli.number(r.segments()),
          Cli.number(r.rows()), Cli.number(r.events()), seconds,
          r.consistent() ? "consistent" : r.problems().size() + " problems");
      return r.consistent() ? Main.OK : Main.FAILED;
    }
  }
}
