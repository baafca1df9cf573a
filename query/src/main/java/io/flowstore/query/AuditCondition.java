package io.flowstore.query;

import io.flowstore.AuditEvent;
import io.flowstore.IpAddress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A condition on audit events: comparisons of {@link Audit} fields combined with and, or, not.
 * Immutable values with equals, hashCode and a canonical {@code toString()} that
 * {@link AuditQuery#parse} reads back to an equal condition.
 */
public abstract sealed class AuditCondition permits AuditCondition.Constant, AuditCondition.And,
    AuditCondition.Or, AuditCondition.Not, AuditCondition.Compare, AuditCondition.In, AuditCondition.Within {
  private static final Constant ALWAYS = new Constant(true);
  private static final Constant NEVER = new Constant(false);

  AuditCondition() {}

  /** Whether {@code e} passes. */
  abstract boolean test(AuditEvent e);

  public static AuditCondition always() {
    return ALWAYS;
  }

  public static AuditCondition never() {
    return NEVER;
  }

  public AuditCondition and(AuditCondition other) {
    return and(this, other);
  }

  public AuditCondition or(AuditCondition other) {
    return or(this, other);
  }

  public static AuditCondition and(AuditCondition... parts) {
    return and(List.of(parts));
  }

  /** All of {@code parts} (always() when empty); nested ands are flattened, always() dropped. */
  public static AuditCondition and(List<AuditCondition> parts) {
    List<AuditCondition> flat = new ArrayList<>();
    for (AuditCondition c : parts) {
      if (c == NEVER) {
        return NEVER;
      }
      if (c instanceof And a) {
        flat.addAll(a.parts);
      } else if (c != ALWAYS) {
        flat.add(Objects.requireNonNull(c));
      }
    }
    return flat.isEmpty() ? ALWAYS : flat.size() == 1 ? flat.get(0) : new And(flat);
  }

  public static AuditCondition or(AuditCondition... parts) {
    return or(List.of(parts));
  }

  /** Any of {@code parts} (never() when empty); nested ors are flattened, never() dropped. */
  public static AuditCondition or(List<AuditCondition> parts) {
    List<AuditCondition> flat = new ArrayList<>();
    for (AuditCondition c : parts) {
      if (c == ALWAYS) {
        return ALWAYS;
      }
      if (c instanceof Or o) {
        flat.addAll(o.parts);
      } else if (c != NEVER) {
        flat.add(Objects.requireNonNull(c));
      }
    }
    return flat.isEmpty() ? NEVER : flat.size() == 1 ? flat.get(0) : new Or(flat);
  }

  public static AuditCondition not(AuditCondition c) {
    if (c == ALWAYS) {
      return NEVER;
    }
    if (c == NEVER) {
      return ALWAYS;
    }
    return c instanceof Not n ? n.part : new Not(c);
  }

  static AuditCondition in(AuditField f, Collection<String> values) {
    LinkedHashSet<String> set = new LinkedHashSet<>(values);
    if (set.isEmpty()) {
      return NEVER;
    }
    if (set.size() == 1) {
      return new Compare(f, Op.EQ, set.iterator().next());
    }
    return new In(f, List.copyOf(set));
  }

  // ---------------------------------------------------------------- the nodes

  static final class Constant extends AuditCondition {
    final boolean value;

    Constant(boolean value) {
      this.value = value;
    }

    @Override
    boolean test(AuditEvent e) {
      return value;
    }

    @Override
    public String toString() {
      return value ? "always" : "never";
    }
  }

  static final class And extends AuditCondition {
    final List<AuditCondition> parts;

    And(List<AuditCondition> parts) {
      this.parts = List.copyOf(parts);
    }

    @Override
    boolean test(AuditEvent e) {
      for (AuditCondition c : parts) {
        if (!c.test(e)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof And a && a.parts.equals(parts);
    }

    @Override
    public int hashCode() {
      return parts.hashCode() * 31 + 1;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (AuditCondition c : parts) {
        sb.append(sb.length() > 0 ? " and " : "").append(c instanceof Or ? "(" + c + ")" : c.toString());
      }
      return sb.toString();
    }
  }

  static final class Or extends AuditCondition {
    final List<AuditCondition> parts;

    Or(List<AuditCondition> parts) {
      this.parts = List.copyOf(parts);
    }

    @Override
    boolean test(AuditEvent e) {
      for (AuditCondition c : parts) {
        if (c.test(e)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Or a && a.parts.equals(parts);
    }

    @Override
    public int hashCode() {
      return parts.hashCode() * 31 + 2;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (AuditCondition c : parts) {
        sb.append(sb.length() > 0 ? " or " : "").append(c);
      }
      return sb.toString();
    }
  }

  static final class Not extends AuditCondition {
    final AuditCondition part;

    Not(AuditCondition part) {
      this.part = part;
    }

    @Override
    boolean test(AuditEvent e) {
      return !part.test(e);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Not n && n.part.equals(part);
    }

    @Override
    public int hashCode() {
      return part.hashCode() * 31 + 3;
    }

    @Override
    public String toString() {
      return part instanceof And || part instanceof Or ? "not (" + part + ")" : "not " + part;
    }
  }

  /** {@code field op value}: a String for text and address fields, an Instant for time fields. */
  static final class Compare extends AuditCondition {
    final AuditField field;
    final Op op;
    final Object value;
    /** An address field's value as an IP address, parsed once (null when it is not one). */
    private final IpAddress valueIp;

    Compare(AuditField field, Op op, Object value) {
      this.field = Objects.requireNonNull(field);
      this.op = op;
      this.value = Objects.requireNonNull(value, "value");
      if ((field instanceof AuditField.Time) != (value instanceof Instant)) {
        throw new IllegalArgumentException("a time field compares with a time: field=" + field + ", value=" + value);
      }
      if (field instanceof AuditField.Address && op != Op.EQ && op != Op.NE) {
        throw new IllegalArgumentException("an address compares with = or != (or in a CIDR): field=" + field);
      }
      this.valueIp = field instanceof AuditField.Address ? ip((String) value) : null;
    }

    @Override
    boolean test(AuditEvent e) {
      // as for flows, a comparison is false on an event without the field (so != needs one)
      if (field instanceof AuditField.Time t) {
        Instant v = t.instant(e);
        return v != null && op.test(v.compareTo((Instant) value));
      }
      if (field instanceof AuditField.Address) {
        if (e.remoteAddress() == null) {
          return false;
        }
        boolean same = sameAddress(e, (String) value, valueIp);
        return op == Op.EQ ? same : !same;
      }
      String s = (String) value;
      List<String> texts = field.texts(e);
      if (op == Op.EQ || op == Op.NE) {
        return op == Op.EQ ? texts.contains(s) : !texts.isEmpty() && !texts.contains(s);
      }
      for (String v : texts) {
        if (op.test(Integer.signum(v.compareTo(s)))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether the event's remote address is {@code wanted} as written, or the same IP address
     * ({@code wantedIp}, parsed once; the event carries its address parsed at ingest).
     */
    static boolean sameAddress(AuditEvent e, String wanted, IpAddress wantedIp) {
      String written = e.remoteAddress();
      if (written == null) {
        return false;
      }
      return written.equals(wanted) || wantedIp != null && wantedIp.equals(e.remoteIp());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Compare c && c.field.equals(field) && c.op == op && c.value.equals(value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, op, value);
    }

    @Override
    public String toString() {
      return field.name() + " " + op.symbol() + " " + literal(value);
    }
  }

  /** {@code field in (v, ...)}: any of the values (text and address fields). */
  static final class In extends AuditCondition {
    final AuditField field;
    final List<String> values;
    /** An address field's values as IP addresses, parsed once (null where one is not). */
    private final List<IpAddress> valueIps;

    In(AuditField field, List<String> values) {
      this.field = field;
      this.values = values;
      if (field instanceof AuditField.Time) {
        throw new IllegalArgumentException("in (...) takes text values: field=" + field);
      }
      List<IpAddress> ips = new java.util.ArrayList<>();
      if (field instanceof AuditField.Address) {
        for (String v : values) {
          ips.add(ip(v));
        }
      }
      this.valueIps = ips;
    }

    @Override
    boolean test(AuditEvent e) {
      if (field instanceof AuditField.Address) {
        for (int i = 0; i < values.size(); i++) {
          if (Compare.sameAddress(e, values.get(i), valueIps.get(i))) {
            return true;
          }
        }
        return false;
      }
      for (String v : field.texts(e)) {
        if (values.contains(v)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof In i && i.field.equals(field) && i.values.equals(values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, values) + 4;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(field.name()).append(" in (");
      for (int i = 0; i < values.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(literal(values.get(i)));
      }
      return sb.append(')').toString();
    }
  }

  /** {@code remoteAddress in CIDR}. */
  static final class Within extends AuditCondition {
    final AuditField field;
    final Cidr cidr;

    Within(AuditField field, Cidr cidr) {
      this.field = field;
      this.cidr = cidr;
    }

    @Override
    boolean test(AuditEvent e) {
      return e.remoteIp() != null && cidr.contains(e.remoteIp());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Within w && w.field.equals(field) && w.cidr.equals(cidr);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, cidr) + 5;
    }

    @Override
    public String toString() {
      return field.name() + " in " + cidr;
    }
  }

  static IpAddress ip(String text) {
    try {
      return IpAddress.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.:/@+-]+");
  private static final java.util.Set<String> KEYWORDS = java.util.Set.of("and", "or", "not", "in", "between", "time",
      "to", "order", "by", "limit", "group", "always", "never", "asc", "desc");

  /** A value as the text language writes it: bare when it can be, else double-quoted with escapes. */
  static String literal(Object v) {
    if (v instanceof Instant t) {
      return Texts.time(t);
    }
    String s = (String) v;
    return BARE.matcher(s).matches() && !KEYWORDS.contains(s.toLowerCase(java.util.Locale.ROOT)) ? s : Texts.quote(s);
  }
}
