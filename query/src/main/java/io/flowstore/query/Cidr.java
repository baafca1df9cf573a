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
      return IpAddress.ofV4((int) (a.low() & v4Mask(bits)));
    }
    return IpAddress.ofV6(a.high() & highMask(bits), a.low() & lowMask(bits));
  }

  /** The mask of an IPv4 prefix of {@code bits} (at most 32 count) over the unsigned 32 bits. */
  static long v4Mask(int bits) {
    int b = Math.min(bits, 32);
    return b == 0 ? 0 : (0xFFFF_FFFFL << (32 - b)) & 0xFFFF_FFFFL;
  }

  /** The mask of an IPv6 prefix of {@code bits} over the high 64 bits. */
  static long highMask(int bits) {
    return bits >= 64 ? -1L : (bits == 0 ? 0 : -1L << (64 - bits));
  }

  /** The mask of an IPv6 prefix of {@code bits} over the low 64 bits. */
  static long lowMask(int bits) {
    return bits >= 128 ? -1L : (bits <= 64 ? 0 : -1L << (128 - bits));
  }

  @Override
  public String toString() {
    return network + "/" + bits;
  }
}
