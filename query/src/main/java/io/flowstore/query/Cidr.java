package io.flowstore.query;

import io.flowstore.IpAddress;

/**
 * An IPv4 or IPv6 network: an address and a prefix length, with the host bits cleared.
 * Immutable and thread-safe. {@code 10.1.2.3/8} is read as {@code 10.0.0.0/8}.
 */
public record Cidr(IpAddress network, int bits) {
  public Cidr {
    int max = network.isV4() ? 32 : 128;
    if (bits < 0 || bits > max) {
      throw new IllegalArgumentException("prefix length out of range: bits=" + bits + ", expected 0.." + max);
    }
    network = mask(network, bits);
  }

  /** Parses {@code ADDRESS/BITS}; a bare address is a /32 (IPv4) or /128 (IPv6). */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    IpAddress a;
    try {
      a = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected a CIDR such as 10.0.0.0/8, found '" + text + "'");
    }
    if (slash < 0) {
      return new Cidr(a, a.isV4() ? 32 : 128);
    }
    try {
      return new Cidr(a, Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a CIDR such as 10.0.0.0/8, found '" + text + "'");
    }
  }

  /** The first address, as two unsigned 64-bit halves (IPv4 in the low half). */
  public IpAddress first() {
    return network;
  }

  /** The last address of the network. */
  public IpAddress last() {
    if (network.isV4()) {
      long host = bits == 32 ? 0 : (1L << (32 - bits)) - 1;
      return IpAddress.ofV4((int) (network.low() | host));
    }
    long hiHost = bits >= 64 ? 0 : (bits == 0 ? -1L : -1L >>> bits);
    long loHost = bits >= 128 ? 0 : (bits <= 64 ? -1L : -1L >>> (bits - 64));
    return IpAddress.ofV6(network.high() | hiHost, network.low() | loHost);
  }

  /** Whether {@code a} lies in this network (an IPv4 address is never in an IPv6 network). */
  public boolean contains(IpAddress a) {
    return a.isV4() == network.isV4() && a.compareTo(network) >= 0 && a.compareTo(last()) <= 0;
  }

  /** {@code a} with all but its first {@code bits} bits cleared. */
  static IpAddress mask(IpAddress a, int bits) {
    if (a.isV4()) {
      int b = Math.min(bits, 32);
      int m = b == 0 ? 0 : -1 << (32 - b);
      return IpAddress.ofV4((int) a.low() & m);
    }
    long hiMask = bits >= 64 ? -1L : (bits == 0 ? 0 : -1L << (64 - bits));
    long loMask = bits >= 128 ? -1L : (bits <= 64 ? 0 : -1L << (128 - bits));
    return IpAddress.ofV6(a.high() & hiMask, a.low() & loMask);
  }

  @Override
  public String toString() {
    return network + "/" + bits;
  }
}
