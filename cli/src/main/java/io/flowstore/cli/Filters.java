package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.query.FlowLogCapture;

import io.flowstore.Timestamp;
import io.flowstore.query.Query;

import java.time.Instant;

/** The filter words and {@code --from/--to} of the query commands. */
final class Filters {
  private Filters() {}

  static final String HELP = "FILTER is the text filter language, e.g. 'action = REJECT and dstPort in (22, 3389)'\n"
      + "or nfdump style 'proto tcp and dst port 22 and src net 10.0.0.0/8' (see the README).\n"
      + "--from/--to take RFC 3339 times and keep events with from <= eventTime < to.\n";

  static final String SCOPE_HELP = "--flow-log ID keeps the events that flow log captured; --log-topic TOPIC those that any flow\n"
      + "log writing to that log topic captured (see 'flowstore flowlogs').\n";

  /**
   * {@code q} limited to what {@code --flow-log ID} or {@code --log-topic TOPIC} captured, when
   * one is given.
   */
  static Query scope(Args args, FlowStore store, Query q) {
    String log = args.get("flow-log");
    String topic = args.get("log-topic");
    if (log != null && topic != null) {
      throw new UsageException("give --flow-log or --log-topic, not both");
    }
    if (log != null) {
      return q.and(FlowLogCapture.of(store, log));
    }
    return topic != null ? q.and(FlowLogCapture.ofTopic(store, topic)) : q;
  }

  /** The query of the command line's FILTER words and {@code --from/--to}. */
  static Query query(Args args) {
    Query q = Query.parse(String.join(" ", args.positional()));
    if (q.order() != null || q.limit() >= 0 || q.cursor() != null) {
      throw new UsageException("use --order-by and --limit, not clauses in FILTER");
    }
    Instant from = time(args, "from");
    Instant to = time(args, "to");
    if (from != null || to != null) {
      if (q.from() != null || q.to() != null) {
        throw new UsageException("give the time range either as --from/--to or as a 'time' clause, not both");
      }
      q = q.between(from, to);
    }
    return q;
  }

  /** The RFC 3339 time of option {@code --name}, or null when it is not given. */
  static Instant time(Args args, String name) {
    String v = args.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Timestamp.parse(v).toInstant();
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --" + name + " needs an RFC 3339 time such as 2025-11-21T10:00:00Z: value=" + v);
    }
  }
}
