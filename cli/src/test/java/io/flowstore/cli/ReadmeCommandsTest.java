package io.flowstore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's commands, run as a user runs them: in a fresh copy of the repository's tracked
 * files (as a clone has them, nothing built), with {@code ../shared} beside it where the
 * samples are. First the first of the "two commands on a fresh machine" (it builds the jar with
 * Maven and runs the demo; the second command, {@code mvn verify}, is the build running this
 * test), then every line of the CLI tour block, in order. Runs in the verify phase.
 */
class ReadmeCommandsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  record Result(int code, String output) {}

  @Test
  void shouldRunTheReadmeCommandsInAFreshCopy() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> files = tracked();
    assumeTrue(files != null, "not a git checkout: no list of tracked files to copy");
    Path clone = tmp.resolve("main");
    for (String f : files) {
      Path from = ROOT.resolve(f);
      if (Files.isRegularFile(from)) {
        Path to = clone.resolve(f);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Path shared = ROOT.resolveSibling("shared");
    if (Files.isDirectory(shared)) {
      Files.createSymbolicLink(tmp.resolve("shared"), shared);
    }
    assertThat(clone.resolve("cli/target")).doesNotExist();

    List<String> fresh = block(readme, "## Two commands on a fresh machine");
    assertThat(fresh).hasSize(2);
    assertThat(fresh.get(1)).isEqualTo("mvn verify");
    Result build = bash(clone, fresh.get(0), 900);
    assertThat(build.code()).as(build.output()).isZero();
    assertThat(build.output()).contains("Stored 200,000 events (0 quarantined)", "Example queries", "# top talkers");
    assertThat(clone.resolve("flowstore-data")).isDirectory();

    List<String> tour = block(readme, "<!-- run by ReadmeCommandsTest -->");
    assertThat(tour).hasSizeGreaterThan(15);
    int ran = 0;
    for (String line : tour) {
      if (line.contains("../shared") && !Files.isDirectory(tmp.resolve("shared"))) {
        continue; // the samples are not beside this checkout
      }
      Result r = bash(clone, line, 300);
      assertThat(r.code()).as(line + "\n" + r.output()).isZero();
      assertThat(r.output()).as(line).doesNotContain("Exception", "WARNING", "\tat ");
      ran++;
    }
    assertThat(ran).isGreaterThan(15);
    assertThat(clone.resolve("report.html")).exists();
    assertThat(clone.resolve("rejected.csv")).exists();
    assertThat(clone.resolve("egress.ndjson.gz")).exists();
  }

  /** The commands of the first {@code sh} block after {@code marker}: comments cut, continuations joined. */
  static List<String> block(String readme, String marker) {
    int at = readme.indexOf(marker);
    assertThat(at).as(marker).isNotNegative();
    int open = readme.indexOf("```sh\n", at);
    int close = readme.indexOf("\n```", open + 6);
    List<String> commands = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : readme.substring(open + 6, close).split("\n")) {
      String line = raw.replaceAll("\\s+# .*$", "").stripTrailing();
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line.strip());
      commands.add(pending.toString().replaceAll(" +", " "));
      pending.setLength(0);
    }
    return commands;
  }

  static Result bash(Path dir, String command, int seconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("FLOWSTORE_HOME");
    File log = Files.createTempFile(dir.getParent(), "out", ".txt").toFile();
    pb.redirectOutput(log);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in " + seconds + " s: " + command);
    }
    return new Result(p.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
  }

  /** The files of the working tree git tracks or would track (not ignored), or null outside a git checkout. */
  static List<String> tracked() throws Exception {
    try {
      Process p = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").directory(ROOT.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        return null;
      }
      return List.of(out.split("\0"));
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
