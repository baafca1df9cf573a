package io.flowstore.query;

/**
 * The order of a query's results: by a number or time field, ascending or descending; ties,
 * and events without the field (which count as the smallest value), in ingest order.
 * Immutable.
 */
public record Order(Field<?> field, boolean descending) {
  public Order {
    if (field == Flow.POSITION) {
      throw new IllegalArgumentException("cannot order by position: results come in ingest (position) order already");
    }
    if (!(field instanceof LongField) && !(field instanceof TimeField)) {
      throw new IllegalArgumentException("cannot order by " + field.name() + ": only number and time fields order results");
    }
  }

  @Override
  public String toString() {
    return field.name() + (descending ? " desc" : " asc");
  }
}
