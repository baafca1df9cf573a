package io.flowstore.testing;

import io.flowstore.internal.storage.JvmFlags;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts child JVMs with this test's classpath, for crash and flag tests. */
public final class Jvm {
  private Jvm() {}

  /** A command line running {@code mainClass} with the Chronicle flags (or without them). */
  public static List<String> command(Class<?> mainClass, boolean withFlags, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.add("-Xmx256m");
    if (withFlags) {
      cmd.addAll(Arrays.asList(JvmFlags.flagArray()));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }
}
