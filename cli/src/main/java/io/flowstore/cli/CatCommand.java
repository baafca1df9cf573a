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
    return "print every stored event (or quarantine entry) as NDJSON";
  }

  @Override
  public String help() {
    return "Usage: flowstore cat [--store DIR] [--stream flows|quarantine]\n\n"
        + "Prints a stream in ingest order, one JSON object per line. Flow events come in the canonical\n"
        + "shape: the documented camelCase keys, int64 values as strings, times in RFC 3339 UTC with\n"
        + "the fraction digits they arrived with, unknown fields kept. Quarantine entries carry source,\n"
        + "line, column, offset, event (ordinal), field, reason and the raw text of the refused input.\n"
        + "Reading does not lock the store: it works beside a running ingest.\n\n"
        + "Examples:\n"
        + "  flowstore cat | head\n"
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
    String stream = args.choice("stream", "flows", "flows", "quarantine");
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
