package io.flowstore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ./flowstore at the repository root, through the shaded jar and its manifest flags. */
class ScriptTest {
  @TempDir
  Path dir;

  @Test
  void shouldRunTheRealJarThroughTheScript() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path jar = root.resolve("cli/target/flowstore.jar");
    assumeTrue(Files.exists(jar), "the jar is built in the package phase; this runs in verify");
    Process p = new ProcessBuilder(root.resolve("flowstore").toString(), "demo", "--events", "1000", "--store",
        dir.resolve("s").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Stored 1,000 events (0 quarantined)").doesNotContain("WARNING", "Exception");
    Process c = new ProcessBuilder(root.resolve("flowstore").toString(), "count", "--store", dir.resolve("s").toString())
        .start();
    assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1000\n");
  }
}
