package io.flowstore.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One group of an aggregation: its key values and its metrics. Immutable and thread-safe.
 *
 * <p>Key values are a String (string fields), a Long (number fields), an Instant (time fields
 * and the start of a time bucket), an {@link io.flowstore.IpAddress} (address fields) or a
 * {@link Cidr} (address prefixes), or null for events without the field.
 */
public final class Group {
  private final List<Object> keys;
  private final Map<Metric, Number> values;

  Group(List<Object> keys, Map<Metric, Number> values) {
    this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
    this.values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** The key values, one per group key of the aggregation. */
  public List<Object> keys() {
    return keys;
  }

  /** The key as text: the values joined with {@code ", "}, an absent value written as {@code -}. */
  public String key() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      Object k = keys.get(i);
      sb.append(i > 0 ? ", " : "").append(k == null ? "-" : k instanceof java.time.Instant t ? Texts.time(t) : k);
    }
    return sb.toString();
  }

  /**
   * The value of {@code metric}: a Long (count, sum, min, max), a Double (avg), or null when
   * no event of the group has the field.
   */
  public Number value(Metric metric) {
    if (!values.containsKey(metric)) {
      throw new IllegalArgumentException("metric not computed by this aggregation: metric=" + metric);
    }
    return values.get(metric);
  }

  /** The number of events in the group. */
  public long count() {
    return value(Metric.count()).longValue();
  }

  /** The sum of {@code f} over the group's events (0 when none has it). */
  public long sum(LongField f) {
    Number n = value(Metric.sum(f));
    return n == null ? 0 : n.longValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Group g && g.keys.equals(keys) && g.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keys, values);
  }

  @Override
  public String toString() {
    return "Group[" + key() + ": " + values + "]";
  }
}
