package io.flowstore.cli;

import java.util.Set;

/** One {@code flowstore} subcommand. */
interface Command {
  String name();

  /** One line for the command list. */
  String summary();

  /** The full {@code --help} text, with examples. */
  String help();

  Set<String> valuedOptions();

  Set<String> flagOptions();

  /** Runs the command; returns the exit code. */
  int run(Args args, Cli cli) throws Exception;
}
