package io.flowstore.query;

import java.util.List;

/**
 * What an aggregation groups by: a field's value ({@link Field} itself), an address prefix
 * ({@link AddressField#prefix}) or a time bucket ({@link TimeField#bucket}). Immutable.
 */
public sealed interface GroupKey permits Field, GroupKey.Prefix, GroupKey.Bucket {
  /** The fields the key reads. */
  List<Field<?>> fields();

  /** The key's text form: {@code subnetId}, {@code dstAddr/24}, {@code eventTime/5m}. */
  @Override
  String toString();

  /** Addresses grouped by their first {@code bits} bits (an IPv4 /24, an IPv6 /64). */
  record Prefix(AddressField field, int bits) implements GroupKey {
    public Prefix {
      if (bits < 0 || bits > 128) {
        throw new IllegalArgumentException("prefix length out of range: bits=" + bits + ", expected 0..128");
      }
    }

    @Override
    public List<Field<?>> fields() {
      return List.of(field);
    }

    @Override
    public String toString() {
      return field.name() + "/" + bits;
    }
  }

  /** Times grouped into buckets of {@code nanos} nanoseconds, aligned to the epoch. */
  record Bucket(TimeField field, long nanos) implements GroupKey {
    public Bucket {
      if (nanos <= 0) {
        throw new IllegalArgumentException("time bucket must be positive: nanos=" + nanos);
      }
    }

    @Override
    public List<Field<?>> fields() {
      return List.of(field);
    }

    @Override
    public String toString() {
      return field.name() + "/" + Durations.format(nanos);
    }
  }
}
