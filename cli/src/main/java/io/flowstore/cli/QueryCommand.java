package io.flowstore.cli;

import io.flowstore.FlowField;
import io.flowstore.FlowJsonWriter;
import io.flowstore.FlowStore;
import io.flowstore.FlowValues;
import io.flowstore.Timestamp;
import io.flowstore.query.Field;
import io.flowstore.query.Flow;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Order;
import io.flowstore.query.Query;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** {@code flowstore query}: prints the flow events that match a filter. */
final class QueryCommand implements Command {
  private static final FlowField[] TABLE = {FlowField.EVENT_TIME, FlowField.ACTION, FlowField.DIRECTION,
    FlowField.PROTO, FlowField.SRC_ADDR, FlowField.SRC_PORT, FlowField.DST_ADDR, FlowField.DST_PORT,
    FlowField.PACKETS, FlowField.BYTES, FlowField.SUBNET_ID};

  @Override
  public String name() {
    return "query";
  }

  @Override
  public String summary() {
    return "print the flow events that match a filter";
  }

  @Override
  public String help() {
    return "Usage: flowstore query [--store DIR] [--from T] [--to T] [--order-by FIELD[:asc|desc]] [--limit N]\n"
        + "                       [--format ndjson|json|csv|table] [--stream flows|audit]\n"
        + "                       [--flow-log ID | --log-topic TOPIC] [FILTER]\n\n"
        + "Prints the matching flow events, in ingest order or ordered by a number or time field (bytes,\n"
        + "packets, eventTime...; ties in ingest order). ndjson (the default) is the canonical event shape\n"
        + "of 'flowstore cat'; json is one array; csv has a header of every field; table is for reading.\n"
        + "Audit events (--stream audit) print as they were ingested and are ordered by eventTime only.\n"
        + Filters.HELP + Filters.SCOPE_HELP + AuditCommands.STREAM_HELP + "\n"
        + "Examples:\n"
        + "  flowstore query --limit 10 --format table action = REJECT and dst port 22\n"
        + "  flowstore query --order-by bytes:desc --limit 5 'direction = EGRESS'\n"
        + "  flowstore query --stream audit --order-by eventTime:desc --limit 20 \\\n"
        + "      'authentication.subjectName = xseiko'\n"
        + "  flowstore query --format csv --from 2025-11-21T10:00:00Z --to 2025-11-21T11:00:00Z > hour.csv\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "from", "to", "order-by", "limit", "format", "stream", "flow-log", "log-topic");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) throws Exception {
    String format = args.choice("format", "ndjson", "ndjson", "json", "csv", "table");
    if (AuditCommands.audit(args)) {
      long limit = args.getLong("limit", -1);
      if (limit < 0 && args.get("limit") != null) {
        throw new UsageException("option --limit must not be negative: value=" + limit);
      }
      return AuditCommands.query(args, cli, format, args.get("order-by"), limit);
    }
    Query q = Filters.query(args);
    String orderBy = args.get("order-by");
    if (orderBy != null) {
      q = q.orderBy(order(orderBy));
    }
    long limit = args.getLong("limit", -1);
    if (limit >= 0) {
      q = q.limit((int) Math.min(limit, Integer.MAX_VALUE));
    } else if (args.get("limit") != null) {
      throw new UsageException("option --limit must not be negative: value=" + limit);
    }
    try (FlowStore store = cli.openForReading(args)) {
      q = Filters.scope(args, store, q);
      FlowSearcher searcher = FlowSearcher.of(store);
      OutputStream out = new BufferedOutputStream(cli.out, 1 << 16);
      if (format.equals("table")) {
        Table t = table();
        searcher.forEach(q, v -> {
          t.add(row(v));
          return true;
        });
        t.print(cli.out);
      } else {
        write(format, searcher, q, out);
      }
      out.flush();
    }
    return Main.OK;
  }

  static Order order(String spec) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String dir = colon < 0 ? "asc" : spec.substring(colon + 1);
    if (!dir.equals("asc") && !dir.equals("desc")) {
      throw new UsageException("option --order-by needs FIELD[:asc|desc]: value=" + spec);
    }
    Field<?> f = Flow.field(name);
    if (f == null) {
      throw new UsageException("option --order-by: unknown field: " + name);
    }
    try {
      return new Order(f, dir.equals("desc"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --order-by: " + e.getMessage());
    }
  }

  /** Writes the matches of {@code q} to {@code out} as ndjson, json or csv, streaming; returns their number. */
  static long write(String format, FlowSearcher searcher, Query q, OutputStream out) throws IOException {
    switch (format) {
      case "ndjson":
        try (FlowJsonWriter w = new FlowJsonWriter(out)) { // closing flushes, leaves out open
          return searcher.forEach(q, v -> {
            w.write(v);
            return true;
          });
        }
      case "json":
        return json(searcher, q, out);
      case "csv":
        return csv(searcher, q, out);
      default:
        throw new IllegalArgumentException("format: " + format);
    }
  }

  private static long json(FlowSearcher searcher, Query q, OutputStream out) throws IOException {
    ByteArrayOutputStream one = new ByteArrayOutputStream(1024);
    boolean[] first = {true};
    out.write('[');
    long n;
    try (FlowJsonWriter w = new FlowJsonWriter(one)) {
      n = searcher.forEach(q, v -> {
        try {
          one.reset();
          w.write(v);
          w.flush();
          if (!first[0]) {
            out.write(',');
          }
          first[0] = false;
          out.write(one.toByteArray(), 0, one.size() - 1); // without the newline
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return true;
      });
    }
    out.write(']');
    out.write('\n');
    return n;
  }

  private static long csv(FlowSearcher searcher, Query q, OutputStream out) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Field<?> f : Flow.all()) {
      if (f != Flow.RESOURCE_ID) {
        sb.append(sb.length() > 0 ? "," : "").append(f.name());
      }
    }
    out.write(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    return searcher.forEach(q, v -> {
      StringBuilder line = new StringBuilder(256);
      boolean firstCell = true;
      for (Field<?> f : Flow.all()) {
        if (f == Flow.RESOURCE_ID) {
          continue;
        }
        if (!firstCell) {
          line.append(',');
        }
        firstCell = false;
        String s = f == Flow.KIND ? (v.kind() == null ? "" : v.kind().name()) : text(v, f.flowField());
        line.append(csvCell(s));
      }
      try {
        out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return true;
    });
  }

  static String csvCell(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** A field's value as plain text; empty when absent. */
  static String text(FlowValues v, FlowField f) {
    if (!v.has(f)) {
      return "";
    }
    Object o = v.value(f);
    return o instanceof Timestamp t ? t.toString() : String.valueOf(o);
  }

  private static Table table() {
    String[] header = new String[TABLE.length];
    boolean[] numeric = new boolean[TABLE.length];
    for (int i = 0; i < TABLE.length; i++) {
      header[i] = TABLE[i].jsonName();
      numeric[i] = TABLE[i].type() == FlowField.Type.INT64;
    }
    return new Table(header, numeric);
  }

  private static String[] row(FlowValues v) {
    String[] cells = new String[TABLE.length];
    for (int i = 0; i < TABLE.length; i++) {
      FlowField f = TABLE[i];
      if (f == FlowField.BYTES && v.has(f)) {
        cells[i] = Cli.bytes(v.int64(f)); // table mode: human units; the other formats keep the exact count
      } else if (f == FlowField.PACKETS && v.has(f)) {
        cells[i] = Cli.number(v.int64(f));
      } else {
        cells[i] = text(v, f);
      }
    }
    return cells;
  }
}
