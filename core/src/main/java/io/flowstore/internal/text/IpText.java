package io.flowstore.internal.text;

/**
 * Allocation-free parsing and formatting of IP address text. Internal.
 *
 * <p>Parsing works on a char range (the JSON parser's buffer) and writes into a reusable
 * {@link Parsed}. Formatting follows RFC 5952 for IPv6: lowercase, leading zeros dropped, the
 * longest run of two or more zero groups (the first on a tie) written as {@code ::}, and the
 * IPv4-mapped form {@code ::ffff:a.b.c.d}.
 */
public final class IpText {
  private IpText() {}

  /** Output of {@link #parse}: IPv4 bits are in {@code low}. Not thread-safe; reuse per thread. */
  public static final class Parsed {
    public boolean v4;
    public long high;
    public long low;
    final int[] groups = new int[8];
    final int[] full = new int[8];
  }

  public static boolean parse(char[] c, int off, int len, Parsed out) {
    if (len <= 0 || len > 45) {
      return false;
    }
    if (len <= 15) {
      long v = parseV4(c, off, off + len);
      if (v >= 0) {
        out.v4 = true;
        out.high = 0;
        out.low = v;
        return true;
      }
    }
    for (int i = off; i < off + len; i++) {
      if (c[i] == ':') {
        return parseV6(c, off, len, out);
      }
    }
    return false;
  }

  /** Parses a dotted quad in [from, to); returns the 32 bits as a non-negative long, or -1. */
  static long parseV4(char[] c, int from, int to) {
    long result = 0;
    int octets = 0;
    int i = from;
    while (true) {
      int d = i < to ? c[i] - '0' : -1;
      if (d < 0 || d > 9) {
        return -1;
      }
      int value = d;
      int end = Math.min(to, i + 3);
      i++;
      while (i < end) {
        d = c[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        value = value * 10 + d;
        i++;
      }
      if (value > 255) {
        return -1;
      }
      result = (result << 8) | value;
      if (++octets == 4) {
        return i == to ? result : -1;
      }
      if (i >= to || c[i] != '.') {
        return -1;
      }
      i++;
    }
  }

  private static boolean parseV6(char[] c, int from, int len, Parsed out) {
    int end = from + len;
    int[] groups = out.groups;
    int count = 0;
    int gap = -1;
    int i = from;
    if (i + 1 < end && c[i] == ':' && c[i + 1] == ':') {
      gap = 0;
      i += 2;
      if (i == end) {
        return finishV6(groups, 0, gap, out);
      }
    } else if (c[i] == ':') {
      return false;
    }
    while (i < end) {
      int start = i;
      int value = 0;
      while (i < end && i - start < 5) {
        int d = hex(c[i]);
        if (d < 0) {
          break;
        }
        value = (value << 4) | d;
        i++;
      }
      if (i - start > 4) {
        return false;
      }
      if (i < end && c[i] == '.') {
        // embedded IPv4 tail: re-read this piece as a dotted quad
        if (count > 6) {
          return false;
        }
        long v4 = parseV4(c, start, end);
        if (v4 < 0) {
          return false;
        }
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xFFFF);
        i = end;
        break;
      }
      if (i == start) {
        return false;
      }
      if (count == 8) {
        return false;
      }
      groups[count++] = value;
      if (i == end) {
        break;
      }
      if (c[i] != ':') {
        return false;
      }
      i++;
      if (i < end && c[i] == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = count;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return false;
      }
    }
    return finishV6(groups, count, gap, out);
  }

  private static boolean finishV6(int[] groups, int count, int gap, Parsed out) {
    int[] full = out.full;
    if (gap < 0) {
      if (count != 8) {
        return false;
      }
      System.arraycopy(groups, 0, full, 0, 8);
    } else {
      if (count > 7) {
        return false;
      }
      int tail = count - gap;
      java.util.Arrays.fill(full, 0);
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - tail, tail);
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 4; k++) {
      hi = (hi << 16) | full[k];
      lo = (lo << 16) | full[k + 4];
    }
    out.v4 = false;
    out.high = hi;
    out.low = lo;
    return true;
  }

  private static int hex(char ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return -1;
  }

  public static void appendV4(StringBuilder sb, int bits) {
    sb.append((bits >>> 24) & 0xFF).append('.').append((bits >>> 16) & 0xFF).append('.')
        .append((bits >>> 8) & 0xFF).append('.').append(bits & 0xFF);
  }

  public static void appendV6(StringBuilder sb, long high, long low) {
    int[] g = new int[8];
    for (int k = 0; k < 4; k++) {
      g[k] = (int) (high >>> (48 - 16 * k)) & 0xFFFF;
      g[k + 4] = (int) (low >>> (48 - 16 * k)) & 0xFFFF;
    }
    if (high == 0 && (low >>> 32) == 0xFFFFL) {
      sb.append("::ffff:");
      appendV4(sb, (int) low);
      return;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLen) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
  }
}
