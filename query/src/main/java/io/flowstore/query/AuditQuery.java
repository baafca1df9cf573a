package io.flowstore.query;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A query over the audit stream: a condition, an eventTime range (inclusive start, exclusive
 * end), an order by eventTime and a limit. An immutable value with equals, hashCode and a
 * canonical {@code toString()} that {@link #parse} reads back to an equal query; run it with
 * {@link AuditSearcher}. Without an order, events come in ingest order.
 */
public final class AuditQuery {
  private final AuditCondition condition;
  private final Instant from;
  private final Instant to;
  private final Boolean descending; // null: ingest order
  private final int limit;

  private AuditQuery(AuditCondition condition, Instant from, Instant to, Boolean descending, int limit) {
    this.condition = Objects.requireNonNull(condition);
    this.from = from;
    this.to = to;
    this.descending = descending;
    this.limit = limit;
  }

  /** Every audit event. */
  public static AuditQuery all() {
    return where(AuditCondition.always());
  }

  public static AuditQuery where(AuditCondition condition) {
    return new AuditQuery(condition, null, null, null, -1);
  }

  /** Parses the text form ({@code eventType = X and subjectName = Y time A to B order by eventTime desc limit 10}). */
  public static AuditQuery parse(String text) {
    return new AuditFilterParser(text).query();
  }

  /** Only events whose eventTime is in [from, to). */
  public AuditQuery between(Instant from, Instant to) {
    if (from == null || to == null) {
      throw new IllegalArgumentException("a time range needs both ends: from=" + from + ", to=" + to);
    }
    return new AuditQuery(condition, from, to, descending, limit);
  }

  /** Ordered by eventTime (ties in ingest order); events without one come last. */
  public AuditQuery orderByTime(boolean descending) {
    return new AuditQuery(condition, from, to, descending, limit);
  }

  public AuditQuery limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative: limit=" + n);
    }
    return new AuditQuery(condition, from, to, descending, n);
  }

  public AuditQuery withoutLimit() {
    return new AuditQuery(condition, from, to, descending, -1);
  }

  /** Groups the matching events by {@code keys} and counts them. */
  public AuditAggregation groupBy(AuditField... keys) {
    return new AuditAggregation(withoutLimit(), List.of(keys), -1);
  }

  public AuditCondition condition() {
    return condition;
  }

  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }

  /** True for newest first, false for oldest first, null for ingest order. */
  public Boolean descending() {
    return descending;
  }

  /** The limit, or -1 for none. */
  public int limit() {
    return limit;
  }

  /** The condition with the time range folded in. */
  AuditCondition effectiveCondition() {
    return from == null ? condition : AuditCondition.and(condition, Audit.EVENT_TIME.between(from, to));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditQuery q && q.condition.equals(condition) && Objects.equals(q.from, from)
        && Objects.equals(q.to, to) && Objects.equals(q.descending, descending) && q.limit == limit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(condition, from, to, descending, limit);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    boolean clauses = from != null || descending != null || limit >= 0;
    if (!clauses || condition != AuditCondition.always()) {
      sb.append(condition);
    }
    if (from != null) {
      sb.append(sb.length() > 0 ? " " : "").append("time ").append(AuditCondition.literal(from)).append(" to ")
          .append(AuditCondition.literal(to));
    }
    if (descending != null) {
      sb.append(sb.length() > 0 ? " " : "").append("order by eventTime ").append(descending ? "desc" : "asc");
    }
    if (limit >= 0) {
      sb.append(sb.length() > 0 ? " " : "").append("limit ").append(limit);
    }
    return sb.toString();
  }
}
