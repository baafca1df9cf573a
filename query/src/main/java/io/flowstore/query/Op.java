package io.flowstore.query;

/** A comparison operator of the condition language. Immutable. */
public enum Op {
  EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as the filter language writes it. */
  public String symbol() {
    return symbol;
  }

  /** The operator written {@code symbol}, or null. */
  static Op bySymbol(String symbol) {
    for (Op op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    return null;
  }

  /** Whether a value comparing to the operand as {@code cmp} (negative, 0, positive) passes. */
  boolean test(int cmp) {
    switch (this) {
      case EQ:
        return cmp == 0;
      case NE:
        return cmp != 0;
      case LT:
        return cmp < 0;
      case LE:
        return cmp <= 0;
      case GT:
        return cmp > 0;
      default:
        return cmp >= 0;
    }
  }
}
