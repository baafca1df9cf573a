package io.flowstore.cli;

import io.flowstore.ErrorPolicy;
import io.flowstore.FlowStore;
import io.flowstore.IngestError;
import io.flowstore.IngestException;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code flowstore ingest}: stores events from files or stdin. */
final class IngestCommand implements Command {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "store events from files (JSON array, NDJSON, gzip) or stdin";
  }

  @Override
  public String help() {
    return "Usage: flowstore ingest [--store DIR] [--on-error skip|fail] [--json] FILE...\n\n"
        + "Stores the flow events of each FILE ('-' reads stdin). A file may be a JSON array (a bucket\n"
        + "delivery), NDJSON or concatenated objects, gzipped or not; keys in camelCase or snake_case.\n"
        + "Events that cannot be stored go to the quarantine stream with their raw text and a reason\n"
        + "(--on-error skip, the default); --on-error fail stops at the first one instead.\n\n"
        + "Options:\n"
        + "  --store DIR        the store (default $FLOWSTORE_HOME, else ./flowstore-data)\n"
        + "  --on-error MODE    skip (default) or fail\n"
        + "  --json             print one line: {\"accepted\":N,\"flows\":F,\"audit\":A,\"quarantined\":M,\"errors\":[...]}\n\n"
        + "Exit: 0 when the call completed (also with quarantined events), 1 when --on-error fail\n"
        + "stopped it or the store failed, 2 for usage errors.\n\n"
        + "Examples:\n"
        + "  flowstore ingest trail/2025/11/21/041238068.json\n"
        + "  zcat flows.ndjson.gz | flowstore ingest --json -\n"
        + "  flowstore ingest --on-error fail --store /var/lib/flowstore delivery.json.gz\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "on-error");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("json");
  }

  @Override
  public int run(Args args, Cli cli) {
    if (args.positional().isEmpty()) {
      throw new UsageException("no input: give one or more files, or - for stdin");
    }
    ErrorPolicy policy = args.choice("on-error", "skip", "skip", "fail").equals("fail") ? ErrorPolicy.FAIL
        : ErrorPolicy.SKIP;
    IngestOptions options = IngestOptions.DEFAULT.withOnError(policy);
    boolean json = args.has("json");
    long accepted = 0;
    long audit = 0;
    long quarantined = 0;
    long bytes = 0;
    List<IngestError> errors = new ArrayList<>();
    try (FlowStore store = cli.openForWriting(args)) {
      for (String input : args.positional()) {
        IngestResult r;
        try {
          r = input.equals("-") ? store.ingest(cli.in, "stdin", options) : store.ingest(cli.path(input), options);
        } catch (IngestException e) {
          accepted += e.accepted();
          errors.add(e.error());
          if (json) {
            cli.out.println(new IngestResult(accepted, quarantined, errors, bytes, audit).toJson());
          } else {
            cli.out.println("stored " + Cli.number(accepted) + " events before the error");
          }
          throw e;
        }
        accepted += r.accepted();
        audit += r.audit();
        quarantined += r.quarantined();
        bytes += r.bytesRead();
        for (IngestError e : r.errors()) {
          if (errors.size() < options.maxReportedErrors()) {
            errors.add(e);
          }
        }
        if (!json) {
          cli.out.println(input + ": stored " + Cli.number(r.accepted()) + " events" + split(r.flows(), r.audit())
              + ", quarantined " + Cli.number(r.quarantined()));
          for (IngestError e : r.errors()) {
            cli.out.println("  " + e);
          }
        }
      }
      if (json) {
        cli.out.println(new IngestResult(accepted, quarantined, errors, bytes, audit).toJson());
      } else if (args.positional().size() > 1) {
        cli.out.println("total: stored " + Cli.number(accepted) + " events" + split(accepted - audit, audit)
            + ", quarantined " + Cli.number(quarantined));
      }
    }
    return Main.OK;
  }

  /** " (F flow, A audit)" when audit events were stored, else nothing. */
  private static String split(long flows, long audit) {
    return audit == 0 ? "" : " (" + Cli.number(flows) + " flow, " + Cli.number(audit) + " audit)";
  }
}
