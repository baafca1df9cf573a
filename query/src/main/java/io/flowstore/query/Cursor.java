package io.flowstore.query;

/**
 * Where a page of results ended, for keyset pagination: the order key and the stream position
 * of the last event returned. Immutable. A query {@link Query#after after} a cursor returns the
 * events that come strictly after that event in the query's order, so pages stay correct while
 * ingest continues: new events land in later pages (or in earlier ones already read, for an
 * order other than ingest order), never twice and never shifting what follows.
 *
 * @param key the order field's value of the last event (its position in ingest order)
 * @param position the last event's stream position
 */
public record Cursor(long key, long position) {
  /** Text form {@code KEY:POSITION}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return key + ":" + position;
  }

  public static Cursor parse(String text) {
    int c = text.lastIndexOf(':');
    try {
      return new Cursor(Long.parseLong(text.substring(0, c)), Long.parseLong(text.substring(c + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("expected a cursor KEY:POSITION, found '" + text + "'");
    }
  }
}
