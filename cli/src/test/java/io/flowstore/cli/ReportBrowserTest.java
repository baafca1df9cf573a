package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.BeforeAll;
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
 * The report page opened in headless Chromium (Debian's {@code chromium}, installed by
 * {@code .ci/run}): it renders with no console message (the page's Content-Security-Policy
 * turns any network request into one), and its screenshot is kept as a build artifact in
 * {@code cli/target/report/}. Skipped where no Chromium is installed, unless
 * {@code FLOWSTORE_REQUIRE_CHROMIUM=1} (set by {@code .ci/run} once it installed one).
 */
class ReportBrowserTest {
  static final Path OUT = Path.of("target", "report").toAbsolutePath();

  @TempDir
  static Path dir;

  static String chromium;

  @BeforeAll
  static void findChromium() {
    chromium = find();
    if (chromium == null && "1".equals(System.getenv("FLOWSTORE_REQUIRE_CHROMIUM"))) {
      throw new AssertionError("FLOWSTORE_REQUIRE_CHROMIUM=1 but no chromium on PATH");
    }
  }

  private static String find() {
    String env = System.getenv("CHROMIUM");
    if (env != null && new File(env).canExecute()) {
      return env;
    }
    for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        File f = new File(dirName, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    return null;
  }

  /** What one headless run printed: the console messages and the process output. */
  record Render(int exit, List<String> console, String stdout, String stderr) {}

  static Render render(Path page, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
        "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    cmd.addAll(List.of(extra));
    cmd.add(page.toUri().toString());
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s");
    }
    String stderr = Files.readString(dir.resolve("stderr.txt"));
    List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Render(p.exitValue(), console, stdout, stderr);
  }

  @Test
  void shouldRenderTheReportWithoutConsoleErrorsAndKeepAScreenshot() throws Exception {
    assumeTrue(chromium != null, "no chromium installed (apt-get install chromium)");
    try (FlowStore s = FlowStore.open(dir.resolve("s"))) {
      s.ingest(FlowGenerator.builder().seed(21).build().ndjson(20_000), "flows.ndjson");
      s.ingest(AuditGenerator.builder().seed(21).build().ndjson(100), "audit.ndjson");
      s.ingest("{\"eventType\":\"x.Unknown\"}\n{\"details\":{\"bytes\":\"x\"}}\n{\"cut".getBytes(StandardCharsets.UTF_8),
          "bad.ndjson");
    }
    Files.createDirectories(OUT);
    Path page = OUT.resolve("report.html");
    Run r = Run.of(dir, "report", "--store", "s", "--out", page.toString());
    assertThat(r.code()).as(r.err()).isZero();

    Path png = OUT.resolve("report.png");
    Files.deleteIfExists(png);
    Render shot = render(page, "--window-size=1100,3200", "--screenshot=" + png);
    assertThat(shot.exit()).as(shot.stderr()).isZero();
    assertThat(shot.console()).as("console messages").isEmpty();
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(20_000); // charts, not a blank page

    Render dom = render(page, "--dump-dom");
    assertThat(dom.console()).isEmpty();
    assertThat(dom.stdout()).contains("Top talkers", "Top rejected destination ports", "Quarantine (3 events)",
        "Audit events (100, not filtered)");
    assertThat(dom.stdout().split("<svg ", -1).length - 1).isEqualTo(7);
  }

  @Test
  void shouldSeeConsoleErrorsAndBlockedRequestsWhenAPageHasThem() throws Exception {
    assumeTrue(chromium != null, "no chromium installed (apt-get install chromium)");
    Path bad = dir.resolve("bad.html");
    Files.writeString(bad, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
        + "content=\"default-src 'none'; style-src 'unsafe-inline'\"></head><body><p>x</p>"
        + "<img src=\"http://example.invalid/a.png\"></body></html>");
    Render r = render(bad, "--dump-dom");
    assertThat(r.console()).anyMatch(l -> l.contains("Content Security Policy"));
  }
}
