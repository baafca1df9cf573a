package io.flowstore;

import io.flowstore.internal.text.IpText;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as a value. Immutable and thread-safe.
 *
 * <p>flowstore keeps addresses as numbers, not strings: an IPv4 address is 32 bits, an IPv6
 * address 128 bits (two longs). The two families never compare equal, even for IPv4-mapped
 * IPv6 addresses ({@code ::ffff:10.0.0.1} stays IPv6), because the source said what it said.
 * {@link #toString()} is the canonical text: dotted quad for IPv4, RFC 5952 for IPv6.
 */
public final class IpAddress implements Comparable<IpAddress> {
  private final long high;
  private final long low;
  private final boolean v4;

  private IpAddress(long high, long low, boolean v4) {
    this.high = high;
    this.low = low;
    this.v4 = v4;
  }

  /** An IPv4 address from its 32 bits (network order, most significant octet first). */
  public static IpAddress ofV4(int bits) {
    return new IpAddress(0, bits & 0xFFFF_FFFFL, true);
  }

  /** An IPv6 address from its 128 bits, as the high and low 64 bits. */
  public static IpAddress ofV6(long high, long low) {
    return new IpAddress(high, low, false);
  }

  /**
   * Parses an IPv4 dotted quad or an IPv6 address (any RFC 4291 text form, including an
   * embedded IPv4 tail). Zone ids ({@code %eth0}) are not addresses and are rejected.
   *
   * @throws IllegalArgumentException when the text is not an address
   */
  public static IpAddress parse(CharSequence text) {
    char[] chars = text.toString().toCharArray();
    IpText.Parsed parsed = new IpText.Parsed();
    if (!IpText.parse(chars, 0, chars.length, parsed)) {
      throw new IllegalArgumentException("invalid IP address: value=" + text);
    }
    return parsed.v4 ? ofV4((int) parsed.low) : ofV6(parsed.high, parsed.low);
  }

  /** Converts a JDK address. */
  public static IpAddress of(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return ofV4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xFF);
      lo = (lo << 8) | (b[i + 8] & 0xFF);
    }
    return ofV6(hi, lo);
  }

  public boolean isV4() {
    return v4;
  }

  /** The 32 bits of an IPv4 address. */
  public int v4Bits() {
    if (!v4) {
      throw new IllegalStateException("not an IPv4 address: value=" + this);
    }
    return (int) low;
  }

  /** The high 64 bits of an IPv6 address; 0 for IPv4. */
  public long high() {
    return high;
  }

  /** The low 64 bits of an IPv6 address, or the 32 bits of an IPv4 address (unsigned). */
  public long low() {
    return low;
  }

  /** The address bytes in network order: 4 for IPv4, 16 for IPv6. */
  public byte[] toBytes() {
    if (v4) {
      int b = (int) low;
      return new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b};
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (high >>> (56 - 8 * i));
      out[i + 8] = (byte) (low >>> (56 - 8 * i));
    }
    return out;
  }

  /** The JDK form. Note the JDK turns IPv4-mapped IPv6 addresses into IPv4 addresses. */
  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(toBytes());
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // cannot happen for 4 or 16 bytes
    }
  }

  @Override
  public int compareTo(IpAddress o) {
    if (v4 != o.v4) {
      return v4 ? -1 : 1;
    }
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress && ((IpAddress) o).high == high && ((IpAddress) o).low == low
        && ((IpAddress) o).v4 == v4;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high * 31 + low) + (v4 ? 1 : 0);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(v4 ? 15 : 39);
    if (v4) {
      IpText.appendV4(sb, (int) low);
    } else {
      IpText.appendV6(sb, high, low);
    }
    return sb.toString();
  }
}
