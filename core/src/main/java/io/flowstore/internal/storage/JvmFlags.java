package io.flowstore.internal.storage;

import io.flowstore.MissingJvmFlagsException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The JVM flags Chronicle Queue needs on Java 17+, and the check that they are there. Internal.
 *
 * <p>The flags are defined once, in the parent pom ({@code flowstore.jvm.flags}); Maven filters
 * them into {@code flowstore-jvm.properties}, which this class, the JMH launcher and the child
 * JVMs of the tests read. Without them Chronicle fails deep inside with an
 * {@code AssertionError}; checking first turns that into a message a person can act on.
 */
public final class JvmFlags {
  private static final String FLAGS = load();

  private JvmFlags() {}

  private static String load() {
    try (InputStream in = JvmFlags.class.getResourceAsStream("/io/flowstore/flowstore-jvm.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("flags").trim();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("flowstore-jvm.properties is missing from the flowstore-core jar", e);
    }
  }

  /** The flags, space-separated, e.g. {@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED ...}. */
  public static String flags() {
    return FLAGS;
  }

  public static String[] flagArray() {
    return FLAGS.split("\\s+");
  }

  /**
   * @throws MissingJvmFlagsException when an export or open Chronicle relies on is missing
   */
  public static void check() {
    Module javaBase = Object.class.getModule();
    Module chronicle = net.openhft.chronicle.core.OS.class.getModule();
    StringBuilder missing = new StringBuilder();
    if (!javaBase.isExported("sun.nio.ch", chronicle)) {
      missing.append("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED ");
    }
    if (!javaBase.isOpen("java.lang.reflect", chronicle)) {
      missing.append("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED ");
    }
    if (missing.length() > 0) {
      throw new MissingJvmFlagsException("Chronicle Queue needs JVM flags that are missing: missing="
          + missing.toString().trim() + ". Start java with: " + FLAGS
          + " (java -jar reads them from the flowstore jar's manifest; Maven's Surefire and the JMH"
          + " launcher add them from the build)");
    }
  }

  /** Makes Chronicle quiet and local before its classes initialize. */
  public static void quietChronicle() {
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
    setIfAbsent("jvm.resource.tracing", "false");
    setIfAbsent("disable.resource.warning", "true");
    setIfAbsent("chronicle.disk.monitor.disable", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
