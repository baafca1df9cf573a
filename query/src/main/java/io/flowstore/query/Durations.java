package io.flowstore.query;

/** Compact durations of the text language: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
final class Durations {
  private static final long[] UNITS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
    1_000_000L, 1_000L, 1L};
  private static final String[] NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};

  private Durations() {}

  static String format(long nanos) {
    for (int i = 0; i < UNITS.length; i++) {
      if (nanos % UNITS[i] == 0) {
        return nanos / UNITS[i] + NAMES[i];
      }
    }
    throw new AssertionError();
  }

  /** Nanoseconds of {@code text}, or -1 when it is not a duration. */
  static long parse(String text) {
    int i = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 19) {
      return -1;
    }
    long n;
    try {
      n = Long.parseLong(text.substring(0, i));
    } catch (NumberFormatException e) {
      return -1;
    }
    String unit = text.substring(i).toLowerCase(java.util.Locale.ROOT);
    for (int u = 0; u < NAMES.length; u++) {
      if (NAMES[u].equals(unit)) {
        try {
          long v = Math.multiplyExact(n, UNITS[u]);
          return v > 0 ? v : -1;
        } catch (ArithmeticException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
