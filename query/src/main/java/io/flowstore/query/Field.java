package io.flowstore.query;

import io.flowstore.FlowField;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A typed field of a flow event, the vocabulary of conditions. Immutable and thread-safe.
 *
 * <p>The fields are the constants of {@link Flow}. Every comparison is false on an event that
 * lacks the field, so {@code ne} means "has the field and it differs", while
 * {@code eq(x).not()} also matches events without the field. A multi-valued field
 * ({@link Flow#RESOURCE_ID}, every resource of the path) matches when any of its values does.
 *
 * @param <T> the Java type of the field's values
 */
public abstract sealed class Field<T extends Comparable<? super T>> implements GroupKey
    permits StringField, LongField, TimeField, AddressField {
  private final String name;
  private final FlowField flowField;

  Field(String name, FlowField flowField) {
    this.name = name;
    this.flowField = flowField;
  }

  /** The documented camelCase name, as the text filter language writes it. */
  public String name() {
    return name;
  }

  /** The event field this reads, or null for the derived fields {@code kind} and {@code resourceId}. */
  public FlowField flowField() {
    return flowField;
  }

  public Condition eq(T value) {
    return Condition.compare(this, Op.EQ, value);
  }

  public Condition ne(T value) {
    return Condition.compare(this, Op.NE, value);
  }

  public Condition lt(T value) {
    return Condition.compare(this, Op.LT, value);
  }

  public Condition le(T value) {
    return Condition.compare(this, Op.LE, value);
  }

  public Condition gt(T value) {
    return Condition.compare(this, Op.GT, value);
  }

  public Condition ge(T value) {
    return Condition.compare(this, Op.GE, value);
  }

  /** Values from {@code lo} to {@code hi}, both included. */
  public Condition between(T lo, T hi) {
    return Condition.between(this, lo, hi);
  }

  /** Any of {@code values} (thousands are fine: the set is hashed once per query). */
  public Condition in(Collection<? extends T> values) {
    return Condition.in(this, values);
  }

  /** Parses the text form of a value of this field (what the filter language accepts). */
  abstract T parse(String text);

  /** Checks a value given through the Java API; returns it normalized. */
  T check(Object value) {
    Objects.requireNonNull(value, () -> "null value for field " + name);
    if (!type().isInstance(value)) {
      throw new IllegalArgumentException("value of the wrong type for field " + name + ": value=" + value
          + ", expected=" + type().getSimpleName());
    }
    return type().cast(value);
  }

  abstract Class<T> type();

  /** The text form of a value, as the parser reads it back. */
  String format(T value) {
    return value.toString();
  }

  @Override
  public List<Field<?>> fields() {
    return List.of(this);
  }

  @Override
  public String toString() {
    return name;
  }
}
