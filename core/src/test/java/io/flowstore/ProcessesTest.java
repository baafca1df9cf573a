package io.flowstore;

import io.flowstore.testing.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What another process sees: a locked store, missing JVM flags. */
class ProcessesTest {
  @TempDir
  Path dir;

  /** Opens the store given as args[0] and prints what happened. */
  public static final class Opener {
    public static void main(String[] args) {
      try (FlowStore store = FlowStore.open(Path.of(args[0]))) {
        System.out.println("opened " + store.count());
      } catch (FlowStoreException e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  private static String run(boolean withFlags, String store) throws Exception {
    Process p = new ProcessBuilder(Jvm.command(Opener.class, withFlags, store)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    return text.lines().filter(l -> !l.startsWith("SLF4J")).reduce((a, b) -> b).orElse("");
  }

  @Test
  void shouldGiveASecondWriterProcessAClearErrorAndLeaveTheFirstUnharmed() throws Exception {
    try (FlowStore first = FlowStore.open(dir)) {
      first.ingest(CrashTest.batch(1), "a");
      String out = run(true, dir.toString());
      assertThat(out).isEqualTo("StoreLockedException: store is locked by another writer: path="
          + dir.toAbsolutePath() + ", owner=pid " + ProcessHandle.current().pid());
      assertThat(first.ingest(CrashTest.batch(2), "b").accepted()).isEqualTo(CrashTest.PER_BATCH);
    }
    assertThat(run(true, dir.toString())).isEqualTo("opened " + 2 * CrashTest.PER_BATCH);
  }

  @Test
  void shouldListTheMissingJvmFlagsInsteadOfFailingInsideChronicle() throws Exception {
    String out = run(false, dir.toString());
    assertThat(out).isEqualTo("MissingJvmFlagsException: Chronicle Queue needs JVM flags that are missing: "
        + "missing=--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED. "
        + "Start java with: --add-exports=java.base/sun.nio.ch=ALL-UNNAMED "
        + "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
        + "(java -jar reads them from the flowstore jar's manifest; Maven's Surefire and the JMH launcher add them "
        + "from the build)");
  }
}
