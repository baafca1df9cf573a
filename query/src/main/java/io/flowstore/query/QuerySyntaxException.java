package io.flowstore.query;

/**
 * A query or filter text that does not parse: the message names the column (from 1) and what
 * was expected, e.g. {@code expected value after '=' at column 14}. Immutable.
 */
public final class QuerySyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int column;

  public QuerySyntaxException(String message, int column) {
    super(message);
    this.column = column;
  }

  /** The column (from 1) where the text went wrong. */
  public int column() {
    return column;
  }
}
