package io.flowstore.query;

import java.time.Instant;
import java.util.Objects;

/**
 * A query over the flow stream: a condition, optional time clauses, an order, a limit and a
 * keyset cursor. An immutable value with {@code equals}, {@code hashCode} and a canonical
 * {@link #toString()} that {@link #parse} reads back to an equal query; a {@link FlowSearcher}
 * runs it. Thread-safe.
 *
 * <p>Text form: {@code CONDITION [time FROM to TO] [window FROM to TO] [order by FIELD asc|desc]
 * [limit N] [after KEY:POSITION]}, e.g. {@code action = REJECT time 2025-11-21T00:00:00Z to
 * 2025-11-22T00:00:00Z order by bytes desc limit 10}.
 */
public final class Query {
  private static final Query ALL = new Query(Condition.always(), null, null, null, null, null, -1, null);

  private final Condition where;
  private final Instant from;
  private final Instant to;
  private final Instant windowFrom;
  private final Instant windowTo;
  private final Order order;
  private final int limit;
  private final Cursor after;

  private Query(Condition where, Instant from, Instant to, Instant windowFrom, Instant windowTo, Order order,
      int limit, Cursor after) {
    this.where = where;
    this.from = from;
    this.to = to;
    this.windowFrom = windowFrom;
    this.windowTo = windowTo;
    this.order = order;
    this.limit = limit;
    this.after = after;
  }

  /** Every flow event, in ingest order. */
  public static Query flows() {
    return ALL;
  }

  /** The flow events matching {@code condition}. */
  public static Query where(Condition condition) {
    return ALL.and(condition);
  }

  /**
   * Parses the text form.
   *
   * @throws QuerySyntaxException naming the column and what was expected
   */
  public static Query parse(String text) {
    return new FilterParser(text).parseQueryOnly();
  }

  /** This query with {@code condition} as its condition. */
  public Query filter(Condition condition) {
    return new Query(Objects.requireNonNull(condition), from, to, windowFrom, windowTo, order, limit, after);
  }

  /** This query with its condition ANDed with {@code condition}. */
  public Query and(Condition condition) {
    return filter(Condition.and(where, condition));
  }

  /** Events whose eventTime is at or after {@code from} and before {@code to} (either may be null: open). */
  public Query between(Instant from, Instant to) {
    checkTime(from);
    checkTime(to);
    return new Query(where, from, to, windowFrom, windowTo, order, limit, after);
  }

  /**
   * Events whose aggregation window [aggStart, aggEnd) overlaps [{@code from}, {@code to}) (either
   * may be null: open); events without aggStart or aggEnd do not match.
   */
  public Query window(Instant from, Instant to) {
    checkTime(from);
    checkTime(to);
    return new Query(where, this.from, this.to, from, to, order, limit, after);
  }

  /** Results in {@code order} instead of ingest order. */
  public Query orderBy(Order order) {
    return new Query(where, from, to, windowFrom, windowTo, order, limit, after);
  }

  private static void checkTime(Instant t) {
    if (t != null) {
      Flow.EVENT_TIME.check(t);
    }
  }

  /** At most {@code n} results. */
  public Query limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative: limit=" + n);
    }
    return new Query(where, from, to, windowFrom, windowTo, order, n, after);
  }

  public Query withoutLimit() {
    return new Query(where, from, to, windowFrom, windowTo, order, -1, after);
  }

  /** The results after {@code cursor} (from a previous {@link Page}); null starts over. */
  public Query after(Cursor cursor) {
    return new Query(where, from, to, windowFrom, windowTo, order, limit, cursor);
  }

  /** An aggregation of this query's events grouped by {@code keys} (none: one group of everything). */
  public Aggregation groupBy(GroupKey... keys) {
    return Aggregation.of(this, java.util.List.of(keys));
  }

  public Condition condition() {
    return where;
  }

  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }

  public Instant windowFrom() {
    return windowFrom;
  }

  public Instant windowTo() {
    return windowTo;
  }

  /** The order, or null for ingest order. */
  public Order order() {
    return order;
  }

  /** The limit, or -1 for none. */
  public int limit() {
    return limit;
  }

  public Cursor cursor() {
    return after;
  }

  /**
   * The whole condition an event must pass, with the time clauses written as conditions:
   * {@code eventTime >= FROM and eventTime < TO and aggStart < WTO and aggEnd > WFROM}.
   */
  public Condition effectiveCondition() {
    Condition c = where;
    if (from != null) {
      c = c.and(Flow.EVENT_TIME.ge(from));
    }
    if (to != null) {
      c = c.and(Flow.EVENT_TIME.lt(to));
    }
    if (windowTo != null) {
      c = c.and(Flow.AGG_START.lt(windowTo));
    }
    if (windowFrom != null) {
      c = c.and(Flow.AGG_END.gt(windowFrom));
    }
    return c;
  }

  void printFilterAndTime(StringBuilder sb) {
    sb.append(where);
    if (from != null || to != null) {
      sb.append(" time ").append(from == null ? "*" : Texts.time(from)).append(" to ")
          .append(to == null ? "*" : Texts.time(to));
    }
    if (windowFrom != null || windowTo != null) {
      sb.append(" window ").append(windowFrom == null ? "*" : Texts.time(windowFrom)).append(" to ")
          .append(windowTo == null ? "*" : Texts.time(windowTo));
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    printFilterAndTime(sb);
    if (order != null) {
      sb.append(" order by ").append(order);
    }
    if (limit >= 0) {
      sb.append(" limit ").append(limit);
    }
    if (after != null) {
      sb.append(" after ").append(after);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Query)) {
      return false;
    }
    Query q = (Query) o;
    return where.equals(q.where) && Objects.equals(from, q.from) && Objects.equals(to, q.to)
        && Objects.equals(windowFrom, q.windowFrom) && Objects.equals(windowTo, q.windowTo)
        && Objects.equals(order, q.order) && limit == q.limit && Objects.equals(after, q.after);
  }

  @Override
  public int hashCode() {
    return Objects.hash(where, from, to, windowFrom, windowTo, order, limit, after);
  }
}
