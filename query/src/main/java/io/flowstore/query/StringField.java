package io.flowstore.query;

import io.flowstore.FlowField;

import java.util.Arrays;

/** A text field: ids, names, actions, directions. Immutable and thread-safe. */
public final class StringField extends Field<String> {
  StringField(String name, FlowField flowField) {
    super(name, flowField);
  }

  /** Any of {@code values}. */
  public Condition in(String... values) {
    return in(Arrays.asList(values));
  }

  @Override
  String parse(String text) {
    return text;
  }

  @Override
  Class<String> type() {
    return String.class;
  }

  @Override
  String format(String value) {
    return Texts.quoteIfNeeded(value);
  }
}
