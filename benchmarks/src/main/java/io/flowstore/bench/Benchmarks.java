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

  /** Every excerpt of the Chronicle queue in {@code queueDir}, as bytes, in order. */
  public static java.util.List<byte[]> records(Path queueDir) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue q =
             net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(queueDir).readOnly(true).build();
         net.openhft.chronicle.queue.ExcerptTailer t = q.createTailer()) {
      while (true) {
        try (net.openhft.chronicle.wire.DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) {
            return out;
          }
          net.openhft.chronicle.bytes.Bytes<?> b = dc.wire().bytes();
          byte[] r = new byte[(int) b.readRemaining()];
          b.read(r);
          out.add(r);
        }
      }
    }
  }

  /** A fresh Chronicle queue in {@code dir} for raw appends (daily files, as the stores' largest cycle). */
  public static net.openhft.chronicle.queue.impl.single.SingleChronicleQueue rawQueue(Path dir) {
    return net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir)
        .rollCycle(net.openhft.chronicle.queue.rollcycles.LargeRollCycles.LARGE_DAILY).build();
  }

  /** Appends each of {@code records} as one excerpt, as it is: the storage limit of the ingest benchmarks. */
  public static void appendAll(net.openhft.chronicle.queue.ExcerptAppender appender, java.util.List<byte[]> records) {
    for (byte[] r : records) {
      try (net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument()) {
        dc.wire().bytes().write(r);
      }
    }
  }

  /** The disk space the files below {@code dir} take (allocated blocks, as {@code du} counts them). */
  public static long bytesBelow(Path dir) {
    return io.flowstore.internal.storage.DiskUsage.of(dir);
  }
}
