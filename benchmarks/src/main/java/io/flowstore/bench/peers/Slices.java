package io.flowstore.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A workload file cut into slices that end at line ends, read by several threads at once (Lucene's loader). */
final class Slices {
  private Slices() {}

  /** One thread's work on the slice {@code [from, ...)} read from {@code in}; returns what it counts. */
  interface Task {
    long run(InputStream in, long from) throws Exception;
  }

  /** Runs {@code task} on {@code n} slices of {@code file}, one thread each; returns the sum of their counts. */
  static long inParallel(Path file, int n, Task task) throws Exception {
    long[] cuts = cut(file, n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long from = cuts[i];
        long to = cuts[i + 1];
        parts.add(pool.submit(() -> {
          try (InputStream in = open(file, from, to)) {
            return task.run(in, from);
          }
        }));
      }
      long sum = 0;
      for (Future<Long> f : parts) {
        sum += f.get();
      }
      return sum;
    } finally {
      pool.shutdown();
    }
  }

  /** {@code n + 1} offsets splitting {@code file} into n slices that end at line ends. */
  static long[] cut(Path file, int n) throws IOException {
    long size = Files.size(file);
    long[] cuts = new long[n + 1];
    cuts[n] = size;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      for (int i = 1; i < n; i++) {
        long at = Math.max(cuts[i - 1], size * i / n);
        b.clear();
        int read = ch.read(b, at);
        int k = 0;
        while (k < read && b.get(k) != '\n') {
          k++;
        }
        cuts[i] = Math.min(size, at + k + 1);
      }
    }
    return cuts;
  }

  /** The bytes {@code file[from, to)} as a stream. */
  static InputStream open(Path file, long from, long to) throws IOException {
    return io.flowstore.internal.ingest.FileSlices.open(file, from, to);
  }
}
