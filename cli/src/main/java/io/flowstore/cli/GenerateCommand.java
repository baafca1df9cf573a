package io.flowstore.cli;

import io.flowstore.gen.FlowGenerator;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** {@code flowstore generate}: writes realistic sample events (the shared seeded generator). */
final class GenerateCommand implements Command {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "write realistic sample ExternalFlow events (seeded)";
  }

  @Override
  public String help() {
    return "Usage: flowstore generate [--events N] [--seed S] [--format ndjson|array] [--keys snake|camel]\n"
        + "                          [--edge-cases] [--gzip] [--out FILE]\n\n"
        + "Writes Yandex VPC and BareMetal ExternalFlow events from flowstore's seeded generator: Zipf-skewed\n"
        + "subnets and ports, about 10% REJECT, both directions, some IPv6, 5-minute aggregation windows.\n"
        + "The same seed always gives the same bytes. --edge-cases mixes in hard input (offsets, extremes,\n"
        + "unknown fields, unicode, mixed key styles).\n\n"
        + "Examples:\n"
        + "  flowstore generate --events 1000000 --out flows.ndjson\n"
        + "  flowstore generate --events 500 --format array --gzip --out 041238068.json.gz\n"
        + "  flowstore generate --events 10000 | flowstore ingest -\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("events", "seed", "format", "out", "keys");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("edge-cases", "gzip");
  }

  @Override
  public int run(Args args, Cli cli) throws Exception {
    long events = args.getLong("events", 1000);
    if (events < 0) {
      throw new UsageException("option --events must be >= 0: value=" + events);
    }
    String format = args.choice("format", "ndjson", "ndjson", "array");
    FlowGenerator gen = FlowGenerator.builder()
        .seed(args.getLong("seed", 42))
        .edgeCases(args.has("edge-cases"))
        .keyStyle(args.choice("keys", "snake", "snake", "camel").equals("camel") ? FlowGenerator.KeyStyle.CAMEL
            : FlowGenerator.KeyStyle.SNAKE)
        .build();
    String out = args.get("out");
    OutputStream target = out == null ? cli.out : Files.newOutputStream(cli.path(out));
    try {
      GZIPOutputStream gzip = args.has("gzip") ? new GZIPOutputStream(target, 1 << 16) : null;
      OutputStream sink = new BufferedOutputStream(gzip != null ? gzip : target, 1 << 16);
      if (format.equals("ndjson")) {
        gen.writeNdjson(sink, events);
      } else {
        long chunk = 10_000;
        sink.write('[');
        for (long done = 0; done < events; done += chunk) {
          byte[] part = gen.jsonArray((int) Math.min(chunk, events - done));
          // strip this chunk's brackets so that chunks join into one array
          int end = part.length - 2;
          if (done > 0) {
            sink.write(',');
            sink.write('\n');
          }
          sink.write(part, 1, end - 1);
        }
        sink.write(']');
        sink.write('\n');
      }
      sink.flush();
      if (gzip != null) {
        gzip.finish(); // ends the gzip member without closing stdout
      }
      target.flush();
    } finally {
      if (out != null) {
        target.close();
      }
    }
    return Main.OK;
  }
}
