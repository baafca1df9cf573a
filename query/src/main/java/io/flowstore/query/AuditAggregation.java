package io.flowstore.query;

import java.util.List;
import java.util.Objects;

/**
 * Audit events grouped by one or more fields and counted: the groups come largest first, ties
 * by key, at most {@link #limit()} of them (top-N). A resource id groups an event under each of
 * its resources. An immutable value; {@link #parse} reads its {@code toString()} back.
 */
public final class AuditAggregation {
  private final AuditQuery query;
  private final List<AuditField> keys;
  private final int limit;

  AuditAggregation(AuditQuery query, List<AuditField> keys, int limit) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("group by needs at least one field");
    }
    this.query = query;
    this.keys = List.copyOf(keys);
    this.limit = limit;
  }

  /** Parses {@code CONDITION [time A to B] group by FIELD[, FIELD...] [limit N]}. */
  public static AuditAggregation parse(String text) {
    return new AuditFilterParser(text).aggregation();
  }

  /** The {@code n} largest groups. */
  public AuditAggregation top(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative: limit=" + n);
    }
    return new AuditAggregation(query, keys, n);
  }

  public AuditQuery query() {
    return query;
  }

  public List<AuditField> keys() {
    return keys;
  }

  public int limit() {
    return limit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditAggregation a && a.query.equals(query) && a.keys.equals(keys) && a.limit == limit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, keys, limit);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String q = query.toString();
    if (!q.equals("always")) {
      sb.append(q).append(' ');
    }
    sb.append("group by ");
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(keys.get(i).name());
    }
    if (limit >= 0) {
      sb.append(" limit ").append(limit);
    }
    return sb.toString();
  }
}
