package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.query.AuditQuery;
import io.flowstore.query.AuditSearcher;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** {@code flowstore export}: writes the matching events to a file or stdout, streaming. */
final class ExportCommand implements Command {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "write the matching events as NDJSON, CSV or one JSON array (gzip optional), streaming";
  }

  @Override
  public String help() {
    return "Usage: flowstore export [--store DIR] [--format ndjson|csv|json] [--gzip] [--out FILE]\n"
        + "                        [--stream flows|audit] [--from T] [--to T] [FILTER]\n\n"
        + "Writes every event that matches FILTER (all of them without one) in ingest order, one at a time,\n"
        + "so an export of any size runs in constant memory. Flow events come in the canonical JSON shape\n"
        + "(ndjson, json) or as one CSV column per field with a header line; audit events as ingested.\n"
        + "--out FILE writes to FILE (else stdout): the export goes to FILE.partial first and is renamed\n"
        + "when complete, so FILE is never half written; a FILE ending in .gz is gzipped, as is any\n"
        + "output with --gzip. The number of events written goes to stderr.\n"
        + Filters.HELP + Filters.SCOPE_HELP + AuditCommands.STREAM_HELP + "\n"
        + "Examples:\n"
        + "  flowstore export --out flows.ndjson.gz\n"
        + "  flowstore export --format csv --out rejected.csv action = REJECT\n"
        + "  flowstore export --format json --from 2025-11-21T00:00:00Z --to 2025-11-22T00:00:00Z > day.json\n"
        + "  flowstore export --stream audit --gzip 'status = ERROR' > errors.ndjson.gz\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "format", "out", "stream", "from", "to", "flow-log", "log-topic");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("gzip");
  }

  @Override
  public int run(Args args, Cli cli) throws IOException {
    String format = args.choice("format", "ndjson", "ndjson", "csv", "json");
    String outName = args.get("out");
    boolean gzip = args.has("gzip") || (outName != null && outName.endsWith(".gz"));
    boolean audit = AuditCommands.audit(args);
    Query flowQuery = audit ? null : Filters.query(args);
    AuditQuery auditQuery = audit ? AuditCommands.query(args) : null;
    Path target = outName == null ? null : cli.path(outName);
    Path partial = target == null ? null : target.resolveSibling(target.getFileName() + ".partial");
    long n;
    try (FlowStore store = cli.openForReading(args)) {
      OutputStream sink = partial == null ? new NonClosing(cli.out) : Files.newOutputStream(partial);
      try {
        try (OutputStream out = gzip ? new GZIPOutputStream(new BufferedOutputStream(sink, 1 << 16), 1 << 16)
            : new BufferedOutputStream(sink, 1 << 16)) {
          if (audit) {
            AuditCommands.Writer w = new AuditCommands.Writer(format, out);
            AuditSearcher.of(store).forEach(auditQuery, e -> {
              try {
                w.write(e);
              } catch (IOException x) {
                throw new UncheckedIOException(x);
              }
              return true;
            });
            n = w.end();
          } else {
            n = QueryCommand.write(format, FlowSearcher.of(store), Filters.scope(args, store, flowQuery), out);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (partial != null) {
          Files.deleteIfExists(partial);
        }
        throw e;
      }
      if (partial != null) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    cli.err.println("exported " + Cli.number(n) + (audit ? " audit" : " flow") + " events"
        + (target == null ? "" : " to " + outName + " (" + Cli.bytes(Files.size(target)) + ")"));
    return Main.OK;
  }

  /** stdout stays open when the export's streams close. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
