package io.flowstore.cli;

import io.flowstore.FlowStoreException;
import io.flowstore.IngestException;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code flowstore} command: a thin shell over the library.
 *
 * <p>Exit codes: 0 the command did its job (an ingest that quarantined events did its job);
 * 1 it failed (a fail-fast ingest stopped, the store could not be opened, I/O failed);
 * 2 the command line was wrong, or a flow log request was refused (its Huawei error body, one
 * JSON line on stdout). Errors are one line on stderr; {@code --debug} adds the stack.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  static final String VERSION = "0.1.0";

  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Cli cli;

  Main(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Path cwd) {
    this(new Cli(out, err, in, env, cwd));
  }

  Main(Cli cli) {
    this.cli = cli;
    for (Command c : List.of(new DemoCommand(), new IngestCommand(), new CatCommand(), new CountCommand(),
        new QueryCommand(), new TopCommand(), new StatsCommand(), new TailCommand(), new ExportCommand(), new ReportCommand(), new ExplainCommand(), new GenerateCommand(), new VerifyCommand(),
        new FlowLogsCommand())) {
      commands.put(c.name(), c);
    }
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    int code = new Main(new Cli(out, System.err, System.in, System.getenv(), Path.of("").toAbsolutePath(),
        stderrIsTerminal())).run(args);
    out.flush();
    System.exit(code);
  }

  /**
   * Whether standard error (where the progress line goes) is a terminal. On Linux its file
   * descriptor's link names the device; elsewhere the console is asked (which on older JDKs
   * means standard input and output are terminals).
   */
  static boolean stderrIsTerminal() {
    try {
      String target = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  int run(String[] argv) {
    boolean debug = false;
    int start = 0;
    while (start < argv.length && argv[start].startsWith("--")) {
      String g = argv[start];
      if (g.equals("--debug")) {
        debug = true;
        start++;
      } else if (g.equals("--version")) {
        cli.out.println("flowstore " + VERSION);
        return OK;
      } else if (g.equals("--help")) {
        cli.out.print(usage());
        return OK;
      } else {
        break;
      }
    }
    if (start >= argv.length) {
      cli.err.print(usage());
      return USAGE;
    }
    String name = argv[start];
    if (name.equals("help")) {
      if (start + 1 < argv.length && commands.containsKey(argv[start + 1])) {
        cli.out.print(commands.get(argv[start + 1]).help());
      } else {
        cli.out.print(usage());
      }
      return OK;
    }
    Command command = commands.get(name);
    if (command == null) {
      cli.err.println("flowstore: unknown command: " + name + " (commands: " + String.join(", ", commands.keySet()) + ")");
      return USAGE;
    }
    for (int i = start + 1; i < argv.length; i++) {
      if (argv[i].equals("--help") || argv[i].equals("-h")) {
        cli.out.print(command.help());
        return OK;
      }
      if (argv[i].equals("--debug")) {
        debug = true;
      }
    }
    try {
      Set<String> flags = new HashSet<>(command.flagOptions());
      flags.add("debug");
      Args args = new Args(argv, start + 1, command.valuedOptions(), flags);
      return command.run(args, cli);
    } catch (io.flowstore.FlowLogException e) {
      cli.out.println(e.toJson()); // Huawei's error body, for scripts
      return USAGE;
    } catch (io.flowstore.query.QuerySyntaxException e) {
      cli.err.println("flowstore " + name + ": " + e.getMessage());
      return USAGE;
    } catch (UsageException e) {
      cli.err.println("flowstore " + name + ": " + e.getMessage());
      cli.err.println("Try 'flowstore " + name + " --help'.");
      return USAGE;
    } catch (IngestException e) {
      cli.err.println("flowstore " + name + ": " + e.getMessage());
      trace(debug, e);
      return FAILED;
    } catch (FlowStoreException | IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
      cli.err.println("flowstore " + name + ": " + e.getMessage());
      trace(debug, e);
      return FAILED;
    } catch (Exception e) {
      cli.err.println("flowstore " + name + ": " + e);
      trace(debug, e);
      return FAILED;
    } catch (OutOfMemoryError e) {
      cli.err.println("flowstore " + name + ": out of memory (maximum heap " + Cli.bytes(Runtime.getRuntime().maxMemory())
          + "); give the JVM more with JAVA_OPTS=-Xmx..., or less work at once");
      trace(debug, e);
      return FAILED;
    } finally {
      cli.out.flush();
    }
  }

  private void trace(boolean debug, Throwable t) {
    if (debug) {
      t.printStackTrace(cli.err);
    }
  }

  private String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("flowstore ").append(VERSION).append(": an embedded store for cloud flow logs and audit events\n\n");
    sb.append("Usage: flowstore [--debug] COMMAND [OPTIONS] [ARGS]\n\nCommands:\n");
    for (Command c : commands.values()) {
      sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
    }
    sb.append("\nThe store is --store DIR, else $FLOWSTORE_HOME, else ./flowstore-data.\n");
    sb.append("Exit codes: 0 ok, 1 failed, 2 usage error. 'flowstore COMMAND --help' shows examples.\n");
    return sb.toString();
  }
}
