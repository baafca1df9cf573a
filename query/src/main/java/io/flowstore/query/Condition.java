package io.flowstore.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A condition on a flow event: comparisons of fields combined with and, or, not. An immutable
 * value with {@code equals}, {@code hashCode} and a canonical {@link #toString()} in the text
 * filter language, which {@link #parse} reads back to an equal condition. Thread-safe.
 *
 * <p>Factories normalize, so equal meaning often means equal values: nested {@code and}s (and
 * {@code or}s) are flattened, {@link #always()} and {@link #never()} are identities and
 * absorbing elements, {@code not not x} is {@code x}, an IN list is sorted and deduplicated, and
 * an IN list of one value is an equality.
 */
public abstract sealed class Condition permits Condition.Constant, Condition.And, Condition.Or, Condition.Not,
    Condition.Compare, Condition.In, Condition.Between, Condition.Within {

  Condition() {}

  /** Matches every event. */
  public static Condition always() {
    return Constant.ALWAYS;
  }

  /** Matches no event. */
  public static Condition never() {
    return Constant.NEVER;
  }

  /** All of {@code conditions}; {@code always()} when there are none. */
  public static Condition and(Condition... conditions) {
    return and(List.of(conditions));
  }

  public static Condition and(List<Condition> conditions) {
    List<Condition> parts = new ArrayList<>();
    for (Condition c : conditions) {
      Objects.requireNonNull(c, "null condition");
      if (c == Constant.NEVER) {
        return c;
      }
      if (c instanceof And a) {
        parts.addAll(a.parts);
      } else if (c != Constant.ALWAYS) {
        parts.add(c);
      }
    }
    return parts.isEmpty() ? always() : parts.size() == 1 ? parts.get(0) : new And(parts);
  }

  /** Any of {@code conditions}; {@code never()} when there are none. */
  public static Condition or(Condition... conditions) {
    return or(List.of(conditions));
  }

  public static Condition or(List<Condition> conditions) {
    List<Condition> parts = new ArrayList<>();
    for (Condition c : conditions) {
      Objects.requireNonNull(c, "null condition");
      if (c == Constant.ALWAYS) {
        return c;
      }
      if (c instanceof Or o) {
        parts.addAll(o.parts);
      } else if (c != Constant.NEVER) {
        parts.add(c);
      }
    }
    return parts.isEmpty() ? never() : parts.size() == 1 ? parts.get(0) : new Or(parts);
  }

  /** Events that do not match {@code c} (including those that lack the fields it tests). */
  public static Condition not(Condition c) {
    Objects.requireNonNull(c, "null condition");
    if (c == Constant.ALWAYS) {
      return Constant.NEVER;
    }
    if (c == Constant.NEVER) {
      return Constant.ALWAYS;
    }
    return c instanceof Not n ? n.inner : new Not(c);
  }

  public Condition and(Condition other) {
    return and(this, other);
  }

  public Condition or(Condition other) {
    return or(this, other);
  }

  public Condition not() {
    return not(this);
  }

  /**
   * Parses the text filter language, e.g. {@code action = REJECT and dstPort in (22, 3389) and
   * not srcAddr in 10.0.0.0/8}. See the README for the grammar and the nfdump-style shorthands.
   *
   * @throws QuerySyntaxException naming the column and what was expected
   */
  public static Condition parse(String text) {
    return new FilterParser(text).parseConditionOnly();
  }

  static <T extends Comparable<? super T>> Condition compare(Field<T> f, Op op, Object value) {
    return new Compare(f, Objects.requireNonNull(op), f.check(value));
  }

  static <T extends Comparable<? super T>> Condition between(Field<T> f, Object lo, Object hi) {
    return new Between(f, f.check(lo), f.check(hi));
  }

  static <T extends Comparable<? super T>> Condition in(Field<T> f, Collection<?> values) {
    TreeSet<T> set = new TreeSet<>();
    for (Object v : values) {
      set.add(f.check(v));
    }
    if (set.isEmpty()) {
      return never();
    }
    if (set.size() == 1) {
      return new Compare(f, Op.EQ, set.first());
    }
    return new In(f, Collections.unmodifiableList(new ArrayList<>(set)));
  }

  static Condition within(AddressField f, Cidr cidr) {
    return new Within(f, Objects.requireNonNull(cidr));
  }

  /** Binding strength in the text form: or 1, and 2, everything else 3. */
  int precedence() {
    return 3;
  }

  abstract void print(StringBuilder sb);

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    print(sb);
    return sb.toString();
  }

  static void printChild(StringBuilder sb, Condition child, int parentPrecedence) {
    if (child.precedence() <= parentPrecedence) {
      sb.append('(');
      child.print(sb);
      sb.append(')');
    } else {
      child.print(sb);
    }
  }

  /** {@code always} or {@code never}. */
  static final class Constant extends Condition {
    static final Constant ALWAYS = new Constant(true);
    static final Constant NEVER = new Constant(false);
    final boolean value;

    private Constant(boolean value) {
      this.value = value;
    }

    @Override
    void print(StringBuilder sb) {
      sb.append(value ? "always" : "never");
    }
  }

  /** Every part matches. */
  public static final class And extends Condition {
    final List<Condition> parts;

    And(List<Condition> parts) {
      this.parts = List.copyOf(parts);
    }

    public List<Condition> parts() {
      return parts;
    }

    @Override
    int precedence() {
      return 2;
    }

    @Override
    void print(StringBuilder sb) {
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          sb.append(" and ");
        }
        printChild(sb, parts.get(i), 2);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof And a && a.parts.equals(parts);
    }

    @Override
    public int hashCode() {
      return parts.hashCode() * 31 + 1;
    }
  }

  /** Some part matches. */
  public static final class Or extends Condition {
    final List<Condition> parts;

    Or(List<Condition> parts) {
      this.parts = List.copyOf(parts);
    }

    public List<Condition> parts() {
      return parts;
    }

    @Override
    int precedence() {
      return 1;
    }

    @Override
    void print(StringBuilder sb) {
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          sb.append(" or ");
        }
        printChild(sb, parts.get(i), 1);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Or a && a.parts.equals(parts);
    }

    @Override
    public int hashCode() {
      return parts.hashCode() * 31 + 2;
    }
  }

  /** The inner condition does not match. */
  public static final class Not extends Condition {
    final Condition inner;

    Not(Condition inner) {
      this.inner = inner;
    }

    public Condition inner() {
      return inner;
    }

    @Override
    void print(StringBuilder sb) {
      sb.append("not ");
      printChild(sb, inner, 2);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Not n && n.inner.equals(inner);
    }

    @Override
    public int hashCode() {
      return inner.hashCode() * 31 + 3;
    }
  }

  /** {@code field op value}. */
  public static final class Compare extends Condition {
    final Field<?> field;
    final Op op;
    final Comparable<?> value;

    Compare(Field<?> field, Op op, Comparable<?> value) {
      this.field = field;
      this.op = op;
      this.value = value;
    }

    public Field<?> field() {
      return field;
    }

    public Op op() {
      return op;
    }

    public Object value() {
      return value;
    }

    @Override
    void print(StringBuilder sb) {
      sb.append(field.name()).append(' ').append(op.symbol()).append(' ').append(format(field, value));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Compare c && c.field == field && c.op == op && c.value.equals(value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field.name(), op, value);
    }
  }

  /** {@code field in (v, v, ...)}: sorted, distinct, at least two values. */
  public static final class In extends Condition {
    final Field<?> field;
    final List<? extends Comparable<?>> values;

    In(Field<?> field, List<? extends Comparable<?>> values) {
      this.field = field;
      this.values = values;
    }

    public Field<?> field() {
      return field;
    }

    public List<?> values() {
      return values;
    }

    @Override
    void print(StringBuilder sb) {
      sb.append(field.name()).append(" in (");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(format(field, values.get(i)));
      }
      sb.append(')');
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof In c && c.field == field && c.values.equals(values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field.name(), values);
    }
  }

  /** {@code field between lo and hi}, both included. */
  public static final class Between extends Condition {
    final Field<?> field;
    final Comparable<?> lo;
    final Comparable<?> hi;

    Between(Field<?> field, Comparable<?> lo, Comparable<?> hi) {
      this.field = field;
      this.lo = lo;
      this.hi = hi;
    }

    public Field<?> field() {
      return field;
    }

    public Object lo() {
      return lo;
    }

    public Object hi() {
      return hi;
    }

    @Override
    void print(StringBuilder sb) {
      sb.append(field.name()).append(" between ").append(format(field, lo)).append(" and ")
          .append(format(field, hi));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Between c && c.field == field && c.lo.equals(lo) && c.hi.equals(hi);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field.name(), lo, hi);
    }
  }

  /** {@code addressField in CIDR}. */
  public static final class Within extends Condition {
    final AddressField field;
    final Cidr cidr;

    Within(AddressField field, Cidr cidr) {
      this.field = field;
      this.cidr = cidr;
    }

    public AddressField field() {
      return field;
    }

    public Cidr cidr() {
      return cidr;
    }

    @Override
    void print(StringBuilder sb) {
      sb.append(field.name()).append(" in ").append(cidr);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Within c && c.field == field && c.cidr.equals(cidr);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field.name(), cidr);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static String format(Field field, Object value) {
    return field.format((Comparable) value);
  }
}
