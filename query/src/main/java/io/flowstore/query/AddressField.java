package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 or IPv6 address field. Immutable and thread-safe. Addresses order IPv4 before IPv6,
 * each numerically; {@code lt}/{@code gt} compare within that order.
 */
public final class AddressField extends Field<IpAddress> {
  AddressField(String name, FlowField flowField) {
    super(name, flowField);
  }

  public Condition eq(String address) {
    return eq(IpAddress.parse(address));
  }

  /** Addresses inside {@code cidr} ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, any prefix length). */
  public Condition within(String cidr) {
    return within(Cidr.parse(cidr));
  }

  public Condition within(Cidr cidr) {
    return Condition.within(this, cidr);
  }

  /** Any of {@code addresses}. */
  public Condition in(String... addresses) {
    List<IpAddress> list = new ArrayList<>(addresses.length);
    for (String a : addresses) {
      list.add(IpAddress.parse(a));
    }
    return in(list);
  }

  /** A group key: the address's first {@code bits} bits ({@code srcAddr/24}, {@code dstAddr/64}). */
  public GroupKey prefix(int bits) {
    return new GroupKey.Prefix(this, bits);
  }

  @Override
  IpAddress parse(String text) {
    try {
      return IpAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an IP address for " + name() + ", found '" + text + "'");
    }
  }

  @Override
  Class<IpAddress> type() {
    return IpAddress.class;
  }
}
