package io.flowstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Helpers shared by the benchmarks. */
public final class Benchmarks {
  private Benchmarks() {}

  /** Deletes {@code dir} and everything below it, if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The disk space the files below {@code dir} take (allocated blocks, as {@code du} counts them). */
  public static long bytesBelow(Path dir) {
    return io.flowstore.internal.storage.DiskUsage.of(dir);
  }
}
