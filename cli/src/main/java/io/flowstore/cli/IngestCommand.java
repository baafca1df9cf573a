package io.flowstore.cli;

import io.flowstore.ErrorPolicy;
import io.flowstore.FlowStore;
import io.flowstore.IngestError;
import io.flowstore.IngestException;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    return "Usage: flowstore ingest [--store DIR] [--on-error skip|fail] [--threads N] [--json]\n"
        + "                        [--progress|--quiet] FILE|DIR...\n\n"
        + "Stores the events of each FILE ('-' reads stdin) and of every *.json, *.json.gz, *.ndjson,\n"
        + "*.ndjson.gz, *.jsonl and *.jsonl.gz file under each DIR, recursively in path order, as\n"
        + "Yandex Audit Trails buckets are laid out (trail/<id>/<yyyy>/<mm>/<dd>/*.json). A file may\n"
        + "be a JSON array (a bucket delivery), NDJSON or concatenated objects, gzipped or not; keys\n"
        + "in camelCase or snake_case.\n"
        + "Events that cannot be stored go to the quarantine stream with their raw text and a reason\n"
        + "(--on-error skip, the default); --on-error fail stops at the first one instead.\n\n"
        + "Options:\n"
        + "  --store DIR        the store (default $FLOWSTORE_HOME, else ./flowstore-data)\n"
        + "  --on-error MODE    skip (default) or fail\n"
        + "  --threads N        parse a large NDJSON file on N threads (default: the cores but one,\n"
        + "                     which the writer needs; 1 on a 2-core machine)\n"
        + "  --progress         show the progress line even when stderr is not a terminal\n"
        + "  --quiet            no progress line (it shows on a terminal: files, events, events/s,\n"
        + "                     quarantined, share read and ETA)\n"
        + "  --json             print one line:\n"
        + "                     {\"accepted\":N,\"flows\":F,\"audit\":A,\"quarantined\":M,\"errors\":[...]}\n\n"
        + "Exit: 0 when the call completed (also with quarantined events), 1 when --on-error fail\n"
        + "stopped it or the store failed, 2 for usage errors.\n\n"
        + "Examples:\n"
        + "  flowstore ingest trail/2025/11/21/041238068.json\n"
        + "  flowstore ingest ~/yandex-bucket/trail/\n"
        + "  zcat flows.ndjson.gz | flowstore ingest --json -\n"
        + "  flowstore ingest --on-error fail --store /var/lib/flowstore delivery.json.gz\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "on-error", "threads");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("json", "progress", "quiet");
  }

  @Override
  public int run(Args args, Cli cli) throws IOException {
    if (args.positional().isEmpty()) {
      throw new UsageException("no input: give one or more files or directories, or - for stdin");
    }
    ErrorPolicy policy = args.choice("on-error", "skip", "skip", "fail").equals("fail") ? ErrorPolicy.FAIL
        : ErrorPolicy.SKIP;
    // the stream's writer thread is the serial stage: parsing threads beyond the cores it leaves
    // free only take CPU from it (measured: 2 parsing threads on 2 cores ingest 0.84-0.92x of 1)
    long threads = args.getLong("threads", Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    if (threads < 1 || threads > 256) {
      throw new UsageException("option --threads must be in 1..256: value=" + threads);
    }
    if (args.has("progress") && args.has("quiet")) {
      throw new UsageException("give --progress or --quiet, not both");
    }
    List<String> inputs = inputs(args.positional(), cli);
    boolean json = args.has("json");
    boolean showProgress = args.has("progress") || (cli.terminal && !args.has("quiet"));
    boolean perFile = inputs.size() <= 20;
    long totalBytes = 0;
    for (String input : inputs) {
      totalBytes = input.equals("-") || totalBytes < 0 ? -1 : totalBytes + Files.size(cli.path(input));
    }
    long accepted = 0;
    long audit = 0;
    long quarantined = 0;
    long bytes = 0;
    List<IngestError> errors = new ArrayList<>();
    try (FlowStore store = cli.openForWriting(args);
        Progress progress = showProgress ? new Progress(cli.err, store, inputs.size(), totalBytes) : null) {
      IngestOptions options = IngestOptions.DEFAULT.withOnError(policy).withThreads((int) threads)
          .withProgress(progress == null ? null : progress.counter());
      for (String input : inputs) {
        IngestResult r;
        try {
          r = input.equals("-") ? store.ingest(cli.in, "stdin", options) : store.ingest(cli.path(input), options);
        } catch (IngestException e) {
          if (progress != null) {
            progress.close();
          }
          accepted += e.accepted();
          errors.add(e.error());
          if (json) {
            cli.out.println(new IngestResult(accepted, quarantined, errors, bytes, audit).toJson());
          } else {
            cli.out.println("stored " + Cli.number(accepted) + " events before the error");
          }
          throw e;
        }
        if (progress != null) {
          progress.fileDone();
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
        if (!json && (perFile || r.quarantined() > 0)) {
          cli.out.println((input.equals("-") ? "stdin" : input) + ": stored " + Cli.number(r.accepted()) + " events" + split(r.flows(), r.audit())
              + ", quarantined " + Cli.number(r.quarantined()));
          for (IngestError e : r.errors()) {
            cli.out.println("  " + e);
          }
        }
      }
      if (progress != null) {
        progress.close();
      }
      if (json) {
        cli.out.println(new IngestResult(accepted, quarantined, errors, bytes, audit).toJson());
      } else if (inputs.size() > 1) {
        cli.out.println("total: " + Cli.number(inputs.size()) + " files, stored " + Cli.number(accepted) + " events"
            + split(accepted - audit, audit) + ", quarantined " + Cli.number(quarantined));
      }
    }
    return Main.OK;
  }

  /**
   * The inputs of the command line: {@code -}, files as given, and directories replaced by the
   * files under them (recursively, in path order) named {@code *.json}, {@code *.json.gz},
   * {@code *.ndjson}, {@code *.ndjson.gz} or {@code *.jsonl}, hidden ones left out.
   */
  static List<String> inputs(List<String> words, Cli cli) throws IOException {
    List<String> inputs = new ArrayList<>();
    for (String w : words) {
      Path p = cli.path(w);
      if (w.equals("-") || !Files.isDirectory(p)) {
        if (!w.equals("-") && !Files.exists(p)) {
          throw new IllegalArgumentException("no such file or directory: " + w);
        }
        inputs.add(w);
        continue;
      }
      List<String> found;
      try (Stream<Path> walk = Files.walk(p, FileVisitOption.FOLLOW_LINKS)) {
        found = walk.filter(f -> Files.isRegularFile(f) && eventFile(f.getFileName().toString()))
            .sorted().map(f -> Path.of(w).resolve(p.relativize(f)).toString()).collect(Collectors.toList());
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no *.json, *.json.gz, *.ndjson, *.ndjson.gz, *.jsonl or *.jsonl.gz files under " + w);
      }
      inputs.addAll(found);
    }
    return inputs;
  }

  static boolean eventFile(String name) {
    if (name.startsWith(".")) {
      return false;
    }
    for (String ext : EXTENSIONS) {
      if (name.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> EXTENSIONS = List.of(".json", ".json.gz", ".ndjson", ".ndjson.gz", ".jsonl",
      ".jsonl.gz");

  /** " (F flow, A audit)" when audit events were stored, else nothing. */
  private static String split(long flows, long audit) {
    return audit == 0 ? "" : " (" + Cli.number(flows) + " flow, " + Cli.number(audit) + " audit)";
  }
}
