package io.flowstore.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Named places where a crash test may kill this process, to land a SIGKILL exactly inside the
 * steps that must survive one: an append half written, a roll to a new cycle, sealing, an index
 * checkpoint, retention deleting files, a flow log configuration write. Off unless the JVM runs
 * with {@code -Dflowstore.crashAt=NAME:N}: then the N-th time any thread reaches {@code NAME},
 * the process prints {@code crashpoint NAME} on stdout and sends itself SIGKILL. When off,
 * {@link #reach} tests one static final flag, which the JIT folds away.
 */
public final class CrashPoints {
  private CrashPoints() {}

  public static final String APPEND = "append";
  public static final String ROLL = "roll";
  public static final String SEAL = "seal";
  public static final String CHECKPOINT = "checkpoint";
  public static final String RETENTION = "retention";
  public static final String FLOW_LOG = "flowlog";

  private static final String SPEC = System.getProperty("flowstore.crashAt");
  private static final boolean ENABLED = SPEC != null && SPEC.indexOf(':') > 0;
  private static final String NAME = ENABLED ? SPEC.substring(0, SPEC.indexOf(':')) : null;
  private static final AtomicLong LEFT = new AtomicLong(ENABLED ? Long.parseLong(SPEC.substring(SPEC.indexOf(':') + 1)) : 0);

  /** Marks that this thread is at {@code name}; kills the process there when a crash test asked for it. */
  public static void reach(String name) {
    if (ENABLED && name.equals(NAME) && LEFT.decrementAndGet() == 0) {
      kill(name);
    }
  }

  private static void kill(String name) {
    System.out.println("crashpoint " + name);
    System.out.flush();
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
      Thread.sleep(10_000);
    } catch (Exception e) {
      // fall through: stop without running anything else
    }
    Runtime.getRuntime().halt(137);
  }
}
