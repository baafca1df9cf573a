package io.flowstore.query;

import java.util.Objects;

/**
 * A value computed per group: the event count, or the sum, minimum, maximum or average of a
 * number field over the group's events that have it. Immutable.
 */
public record Metric(Kind kind, LongField field) {
  /** What a metric computes. */
  public enum Kind { COUNT, SUM, MIN, MAX, AVG }

  public Metric {
    Objects.requireNonNull(kind);
    if ((kind == Kind.COUNT) != (field == null)) {
      throw new IllegalArgumentException(kind == Kind.COUNT ? "count takes no field" : kind + " needs a field");
    }
    if (field == Flow.POSITION) {
      throw new IllegalArgumentException("position is not a metric: it is where an event is in the stream");
    }
  }

  public static Metric count() {
    return new Metric(Kind.COUNT, null);
  }

  public static Metric sum(LongField f) {
    return new Metric(Kind.SUM, f);
  }

  public static Metric min(LongField f) {
    return new Metric(Kind.MIN, f);
  }

  public static Metric max(LongField f) {
    return new Metric(Kind.MAX, f);
  }

  public static Metric avg(LongField f) {
    return new Metric(Kind.AVG, f);
  }

  public Having gt(long v) {
    return new Having(this, Op.GT, v);
  }

  public Having ge(long v) {
    return new Having(this, Op.GE, v);
  }

  public Having lt(long v) {
    return new Having(this, Op.LT, v);
  }

  public Having le(long v) {
    return new Having(this, Op.LE, v);
  }

  public Having eq(long v) {
    return new Having(this, Op.EQ, v);
  }

  public Having ne(long v) {
    return new Having(this, Op.NE, v);
  }

  @Override
  public String toString() {
    return kind == Kind.COUNT ? "count" : kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + field.name() + ")";
  }

  /**
   * A filter on a group's metric, applied after aggregation (SQL's HAVING). A group where the
   * metric has no value (a sum over no events with the field) fails it.
   */
  public record Having(Metric metric, Op op, long value) {
    @Override
    public String toString() {
      return metric + " " + op.symbol() + " " + value;
    }
  }
}
