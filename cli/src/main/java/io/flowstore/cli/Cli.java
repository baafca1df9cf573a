package io.flowstore.cli;

import io.flowstore.FlowStore;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** What a command runs with: its streams, environment and the store location rules. Not thread-safe. */
final class Cli {
  final PrintStream out;
  final PrintStream err;
  final InputStream in;
  private final Map<String, String> env;
  private final Path cwd;
  /** Whether a person watches: stdin and stdout are a terminal (progress lines show then). */
  final boolean terminal;

  Cli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Path cwd) {
    this(out, err, in, env, cwd, false);
  }

  Cli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Path cwd, boolean terminal) {
    this.terminal = terminal;
    this.out = out;
    this.err = err;
    this.in = in;
    this.env = env;
    this.cwd = cwd;
  }

  /** {@code --store DIR}, else {@code $FLOWSTORE_HOME}, else {@code ./flowstore-data}. */
  Path store(Args args) {
    String s = args.get("store");
    if (s == null) {
      s = env.get("FLOWSTORE_HOME");
    }
    if (s == null || s.isBlank()) {
      return cwd.resolve("flowstore-data");
    }
    return cwd.resolve(s);
  }

  Path path(String s) {
    return cwd.resolve(s);
  }

  FlowStore openForWriting(Args args) {
    return FlowStore.open(store(args));
  }

  /** Reading commands do not take the writer lock: they work beside a running collector. */
  FlowStore openForReading(Args args) {
    return FlowStore.builder(store(args)).readOnly(true).open();
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code s} as a quoted, escaped JSON string. */
  static String json(String s) {
    return new io.flowstore.internal.json.JsonOut(s.length() + 16).string(s).toString();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
