package io.flowstore.query;

import io.flowstore.FlowField;

import java.util.ArrayList;
import java.util.List;

/** A signed 64-bit integer field: ports, counters, bytes, packets. Immutable and thread-safe. */
public final class LongField extends Field<Long> {
  LongField(String name, FlowField flowField) {
    super(name, flowField);
  }

  public Condition eq(long value) {
    return eq(Long.valueOf(value));
  }

  public Condition ne(long value) {
    return ne(Long.valueOf(value));
  }

  public Condition lt(long value) {
    return lt(Long.valueOf(value));
  }

  public Condition le(long value) {
    return le(Long.valueOf(value));
  }

  public Condition gt(long value) {
    return gt(Long.valueOf(value));
  }

  public Condition ge(long value) {
    return ge(Long.valueOf(value));
  }

  public Condition between(long lo, long hi) {
    return between(Long.valueOf(lo), Long.valueOf(hi));
  }

  /** Any of {@code values}. */
  public Condition in(long... values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return in(list);
  }

  /** Results ordered by this field, smallest first (events without it first). */
  public Order ascending() {
    return new Order(this, false);
  }

  /** Results ordered by this field, largest first (events without it last). */
  public Order descending() {
    return new Order(this, true);
  }

  @Override
  Long parse(String text) {
    String t = text.startsWith("+") ? text.substring(1) : text;
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      if (this == Flow.PROTO) {
        Long p = Texts.protocol(text);
        if (p != null) {
          return p;
        }
      }
      throw new IllegalArgumentException("expected an integer for " + name() + ", found '" + text + "'");
    }
  }

  @Override
  Class<Long> type() {
    return Long.class;
  }
}
