package io.flowstore.reliability;

import io.flowstore.FlowStore;
import io.flowstore.StoreIOException;
import io.flowstore.VerifyReport;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.Jvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store on a full disk. Where this machine lets the test mount a 64 MiB tmpfs (root in a
 * container that allows it), the store lives on it and a ballast file fills it; elsewhere a
 * capacity limit stands in ({@code minFreeDiskSpace} set just below the free space). A child
 * JVM ingests until appends are refused: the JVM survives (no SIGBUS from a memory-mapped write
 * on a full disk), the refusal is a clear {@link StoreIOException}, every event of an
 * acknowledged call is stored and readable, and once space is freed ingest resumes.
 */
class DiskFullTest {
  static final int PER_BATCH = 2000;
  static final long RESERVE = 8L << 20;

  @TempDir
  Path tmp;

  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      // lazy: Chronicle may unmap its files a moment after close
      new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The child: ingests batches until refused, then reads everything back and closes. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path store = Path.of(args[0]);
      long reserve = Long.parseLong(args[1]);
      try (FlowStore s = FlowStore.builder(store).minFreeDiskSpace(reserve).open()) {
        for (int b = 0; b < 100_000; b++) {
          try {
            s.ingest(FlowGenerator.builder().seed(b % 8).build().ndjson(PER_BATCH), "batch-" + b);
            System.out.println("ack " + b);
          } catch (StoreIOException e) {
            System.out.println("refused " + e.getMessage());
            break;
          }
        }
        for (int i = 0; i < 3; i++) { // still full: refused again, never a crash
          try {
            s.ingest(FlowGenerator.builder().seed(99).build().ndjson(10), "again");
            System.out.println("accepted-while-full");
          } catch (StoreIOException e) {
            System.out.println("refused-again");
          }
        }
        System.out.println("count " + s.count() + " scan " + s.scan(v -> true));
      }
      System.out.println("closed");
    }
  }

  @Test
  void shouldRefuseAppendsOnAFullDiskKeepTheDataAndResumeWhenSpaceFrees() throws Exception {
    Path fs = tmp.resolve("fs");
    Files.createDirectories(fs);
    boolean real = tryMount(fs);
    Path store = fs.resolve("store");
    Path ballast = fs.resolve("ballast");
    long reserve;
    if (real) {
      // leave about 24 MiB for the store above the reserve
      long fill = Files.getFileStore(fs).getUsableSpace() - RESERVE - (24L << 20);
      try (RandomAccessFile f = new RandomAccessFile(ballast.toFile(), "rw")) {
        byte[] mib = new byte[1 << 20];
        for (long n = 0; n < fill; n += mib.length) {
          f.write(mib);
        }
      }
      reserve = RESERVE;
    } else {
      reserve = Files.getFileStore(fs).getUsableSpace() - (24L << 20);
    }
    Process child = new ProcessBuilder(Jvm.command(Child.class, true, store.toString(), Long.toString(reserve)))
        .redirectErrorStream(true).start();
    List<String> out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("the child JVM survived the full disk: %s", out).isZero();
    long acked = out.stream().filter(l -> l.startsWith("ack ")).count();
    assertThat(acked).as("some batches fit before the disk filled (%s)", real ? "tmpfs" : "capacity limit").isPositive();
    assertThat(out).anyMatch(l -> l.startsWith("refused disk almost full, refusing to append: stream=flows"));
    assertThat(out).contains("closed").doesNotContain("accepted-while-full");
    assertThat(out.stream().filter(l -> l.equals("refused-again")).count()).isEqualTo(3);
    String counts = out.stream().filter(l -> l.startsWith("count ")).findFirst().orElseThrow();
    long count = Long.parseLong(counts.split(" ")[1]);
    assertThat(counts.split(" ")[3]).isEqualTo(Long.toString(count));
    // an acknowledged call is whole; the refused call may have stored the batches before its refusal
    assertThat(count).isBetween(acked * PER_BATCH, (acked + 1) * PER_BATCH);

    // space frees: the ballast goes (tmpfs) or the limit is lifted
    if (real) {
      Files.delete(ballast);
    }
    try (FlowStore s = FlowStore.builder(store).minFreeDiskSpace(real ? RESERVE : 0).open()) {
      VerifyReport r = s.verify();
      assertThat(r.problems()).isEmpty();
      assertThat(s.count()).isEqualTo(count);
      assertThat(s.ingest(FlowGenerator.builder().seed(5).build().ndjson(PER_BATCH), "after").accepted())
          .isEqualTo(PER_BATCH);
      assertThat(s.count()).isEqualTo(count + PER_BATCH);
    }
    System.out.println("disk full: " + (real ? "64 MiB tmpfs" : "capacity limit") + ", " + acked
        + " batches acknowledged, " + count + " events kept, ingest resumed");
  }

  /** Mounts a 64 MiB tmpfs on {@code dir} when this machine allows it. */
  private boolean tryMount(Path dir) {
    try {
      Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir.toString())
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        mount = dir;
        return true;
      }
    } catch (Exception e) {
      // not allowed here: the capacity limit stands in
    }
    return false;
  }
}
