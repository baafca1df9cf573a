package io.flowstore.bench.peers;

import io.flowstore.bench.BenchStores;
import io.flowstore.bench.Benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Each engine's store of a workload, built once (one thread) and kept beside the other cached
 * bench stores, so that the query benchmarks of every fork and run reuse it. A store counts as
 * built once its {@code complete} marker (events, seed, ingest time, bytes) is written.
 */
public final class PeerStores {
  private PeerStores() {}

  /** The workloads' files and the engines' stores live here. */
  public static Path root() {
    return BenchStores.root().resolve("peers").toAbsolutePath();
  }

  /** The workload of {@code events} events (seed 7), its file written when missing. */
  public static PeerWorkload workload(int events) throws IOException {
    return PeerWorkload.create(root(), events, 7);
  }

  /** Where engine {@code name}'s store of {@code w} is kept (its files under {@code data}). */
  public static Path dir(String name, PeerWorkload w) {
    return root().resolve(name + "-" + w.events + "-seed" + w.seed);
  }

  /** Engine {@code name}'s store of {@code w}, opened for querying; built when missing. */
  public static synchronized PeerEngine open(String name, PeerWorkload w) throws Exception {
    Path dir = dir(name, w);
    Path marker = dir.resolve("complete");
    if (Files.exists(marker)) {
      PeerEngine e = PeerEngine.open(name, dir.resolve("data"));
      e.attach();
      return e;
    }
    Benchmarks.deleteTree(dir);
    Files.createDirectories(dir);
    PeerEngine e = PeerEngine.open(name, dir.resolve("data"));
    long t = System.nanoTime();
    long n = e.ingest(w, 1);
    long ns = System.nanoTime() - t;
    if (n != w.events) {
      e.close();
      throw new IllegalStateException(name + " stored " + n + " of " + w.events + " events");
    }
    Files.writeString(marker, "events=" + w.events + "\nseed=" + w.seed + "\ningestNanos=" + ns + "\nbytes="
        + e.bytesOnDisk() + "\n", StandardCharsets.UTF_8);
    return e;
  }

  /** The bytes on disk recorded when engine {@code name}'s store of {@code w} was built. */
  public static long bytes(String name, PeerWorkload w) throws IOException {
    for (String line : Files.readAllLines(dir(name, w).resolve("complete"))) {
      if (line.startsWith("bytes=")) {
        return Long.parseLong(line.substring(6));
      }
    }
    throw new IllegalStateException("no size recorded for " + name);
  }
}
