package io.flowstore.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: {@code --name value}, {@code --name=value}, {@code --flag}, and
 * positional words. {@code -} alone is positional (stdin); {@code --} ends the options.
 * Not thread-safe.
 */
final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final List<String> positional = new ArrayList<>();

  Args(String[] argv, int from, Set<String> valued, Set<String> flagNames) {
    boolean options = true;
    for (int i = from; i < argv.length; i++) {
      String a = argv[i];
      if (options && a.equals("--")) {
        options = false;
      } else if (options && a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new UsageException("option --" + name + " needs a value");
            }
            value = argv[++i];
          }
          values.put(name, value);
        } else if (flagNames.contains(name)) {
          if (value != null) {
            throw new UsageException("option --" + name + " takes no value");
          }
          flags.add(name);
        } else {
          throw new UsageException("unknown option: --" + name);
        }
      } else if (options && a.startsWith("-") && !a.equals("-") && a.length() > 1 && !isNumber(a)) {
        throw new UsageException("unknown option: " + a);
      } else {
        positional.add(a);
      }
    }
  }

  private static boolean isNumber(String s) {
    return s.matches("-\\d+(\\.\\d+)?");
  }

  String get(String name) {
    return values.get(name);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  long getLong(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " needs a number: value=" + v);
    }
  }

  String choice(String name, String fallback, String... allowed) {
    String v = values.getOrDefault(name, fallback);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new UsageException("option --" + name + " must be one of " + String.join("|", allowed) + ": value=" + v);
  }

  boolean has(String flag) {
    return flags.contains(flag);
  }

  List<String> positional() {
    return positional;
  }
}
