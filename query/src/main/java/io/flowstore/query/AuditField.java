package io.flowstore.query;

import io.flowstore.AuditEvent;
import io.flowstore.internal.audit.AuditDim;

import java.util.List;

/**
 * A field of audit events, for {@link AuditCondition}s and {@link AuditAggregation}s. Audit
 * fields and flow fields are different types, so a flow field cannot be given to an audit query
 * (and the reverse): the compiler refuses it. The fields are in {@link Audit}. Immutable.
 */
public abstract sealed class AuditField permits AuditField.Text, AuditField.Time, AuditField.Address {
  private final String name;
  final AuditDim dim;

  AuditField(String name, AuditDim dim) {
    this.name = name;
    this.dim = dim;
  }

  /** The name the text language uses (camelCase; a dotted path for a field inside the JSON). */
  public String name() {
    return name;
  }

  /** The values of this field in {@code e} as text: none when absent, several for resource ids. */
  abstract List<String> texts(AuditEvent e);

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditField f && f.getClass() == getClass() && f.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** A string field: compared as text (ordering is by Unicode code units). */
  public static final class Text extends AuditField {
    private final java.util.function.Function<AuditEvent, List<String>> values;

    Text(String name, AuditDim dim, java.util.function.Function<AuditEvent, List<String>> values) {
      super(name, dim);
      this.values = values;
    }

    @Override
    List<String> texts(AuditEvent e) {
      return values.apply(e);
    }

    public AuditCondition eq(String v) {
      return new AuditCondition.Compare(this, Op.EQ, v);
    }

    /**
     * Has the field and it is not {@code v} (for resource ids: none of them is). As for flows, a
     * comparison is false on an event without the field; {@code not(eq(v))} also matches those.
     */
    public AuditCondition ne(String v) {
      return new AuditCondition.Compare(this, Op.NE, v);
    }

    public AuditCondition lt(String v) {
      return new AuditCondition.Compare(this, Op.LT, v);
    }

    public AuditCondition le(String v) {
      return new AuditCondition.Compare(this, Op.LE, v);
    }

    public AuditCondition gt(String v) {
      return new AuditCondition.Compare(this, Op.GT, v);
    }

    public AuditCondition ge(String v) {
      return new AuditCondition.Compare(this, Op.GE, v);
    }

    public AuditCondition between(String lo, String hi) {
      return AuditCondition.and(ge(lo), le(hi));
    }

    public AuditCondition in(String... values) {
      return in(List.of(values));
    }

    public AuditCondition in(java.util.Collection<String> values) {
      return AuditCondition.in(this, values);
    }
  }

  /** A time field: eventTime, createTime, updateTime. */
  public static final class Time extends AuditField {
    private final java.util.function.Function<AuditEvent, java.time.Instant> value;

    Time(String name, java.util.function.Function<AuditEvent, java.time.Instant> value) {
      super(name, null);
      this.value = value;
    }

    java.time.Instant instant(AuditEvent e) {
      return value.apply(e);
    }

    @Override
    List<String> texts(AuditEvent e) {
      java.time.Instant t = value.apply(e);
      return t == null ? List.of() : List.of(t.toString());
    }

    public AuditCondition eq(java.time.Instant t) {
      return new AuditCondition.Compare(this, Op.EQ, t);
    }

    public AuditCondition ne(java.time.Instant t) {
      return new AuditCondition.Compare(this, Op.NE, t);
    }

    public AuditCondition lt(java.time.Instant t) {
      return new AuditCondition.Compare(this, Op.LT, t);
    }

    public AuditCondition le(java.time.Instant t) {
      return new AuditCondition.Compare(this, Op.LE, t);
    }

    public AuditCondition gt(java.time.Instant t) {
      return new AuditCondition.Compare(this, Op.GT, t);
    }

    public AuditCondition ge(java.time.Instant t) {
      return new AuditCondition.Compare(this, Op.GE, t);
    }

    /** Inclusive start, exclusive end. */
    public AuditCondition between(java.time.Instant from, java.time.Instant to) {
      return AuditCondition.and(ge(from), lt(to));
    }
  }

  /**
   * The remote address: compared as written ({@code cloud.yandex}), or as an IP address when
   * both sides are one ({@code ::1} equals {@code 0:0::1}); {@link #within} matches IP addresses.
   */
  public static final class Address extends AuditField {
    Address(String name) {
      super(name, null);
    }

    @Override
    List<String> texts(AuditEvent e) {
      return e.remoteAddress() == null ? List.of() : List.of(e.remoteAddress());
    }

    public AuditCondition eq(String address) {
      return new AuditCondition.Compare(this, Op.EQ, address);
    }

    public AuditCondition ne(String address) {
      return new AuditCondition.Compare(this, Op.NE, address);
    }

    public AuditCondition in(String... addresses) {
      return AuditCondition.in(this, List.of(addresses));
    }

    /** IP addresses in {@code cidr} (IPv4 or IPv6, any prefix length). */
    public AuditCondition within(String cidr) {
      return within(Cidr.parse(cidr));
    }

    public AuditCondition within(Cidr cidr) {
      return new AuditCondition.Within(this, cidr);
    }
  }
}
