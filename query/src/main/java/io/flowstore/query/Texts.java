package io.flowstore.query;

import io.flowstore.internal.text.Rfc3339;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** Text forms shared by the printer and the parser. */
final class Texts {
  private Texts() {}

  /** Words that end a bare value or start a clause; a string equal to one is quoted. */
  static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "between", "always", "never", "time",
      "window", "to", "order", "by", "asc", "desc", "limit", "after", "group", "compute", "having", "count", "sum",
      "min", "max", "avg", "src", "dst", "port", "net", "ip", "proto");

  static boolean isBareChar(char c) {
    return !Character.isWhitespace(c) && "()=!<>,\"'".indexOf(c) < 0;
  }

  static String quoteIfNeeded(String s) {
    boolean bare = !s.isEmpty() && !KEYWORDS.contains(s.toLowerCase(Locale.ROOT));
    for (int i = 0; i < s.length() && bare; i++) {
      bare = isBareChar(s.charAt(i));
    }
    return bare ? s : quote(s);
  }

  /** {@code s} double-quoted, {@code "} and {@code \} escaped with a backslash. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** RFC 3339 in UTC with the fewest fraction digits that keep the instant exact. */
  static String time(Instant t) {
    return Rfc3339.format(t.getEpochSecond(), t.getNano(), Rfc3339.minimalDigits(t.getNano()));
  }

  /** The IANA number of a protocol name the shorthands accept, or null. */
  static Long protocol(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "icmp":
        return 1L;
      case "tcp":
        return 6L;
      case "udp":
        return 17L;
      case "gre":
        return 47L;
      case "esp":
        return 50L;
      case "icmpv6":
      case "icmp6":
        return 58L;
      case "sctp":
        return 132L;
      default:
        return null;
    }
  }
}
