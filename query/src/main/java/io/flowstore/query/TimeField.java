package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.Timestamp;

import java.time.Duration;
import java.time.Instant;

/**
 * A time field (eventTime, aggStart, aggEnd), compared at nanosecond precision over years 0001
 * to 9999. Immutable and thread-safe.
 */
public final class TimeField extends Field<Instant> {
  TimeField(String name, FlowField flowField) {
    super(name, flowField);
  }

  /** From {@code from} included to {@code to} excluded. */
  public Condition within(Instant from, Instant to) {
    return ge(from).and(lt(to));
  }

  /** Results ordered by this field, earliest first (events without it first). */
  public Order ascending() {
    return new Order(this, false);
  }

  /** Results ordered by this field, latest first (events without it last). */
  public Order descending() {
    return new Order(this, true);
  }

  /** A group key: this time floored to buckets of {@code size} (e.g. 5 minutes), aligned to the epoch. */
  public GroupKey bucket(Duration size) {
    return new GroupKey.Bucket(this, size.toNanos());
  }

  @Override
  Instant parse(String text) {
    try {
      return Timestamp.parse(text).toInstant();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an RFC 3339 time for " + name() + ", found '" + text + "'");
    }
  }

  @Override
  Class<Instant> type() {
    return Instant.class;
  }

  @Override
  String format(Instant value) {
    return Texts.time(value);
  }
}
