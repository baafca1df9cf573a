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

  /** The range a time of the filter language can name (and print back): 0001-01-01Z to 9999-12-31Z. */
  static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  @Override
  Instant parse(String text) {
    Instant t;
    try {
      t = Timestamp.parse(text).toInstant();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an RFC 3339 time for " + name() + ", found '" + text + "'");
    }
    return inRange(t);
  }

  @Override
  Instant check(Object value) {
    return inRange(super.check(value));
  }

  private Instant inRange(Instant t) {
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw new IllegalArgumentException("time out of range for " + name() + ": " + t
          + ", expected 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    }
    return t;
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
