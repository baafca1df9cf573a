package io.flowstore.bench;

import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.StoreEngine;
import io.flowstore.internal.storage.DiskUsage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Stores that the query benchmarks read, built once and kept: a 10 M-event store takes about a
 * minute to build, so every fork and every later run reuses it. They live under
 * {@code -Dflowstore.bench.stores=DIR}, by default {@code benchmarks/target/bench-stores} (or
 * {@code target/bench-stores} when run from the benchmarks folder). A store counts as built only
 * once its {@code complete} marker (events, seed, store and index formats) is written, so an interrupted build is
 * started over.
 */
public final class BenchStores {
  private BenchStores() {}

  public static Path root() {
    String p = System.getProperty("flowstore.bench.stores");
    if (p != null) {
      return Path.of(p);
    }
    return Files.isDirectory(Path.of("benchmarks", "target")) ? Path.of("benchmarks", "target", "bench-stores")
        : Path.of("target", "bench-stores");
  }

  /** A store of {@code events} generated flow events (seed {@code seed}), built when missing. */
  public static synchronized Path flows(long events, long seed) {
    Path dir = root().resolve("flows-" + events + "-seed" + seed).toAbsolutePath();
    Path marker = dir.resolve("complete");
    String expected = "events=" + events + "\nseed=" + seed + "\nformat=" + StoreEngine.FORMAT + "\nindexFormat="
        + io.flowstore.internal.index.SegmentFile.VERSION + "\n";
    try {
      if (Files.exists(marker) && Files.readString(marker).equals(expected)) {
        return dir;
      }
      Benchmarks.deleteTree(dir);
      Files.createDirectories(dir);
      build(dir, events, seed);
      Files.writeString(marker, expected, StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void build(Path dir, long events, long seed) throws IOException {
    System.out.printf(Locale.ROOT, "building benchmark store: %,d events, seed %d, %s%n", events, seed, dir);
    long t0 = System.nanoTime();
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream pipe = new PipedOutputStream(in);
    Thread producer = new Thread(() -> {
      try (OutputStream out = new BufferedOutputStream(pipe, 1 << 16)) {
        FlowGenerator.builder().seed(seed).build().writeNdjson(out, events);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "generator");
    producer.start();
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(in, "generated");
      if (r.accepted() != events) {
        throw new IllegalStateException("benchmark store lost events: accepted=" + r.accepted());
      }
    }
    try {
      producer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    System.out.printf(Locale.ROOT, "built in %.0f s; %s%n", (System.nanoTime() - t0) / 1e9, sizes(dir, events));
  }

  /** The store's size on disk, split into queue data and index files. */
  public static String sizes(Path dir, long events) {
    long total = DiskUsage.of(dir);
    long index = DiskUsage.of(dir.resolve("index"));
    long data = total - index;
    return String.format(Locale.ROOT,
        "store %,d bytes (%.1f per event): queues and other files %,d, index files %,d = %.1f%% of the rest",
        total, total / (double) events, data, index, 100.0 * index / data);
  }
}
