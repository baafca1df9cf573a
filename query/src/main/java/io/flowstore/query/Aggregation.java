package io.flowstore.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An aggregation: the events of a query grouped by keys, with metrics per group, a filter on
 * the metrics (HAVING), an order and a limit. An immutable value with {@code equals},
 * {@code hashCode} and a canonical {@link #toString()} that {@link #parse} reads back.
 * Thread-safe.
 *
 * <p>Every group has its event count; other metrics are added with {@link #sum}, {@link #min},
 * {@link #max}, {@link #avg}. Groups come ordered by the chosen metric, else by key; ties
 * always break by key ascending (absent values first), so results are deterministic.
 *
 * <p>Text form: {@code QUERY group by KEY, ... compute METRIC, ... [having METRIC OP N and ...]
 * [order by METRIC asc|desc] [limit N]}, e.g. {@code direction = EGRESS group by dstAddr compute
 * count, sum(bytes) order by sum(bytes) desc limit 10}.
 */
public final class Aggregation {
  private final Query query;
  private final List<GroupKey> keys;
  private final List<Metric> metrics;
  private final List<Metric.Having> having;
  private final Metric orderBy;
  private final boolean descending;
  private final int limit;

  private Aggregation(Query query, List<GroupKey> keys, List<Metric> metrics, List<Metric.Having> having,
      Metric orderBy, boolean descending, int limit) {
    this.query = query;
    this.keys = List.copyOf(keys);
    this.metrics = List.copyOf(metrics);
    this.having = List.copyOf(having);
    this.orderBy = orderBy;
    this.descending = descending;
    this.limit = limit;
  }

  static Aggregation of(Query query, List<GroupKey> keys) {
    if (query.order() != null || query.limit() >= 0 || query.cursor() != null) {
      throw new IllegalArgumentException("an aggregation orders and limits its groups, not its events: query=" + query);
    }
    for (GroupKey k : keys) {
      if (k == Flow.RESOURCE_ID) {
        throw new IllegalArgumentException("cannot group by resourceId: an event has several");
      }
      if (k == Flow.POSITION) {
        throw new IllegalArgumentException("cannot group by position: every event has its own");
      }
    }
    return new Aggregation(query, keys, List.of(Metric.count()), List.of(), null, false, -1);
  }

  /** Parses the text form. */
  public static Aggregation parse(String text) {
    return new FilterParser(text).parseAggregationOnly();
  }

  /** Adds {@code metric} (a metric already there is not added twice). */
  public Aggregation compute(Metric metric) {
    List<Metric> m = new ArrayList<>(metrics);
    if (!m.contains(metric)) {
      m.add(metric);
    }
    return new Aggregation(query, keys, m, having, orderBy, descending, limit);
  }

  public Aggregation sum(LongField f) {
    return compute(Metric.sum(f));
  }

  public Aggregation min(LongField f) {
    return compute(Metric.min(f));
  }

  public Aggregation max(LongField f) {
    return compute(Metric.max(f));
  }

  public Aggregation avg(LongField f) {
    return compute(Metric.avg(f));
  }

  /** Keeps the groups that pass every {@code filters} (ANDed with those already set). */
  public Aggregation having(Metric.Having... filters) {
    List<Metric.Having> h = new ArrayList<>(having);
    Aggregation a = this;
    for (Metric.Having f : filters) {
      a = a.compute(f.metric());
      h.add(f);
    }
    return new Aggregation(query, keys, a.metrics, h, orderBy, descending, limit);
  }

  /** Groups ordered by {@code metric} (added if missing), ties by key. */
  public Aggregation orderBy(Metric metric, boolean descending) {
    Aggregation a = compute(metric);
    return new Aggregation(query, keys, a.metrics, having, metric, descending, limit);
  }

  /** At most {@code n} groups. */
  public Aggregation limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative: limit=" + n);
    }
    return new Aggregation(query, keys, metrics, having, orderBy, descending, n);
  }

  /** The {@code n} groups with the largest value of the last metric added (the count if none was). */
  public Aggregation top(int n) {
    return orderBy(metrics.get(metrics.size() - 1), true).limit(n);
  }

  public Query query() {
    return query;
  }

  public List<GroupKey> keys() {
    return keys;
  }

  /** The metrics, count first. */
  public List<Metric> metrics() {
    return metrics;
  }

  public List<Metric.Having> having() {
    return having;
  }

  /** The metric groups are ordered by, or null for key order. */
  public Metric orderMetric() {
    return orderBy;
  }

  public boolean descending() {
    return descending;
  }

  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    query.printFilterAndTime(sb);
    if (!keys.isEmpty()) {
      sb.append(" group by ");
      for (int i = 0; i < keys.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(keys.get(i));
      }
    }
    sb.append(" compute ");
    for (int i = 0; i < metrics.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(metrics.get(i));
    }
    for (int i = 0; i < having.size(); i++) {
      sb.append(i == 0 ? " having " : " and ").append(having.get(i));
    }
    if (orderBy != null) {
      sb.append(" order by ").append(orderBy).append(descending ? " desc" : " asc");
    }
    if (limit >= 0) {
      sb.append(" limit ").append(limit);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Aggregation)) {
      return false;
    }
    Aggregation a = (Aggregation) o;
    return query.equals(a.query) && keys.equals(a.keys) && metrics.equals(a.metrics) && having.equals(a.having)
        && Objects.equals(orderBy, a.orderBy) && descending == a.descending && limit == a.limit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, keys, metrics, having, orderBy, descending, limit);
  }
}
