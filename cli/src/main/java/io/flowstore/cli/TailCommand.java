package io.flowstore.cli;

import io.flowstore.FlowField;
import io.flowstore.FlowJsonWriter;
import io.flowstore.FlowStore;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;
import io.flowstore.query.Subscription;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.Set;

/** {@code flowstore tail}: prints matching flow events as they arrive, until interrupted. */
final class TailCommand implements Command {
  static final long FLUSH_MILLIS = 100;

  /** {@code 2025-11-21T10:00:00Z REJECT INGRESS 6 10.0.0.1:5555 -> 10.1.2.3:22 3 pkts 1.2 KiB subnet}. */
  static String line(io.flowstore.FlowValues v) {
    StringBuilder sb = new StringBuilder(160);
    sb.append(QueryCommand.text(v, FlowField.EVENT_TIME)).append(' ');
    sb.append(or(v, FlowField.ACTION)).append(' ').append(or(v, FlowField.DIRECTION)).append(' ');
    sb.append("proto ").append(or(v, FlowField.PROTO)).append(' ');
    endpoint(sb, v, FlowField.SRC_ADDR, FlowField.SRC_PORT).append(" -> ");
    endpoint(sb, v, FlowField.DST_ADDR, FlowField.DST_PORT).append(' ');
    sb.append(v.has(FlowField.PACKETS) ? Cli.number(v.int64(FlowField.PACKETS)) : "-").append(" pkts ");
    sb.append(v.has(FlowField.BYTES) ? Cli.bytes(v.int64(FlowField.BYTES)) : "- B").append(' ');
    return sb.append(or(v, FlowField.SUBNET_ID)).toString();
  }

  private static String or(io.flowstore.FlowValues v, FlowField f) {
    String s = QueryCommand.text(v, f);
    return s.isEmpty() ? "-" : s;
  }

  private static StringBuilder endpoint(StringBuilder sb, io.flowstore.FlowValues v, FlowField addr, FlowField port) {
    String a = or(v, addr);
    sb.append(a.indexOf(':') >= 0 ? "[" + a + "]" : a);
    return sb.append(':').append(or(v, port));
  }

  @Override
  public String name() {
    return "tail";
  }

  @Override
  public String summary() {
    return "print matching flow events as they are ingested, until interrupted";
  }

  @Override
  public String help() {
    return "Usage: flowstore tail [--store DIR] [--format ndjson|line] [--limit N]\n"
        + "                      [--flow-log ID | --log-topic TOPIC] [FILTER]\n\n"
        + "Follows the store while another process (a collector, 'flowstore ingest') writes to it and\n"
        + "prints each flow event that matches FILTER as it is stored: NDJSON in the canonical shape\n"
        + "(default) or, with --format line, one short line per event in the manner of nfdump (time,\n"
        + "action, direction, protocol, source and destination, packets, bytes, subnet). Events stored\n"
        + "before tail started are not shown. Runs until interrupted (Ctrl-C), or until N events were\n"
        + "printed with --limit N. Output is flushed at least every " + FLUSH_MILLIS + " ms, so it works in a\n"
        + "pipe. Reading takes no lock.\n"
        + Filters.HELP + Filters.SCOPE_HELP + "\n"
        + "Examples:\n"
        + "  flowstore tail action = REJECT\n"
        + "  flowstore tail --format line 'dstPort in (22, 3389) and direction = INGRESS'\n"
        + "  flowstore tail --limit 100 'src net 10.0.0.0/8' > sample.ndjson\n";
  }

  @Override
  public Set<String> valuedOptions() {
    return Set.of("store", "format", "limit", "flow-log", "log-topic");
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) throws Exception {
    String format = args.choice("format", "ndjson", "ndjson", "line");
    long limit = args.getLong("limit", -1);
    if (args.get("limit") != null && limit < 1) {
      throw new UsageException("option --limit must be at least 1: value=" + limit);
    }
    Query q = Filters.query(args);
    try (FlowStore store = cli.openForReading(args)) {
      q = Filters.scope(args, store, q);
      OutputStream out = new BufferedOutputStream(cli.out, 1 << 16);
      Object lock = new Object();
      FlowJsonWriter json = new FlowJsonWriter(out);
      long[] printed = {0};
      boolean line = format.equals("line");
      Thread flushOnExit = new Thread(() -> {
        synchronized (lock) {
          json.flush();
        }
      });
      Runtime.getRuntime().addShutdownHook(flushOnExit);
      try (Subscription s = FlowSearcher.of(store).subscribe(q, v -> {
        synchronized (lock) {
          if (line) {
            json.flush();
            cli.out.println(line(v));
          } else {
            json.write(v);
          }
          printed[0]++;
          return limit < 0 || printed[0] < limit;
        }
      })) {
        cli.err.println("tailing " + store.path() + (args.positional().isEmpty() ? "" : " for " + q.condition())
            + " (Ctrl-C to stop)");
        cli.err.flush();
        while (s.isActive()) {
          Thread.sleep(FLUSH_MILLIS);
          synchronized (lock) {
            json.flush();
          }
        }
        if (s.failure() != null) {
          throw new IllegalStateException("tail stopped: " + s.failure(), s.failure());
        }
      } finally {
        synchronized (lock) {
          json.flush();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(flushOnExit);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs
        }
      }
    }
    return Main.OK;
  }
}
