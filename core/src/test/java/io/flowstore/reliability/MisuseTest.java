package io.flowstore.reliability;

import io.flowstore.FlowStore;
import io.flowstore.FlowStoreException;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Misuse that must end in a clear error and leave the store intact. (A second writer process:
 * ProcessesTest; a store from a newer format: StoreLifecycleTest.) Here: a store on a read-only
 * directory (a read-only bind mount where this machine allows one, since root ignores file
 * modes; else the file modes), a file where the store directory should be, and a store opened
 * for writing after a reader.
 */
class MisuseTest {
  @TempDir
  Path dir;

  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static boolean run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void shouldRefuseToWriteToAReadOnlyStoreAndStillServeReads() throws Exception {
    Path store = dir.resolve("s");
    try (FlowStore s = FlowStore.open(store)) {
      s.ingest(FlowGenerator.builder().seed(1).build().ndjson(500), "a");
    }
    Path ro = dir.resolve("ro");
    Files.createDirectories(ro);
    boolean readOnly;
    if (run("mount", "--bind", store.toString(), ro.toString())) {
      mount = ro;
      readOnly = run("mount", "-o", "remount,ro,bind", ro.toString());
    } else {
      ro = store;
      readOnly = ro.toFile().setWritable(false, false) && !Files.isWritable(ro);
    }
    assumeTrue(readOnly, "no way to make a read-only directory here");
    Path target = ro;
    assertThatThrownBy(() -> FlowStore.open(target)).isInstanceOf(FlowStoreException.class)
        .hasMessageContaining(target.toString());
    try (FlowStore s = FlowStore.builder(target).readOnly(true).open()) {
      assertThat(s.count()).isEqualTo(500);
      assertThat(s.scan(v -> true)).isEqualTo(500);
    }
    if (mount != null) {
      if (run("umount", "-l", mount.toString())) { // lazy: Chronicle may unmap a moment after close
        mount = null;
      }
    } else {
      store.toFile().setWritable(true, false);
    }
    try (FlowStore s = FlowStore.open(store)) { // intact: opens for writing again and goes on
      assertThat(s.verify().problems()).isEmpty();
      assertThat(s.ingest(FlowGenerator.builder().seed(2).build().ndjson(100), "b").accepted()).isEqualTo(100);
      assertThat(s.count()).isEqualTo(600);
    }
  }

  @Test
  void shouldRefuseAFileWhereTheStoreDirectoryShouldBe() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "precious");
    assertThatThrownBy(() -> FlowStore.open(file)).isInstanceOf(FlowStoreException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).isEqualTo("precious");
  }

  @Test
  void shouldLetAReaderAndThenAWriterShareTheStore() {
    Path store = dir.resolve("s");
    try (FlowStore w = FlowStore.open(store)) {
      w.ingest(FlowGenerator.builder().seed(3).build().ndjson(200), "a");
      try (FlowStore r = FlowStore.builder(store).readOnly(true).open()) {
        assertThat(r.count()).isEqualTo(200);
        assertThatThrownBy(() -> r.ingest(FlowGenerator.builder().seed(4).build().ndjson(1), "x"))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
      }
      assertThat(w.ingest(FlowGenerator.builder().seed(5).build().ndjson(10), "b").accepted()).isEqualTo(10);
    }
  }
}
