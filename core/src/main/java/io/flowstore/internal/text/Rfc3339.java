package io.flowstore.internal.text;

/**
 * Allocation-free RFC 3339 parsing and formatting. Internal.
 *
 * <p>Accepts {@code YYYY-MM-DD(T|t| )HH:MM:SS[.f{1,9}](Z|z|+HH:MM|-HH:MM)} for years 0001 to
 * 9999 and converts to UTC. Seconds since the epoch and nanoseconds come from Howard Hinnant's
 * days-from-civil arithmetic, so no {@code java.time} object is built per value. The number of
 * fraction digits is kept, because read-back writes a time with the precision it arrived with.
 * Leap seconds ({@code :60}) are rejected: {@link java.time.Instant} has none.
 */
public final class Rfc3339 {
  /** Smallest epoch second representable in output: 0000-01-01T00:00:00Z. */
  public static final long MIN_SECOND = -62167219200L;
  /** Largest epoch second representable in output: 9999-12-31T23:59:59Z. */
  public static final long MAX_SECOND = 253402300799L;

  private static final int[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

  private Rfc3339() {}

  /** Output of {@link #parse}. Not thread-safe; reuse per thread. */
  public static final class Parsed {
    public long epochSecond;
    public int nano;
    public int digits;
  }

  public static boolean parse(char[] c, int off, int len, Parsed out) {
    if (len < 20 || len > 35) {
      return false;
    }
    int year = digits(c, off, 4);
    int month = digits(c, off + 5, 2);
    int day = digits(c, off + 8, 2);
    int hour = digits(c, off + 11, 2);
    int minute = digits(c, off + 14, 2);
    int second = digits(c, off + 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return false;
    }
    char t = c[off + 10];
    if (c[off + 4] != '-' || c[off + 7] != '-' || (t != 'T' && t != 't' && t != ' ')
        || c[off + 13] != ':' || c[off + 16] != ':') {
      return false;
    }
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour > 23 || minute > 59 || second > 59) {
      return false;
    }
    int i = off + 19;
    int end = off + len;
    int nano = 0;
    int fraction = 0;
    if (c[i] == '.') {
      i++;
      while (i < end && c[i] >= '0' && c[i] <= '9') {
        if (fraction == 9) {
          return false;
        }
        nano = nano * 10 + (c[i] - '0');
        fraction++;
        i++;
      }
      if (fraction == 0) {
        return false;
      }
      nano *= POW10[9 - fraction];
    }
    if (i >= end) {
      return false;
    }
    int offsetSeconds;
    char z = c[i];
    if (z == 'Z' || z == 'z') {
      if (i + 1 != end) {
        return false;
      }
      offsetSeconds = 0;
    } else if (z == '+' || z == '-') {
      if (i + 6 != end || c[i + 3] != ':') {
        return false;
      }
      int oh = digits(c, i + 1, 2);
      int om = digits(c, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) {
        return false;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
    } else {
      return false;
    }
    long seconds = daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second
        - offsetSeconds;
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      return false;
    }
    out.epochSecond = seconds;
    out.nano = nano;
    out.digits = fraction;
    return true;
  }

  /** The decimal number of {@code c[at, at+n)}, or -1 when a character is not a digit. */
  public static int digits(char[] c, int at, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      int d = c[at + k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** The days of {@code month} (1..12) of a proleptic Gregorian {@code year}. */
  public static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date. */
  public static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** Appends {@code epochSecond.nano} as RFC 3339 UTC with {@code digits} fraction digits. */
  public static void append(StringBuilder sb, long epochSecond, int nano, int digits) {
    long days = Math.floorDiv(epochSecond, 86400L);
    int secOfDay = (int) Math.floorMod(epochSecond, 86400L);
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    if (m <= 2) {
      y++;
    }
    pad(sb, (int) y, 4).append('-');
    pad(sb, m, 2).append('-');
    pad(sb, d, 2).append('T');
    pad(sb, secOfDay / 3600, 2).append(':');
    pad(sb, secOfDay / 60 % 60, 2).append(':');
    pad(sb, secOfDay % 60, 2);
    if (digits > 0) {
      sb.append('.');
      pad(sb, nano / POW10[9 - digits], digits);
    }
    sb.append('Z');
  }

  public static String format(long epochSecond, int nano, int digits) {
    StringBuilder sb = new StringBuilder(30);
    append(sb, epochSecond, nano, digits);
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    int p = POW10[width - 1];
    while (p > 1 && v < p) {
      sb.append('0');
      p /= 10;
    }
    return sb.append(v);
  }

  /** True when {@code nano} has no nonzero digit beyond the first {@code digits}. */
  public static boolean fits(int nano, int digits) {
    return nano % POW10[9 - digits] == 0;
  }

  /** The fewest fraction digits that represent {@code nano} exactly. */
  public static int minimalDigits(int nano) {
    int d = 9;
    while (d > 0 && nano % POW10[10 - d] == 0) {
      d--;
    }
    return d;
  }
}
