package io.flowstore.cli;

import io.flowstore.FlowJsonWriter;
import io.flowstore.FlowStore;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** {@code flowstore cat}: prints a stream as NDJSON. */
final class CatCommand implements Command {
  @Override
  public String name() {
    return "cat";
  }

  @Override
  public String summary() {
    return "print every stored flow or audit event (or quarantine entry) as NDJSON";
  }

  @Override
  public String help() {
    return "Usage: flowstore cat [--store DIR] [--stream flows|audit|quarantine]\n\n"
        + "Prints a stream in ingest order, one JSON object per line. Flow events come in the canonical\n"
        + "shape: the documented camelCase keys, int64 values as strings, times in RFC 3339 UTC with\n"
        + "the fraction digits they arrived with, unknown fields kept. Audit events (Yandex Audit Trails,\n"
        + "CTyun Cloud Audit) come as they were ingested: the same keys in the same style, every value\n"
        + "as written, byte for byte. Quarantine entries carry source,\n"
        + "line, column, offset, event (ordinal), field, reason and the raw text of the refused input.\n"
        + "Reading does not lock the store: it works beside a running ingest.\n\n"
        + "Examples:\n"
        + "  flowstore cat | head\n"
        + "  flowstore cat --stream audit | grep CreateServiceAccount\n"
        + "  flowstore cat --stream quarantine --store /var/lib/flowstore\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "stream");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) throws Exception {
    String stream = args.choice("stream", "flows", "flows", "audit", "quarantine");
    if (!args.positional().isEmpty()) {
      throw new UsageException("unexpected argument: " + args.positional().get(0));
    }
    try (FlowStore store = cli.openForReading(args)) {
      OutputStream out = new BufferedOutputStream(cli.out, 1 << 16);
      if (stream.equals("flows")) {
        try (FlowJsonWriter writer = new FlowJsonWriter(out)) {
          store.scan(v -> {
            writer.write(v);
            return true;
          });
        }
      } else if (stream.equals("audit")) {
        store.scanAudit(e -> {
          try {
            out.write(e.json().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
          } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
          }
          return true;
        });
      } else {
        store.scanQuarantine(q -> {
          try {
            out.write(q.toJson().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
      out.flush();
    }
    return Main.OK;
  }
}
