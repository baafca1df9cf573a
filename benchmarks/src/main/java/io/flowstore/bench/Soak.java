package io.flowstore.bench;

import io.flowstore.FlowStore;
import io.flowstore.RollPeriod;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Query;
import io.flowstore.query.Subscription;
import org.HdrHistogram.Histogram;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak run: ingests at a fixed rate and queries continuously, with a live subscription and
 * retention running, for a long time (default 30 minutes), and samples once a minute the heap
 * after a full GC, the open file descriptors, the mapped memory and the process's resident
 * set, with query latency percentiles (HdrHistogram) per minute and for the whole run. The
 * verdict checks that the heap, the file handles and the mapped memory of the last third stay
 * within the first two thirds' (plus a margin): nothing grows with time.
 *
 * <pre>java -Xmx1g -jar benchmarks/target/benchmarks.jar soak [MINUTES] [EVENTS_PER_SECOND]</pre>
 */
public final class Soak {
  private Soak() {}

  static final List<Query> QUERIES = List.of(Query.parse("action = REJECT and dstPort in (22, 3389)"),
      Query.parse("subnetId = e9br19kmn10uj7t1c2oo and direction = INGRESS"), Query.parse("bytes > 1000000"),
      Query.parse("srcAddr in 10.0.0.0/8 and action = REJECT"));

  record Sample(int minute, long events, long heap, long fds, long mapped, long rss, long p50, long p99, long p999,
      long queries) {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 30;
    long rate = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
    Path dir = Files.createTempDirectory("flowstore-soak");
    System.out.printf(Locale.ROOT, "soak: %.1f minutes, %,d events/s, store %s%n", minutes, rate, dir);
    Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    Histogram minute = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong queries = new AtomicLong();
    java.util.List<Sample> samples = new java.util.ArrayList<>();
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).retainFor(Duration.ofMinutes(10))
        .open()) {
      FlowSearcher searcher = FlowSearcher.of(store);
      AtomicLong delivered = new AtomicLong();
      Subscription sub = searcher.subscribe(QUERIES.get(0), v -> {
        delivered.incrementAndGet();
        return true;
      });
      Thread reader = new Thread(() -> {
        int k = 0;
        while (!done.get()) {
          long t0 = System.nanoTime();
          searcher.count(QUERIES.get(k++ % QUERIES.size()));
          long ns = System.nanoTime() - t0;
          synchronized (all) {
            all.recordValue(Math.min(ns, all.getHighestTrackableValue()));
            minute.recordValue(Math.min(ns, minute.getHighestTrackableValue()));
          }
          queries.incrementAndGet();
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "soak-query");
      reader.setDaemon(true);
      reader.start();
      FlowGenerator gen = FlowGenerator.builder().seed(7).build();
      long start = System.nanoTime();
      long end = start + (long) (minutes * 60e9);
      long batch = Math.max(1, rate / 10); // ten batches a second
      long sent = 0;
      long nextSample = start + TimeUnit.MINUTES.toNanos(1);
      int m = 0;
      while (System.nanoTime() < end) {
        store.ingest(gen.ndjson((int) batch), "soak");
        sent += batch;
        long due = start + (long) (sent * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (System.nanoTime() >= nextSample) {
          nextSample += TimeUnit.MINUTES.toNanos(1);
          samples.add(sample(++m, sent, minute, queries.get()));
          Sample s = samples.get(samples.size() - 1);
          System.out.printf(Locale.ROOT, "minute %3d: %,d events, heap %s, fds %d, mapped %s, rss %s, query p50 %.1f us,"
              + " p99 %.1f us, p99.9 %.1f us, %,d queries%n", s.minute, s.events, mib(s.heap), s.fds, mib(s.mapped),
              mib(s.rss), s.p50 / 1e3, s.p99 / 1e3, s.p999 / 1e3, s.queries);
        }
      }
      done.set(true);
      reader.join(10_000);
      sub.close();
      System.out.printf(Locale.ROOT, "ingested %,d events (%,.0f events/s), %,d queries, subscription delivered %,d, store %,d events%n",
          sent, sent / ((System.nanoTime() - start) / 1e9), queries.get(), delivered.get(), store.count());
    }
    System.out.printf(Locale.ROOT, "query latency over the run: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
        all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3, all.getValueAtPercentile(99.9) / 1e3,
        all.getMaxValue() / 1e3);
    System.out.println(verdict(samples));
  }

  private static Sample sample(int m, long events, Histogram minute, long queries) {
    long p50;
    long p99;
    long p999;
    synchronized (minute) {
      p50 = minute.getValueAtPercentile(50);
      p99 = minute.getValueAtPercentile(99);
      p999 = minute.getValueAtPercentile(99.9);
      minute.reset();
    }
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long mapped = 0;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("mapped")) {
        mapped += b.getMemoryUsed();
      }
    }
    return new Sample(m, events, heap, count("/proc/self/fd"), mapped + chronicleMapped(), rss(), p50, p99, p999, queries);
  }

  /** Chronicle maps its files itself (not through NIO's pool): the sizes of the mapped queue files in /proc/self/maps. */
  private static long chronicleMapped() {
    try {
      long n = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        if (line.endsWith(".cq4") || line.endsWith(".cq4t")) {
          String[] range = line.substring(0, line.indexOf(' ')).split("-");
          n += Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
        }
      }
      return n;
    } catch (Exception e) {
      return -1;
    }
  }

  private static long count(String dir) {
    try (var s = Files.list(Path.of(dir))) {
      return s.count();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }

  static String verdict(List<Sample> samples) {
    if (samples.size() < 3) {
      return "verdict: too short to judge (fewer than 3 samples)";
    }
    int cut = samples.size() * 2 / 3;
    long heap = 0;
    long fds = 0;
    long mapped = 0;
    for (Sample s : samples.subList(0, cut)) {
      heap = Math.max(heap, s.heap);
      fds = Math.max(fds, s.fds);
      mapped = Math.max(mapped, s.mapped);
    }
    long heapLate = 0;
    long fdsLate = 0;
    long mappedLate = 0;
    for (Sample s : samples.subList(cut, samples.size())) {
      heapLate = Math.max(heapLate, s.heap);
      fdsLate = Math.max(fdsLate, s.fds);
      mappedLate = Math.max(mappedLate, s.mapped);
    }
    boolean flat = heapLate <= heap * 1.25 + (16 << 20) && fdsLate <= fds + 8 && mappedLate <= mapped * 1.25 + (64L << 20);
    return String.format(Locale.ROOT, "verdict: %s (last third: heap %s, fds %d, mapped %s; first two thirds: heap %s, fds %d,"
        + " mapped %s)", flat ? "flat" : "GROWS", mib(heapLate), fdsLate, mib(mappedLate), mib(heap), fds, mib(mapped));
  }

  private static String mib(long b) {
    return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
  }
}
