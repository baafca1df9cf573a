package io.flowstore.bench;

import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.storage.DiskUsage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows that ingest memory does not grow with the store: streams N generated events (default
 * 10 M, about 9 GB of NDJSON made on the fly) through one ingest call into a fresh store and
 * samples the heap after a full GC as the store grows. The open segment's indexes take heap up
 * to one segment's worth and a seal a little more for a moment; the verdict checks that the last
 * third of the run needs no more than the first two. Run it with a small heap:
 *
 * <pre>java -Xmx512m -jar benchmarks/target/benchmarks.jar heapcheck 10000000</pre>
 *
 * A long run, so it lives here and not in the unit tests. Prints one line per sample and a verdict.
 */
public final class HeapCheck {
  private HeapCheck() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("flowstore-heapcheck");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.out.printf(Locale.ROOT, "heap check: %,d events, max heap %d MiB, store %s%n", events,
        Runtime.getRuntime().maxMemory() >> 20, dir);
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream pipe = new PipedOutputStream(in);
    Thread producer = new Thread(() -> {
      try (OutputStream out = new BufferedOutputStream(pipe, 1 << 16)) {
        FlowGenerator.builder().seed(10).build().writeNdjson(out, events);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "generator");
    List<long[]> samples = new ArrayList<>();
    long t0 = System.nanoTime();
    try (FlowStore store = FlowStore.open(dir)) {
      Thread sampler = new Thread(() -> {
        long next = events / 10;
        while (!Thread.currentThread().isInterrupted()) {
          long n = store.count();
          if (n >= next) {
            System.gc();
            long heap = memory.getHeapMemoryUsage().getUsed();
            samples.add(new long[] {n, heap});
            System.out.printf(Locale.ROOT, "  %,12d events  heap after GC %6.1f MiB  elapsed %5.0f s%n", n,
                heap / 1048576.0, (System.nanoTime() - t0) / 1e9);
            next += events / 10;
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "sampler");
      sampler.setDaemon(true);
      producer.start();
      sampler.start();
      IngestResult r = store.ingest(in, "generated");
      producer.join();
      sampler.interrupt();
      sampler.join();
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "ingested %,d events (%,d quarantined) in %.0f s: %,.0f events/s, %.1f bytes/event on disk%n",
          r.accepted(), r.quarantined(), seconds, r.accepted() / seconds, DiskUsage.of(dir) / (double) store.count());
    }
    if (samples.size() >= 3) {
      // the open segment's indexes fill the heap up to a segment's worth (maxSegmentRows) and a
      // seal needs some more for a moment; what must not happen is growth beyond that cycle
      int split = samples.size() * 2 / 3;
      long early = samples.subList(0, split).stream().mapToLong(s -> s[1]).max().orElse(0);
      long late = samples.subList(split, samples.size()).stream().mapToLong(s -> s[1]).max().orElse(0);
      long min = samples.stream().mapToLong(s -> s[1]).min().orElse(0);
      System.out.printf(Locale.ROOT, "heap after GC: min %.1f MiB, max over the first two thirds %.1f MiB, over the"
          + " last third %.1f MiB -> %s%n", min / 1048576.0, early / 1048576.0, late / 1048576.0,
          late <= early * 1.25 + (16 << 20) ? "bounded (does not grow with the store)" : "GROWS");
    }
    Benchmarks.deleteTree(dir);
  }
}
