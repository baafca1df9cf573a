package io.flowstore.internal.storage;

import io.flowstore.RollPeriod;
import io.flowstore.StoreIOException;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import io.flowstore.CorruptStoreException;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.WireType;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One stream of a store (flows, quarantine...) as a Chronicle queue in its own directory.
 * Thread-safe (Chronicle queues are); appenders and readers are not. Internal.
 *
 * <p>This class is the only place that knows Chronicle's builder, roll cycles and file names.
 */
public final class StreamQueue implements AutoCloseable {
  private final String name;
  private final Path dir;
  private final RollCycle rollCycle;
  private final SingleChronicleQueue queue;
  private final CycleManifest manifest;

  private StreamQueue(String name, Path dir, RollCycle rollCycle, SingleChronicleQueue queue, boolean readOnly) {
    this.manifest = CycleManifest.load(dir, readOnly);
    this.name = name;
    this.dir = dir;
    this.rollCycle = rollCycle;
    this.queue = queue;
    this.fileNames = java.time.format.DateTimeFormatter.ofPattern(rollCycle.format()).withZone(java.time.ZoneOffset.UTC);
  }

  /** How long an append waits for Chronicle's write lock before taking it from a dead process. */
  static final long STALE_LOCK_MILLIS = 1_000;

  public static RollCycle rollCycle(RollPeriod period) {
    switch (period) {
      case FIVE_MINUTES:
        return RollCycles.FIVE_MINUTELY;
      case TEN_MINUTES:
        return RollCycles.TEN_MINUTELY;
      case HOUR:
        return RollCycles.FAST_HOURLY;
      default:
        return net.openhft.chronicle.queue.rollcycles.LargeRollCycles.LARGE_DAILY;
    }
  }

  public static StreamQueue open(Path storeDir, String name, RollPeriod period, WriterClock clock, boolean readOnly) {
    Path dir = storeDir.resolve(name);
    RollCycle rc = rollCycle(period);
    try {
      if (!readOnly) {
        Files.createDirectories(dir);
      }
      SingleChronicleQueue q = SingleChronicleQueueBuilder.builder(dir, WireType.BINARY_LIGHT)
          .rollCycle(rc)
          .timeProvider(clock)
          .readOnly(readOnly)
          // the store's own lock admits one writing process, so a Chronicle write lock found held
          // at open was left by a dead one: take it over after a second, not Chronicle's 20
          .timeoutMS(STALE_LOCK_MILLIS)
          .build();
      StreamQueue s = new StreamQueue(name, dir, rc, q, readOnly);
      try {
        s.checkCycles();
      } catch (RuntimeException e) {
        q.close();
        throw e;
      }
      return s;
    } catch (IOException e) {
      throw new StoreIOException("cannot open stream: stream=" + name + ", path=" + dir + ", error=" + e, e);
    }
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public RollCycle rollCycle() {
    return rollCycle;
  }

  /** The cycle the queue's clock is in now. */
  public int currentCycle() {
    return queue.cycle();
  }

  public int cycleOf(long index) {
    return rollCycle.toCycle(index);
  }

  public long sequenceOf(long index) {
    return rollCycle.toSequenceNumber(index);
  }

  /** The queue index of excerpt {@code seq} of {@code cycle}. */
  public long index(int cycle, long seq) {
    return rollCycle.toIndex(cycle, seq);
  }

  private final java.time.format.DateTimeFormatter fileNames;

  /** The data file of {@code cycle}, named as Chronicle names it (the roll cycle's format, in UTC). */
  public Path cycleFile(int cycle) {
    long start = (long) cycle * rollCycle.lengthInMillis();
    return dir.resolve(fileNames.format(java.time.Instant.ofEpochMilli(start)) + ".cq4");
  }

  /** The cycles that have a data file, oldest first. */
  public java.util.NavigableSet<Long> cycles() {
    queue.refreshDirectoryListing();
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    if (first > last || first == Integer.MAX_VALUE || last == Integer.MIN_VALUE) {
      return new java.util.TreeSet<>();
    }
    java.util.NavigableSet<Long> all = new java.util.TreeSet<>(queue.listCyclesBetween(first, last));
    all.removeIf(c -> !Files.exists(cycleFile(c.intValue())));
    return all;
  }

  /**
   * Refuses a stream whose cycle files lost what the manifest knows was on stable storage: a
   * cycle file missing between others, or cut short of its last durable excerpt. The oldest
   * cycles may go (an operator's retention by hand: each cycle is self-contained); they are
   * forgotten with a note.
   */
  private void checkCycles() {
    Map<Integer, Long> known = manifest.snapshot();
    if (known.isEmpty()) {
      return;
    }
    int oldestPresent = Integer.MAX_VALUE;
    for (int cycle : known.keySet()) {
      if (Files.exists(cycleFile(cycle))) {
        oldestPresent = cycle;
        break;
      }
    }
    try (QueueReader r = reader()) {
      for (Map.Entry<Integer, Long> e : known.entrySet()) {
        int cycle = e.getKey();
        long seq = e.getValue();
        Path f = cycleFile(cycle);
        if (cycle < oldestPresent && oldestPresent != Integer.MAX_VALUE && !Files.exists(f)) {
          System.getLogger(StreamQueue.class.getName()).log(System.Logger.Level.INFO,
              "an oldest cycle file was removed; its events are gone as by retention: stream=" + name + ", file=" + f);
          manifest.remove(cycle);
          continue;
        }
        String expected = "expected excerpts up to sequence " + seq + " (" + manifest.file().getFileName()
            + " recorded them on stable storage); if the file was removed on purpose, delete " + manifest.file()
            + " as well";
        if (!Files.exists(f)) {
          throw new CorruptStoreException("a queue file is missing: stream=" + name + ", file=" + f + ", " + expected);
        }
        long index = index(cycle, seq);
        boolean present;
        try {
          present = r.moveTo(index) && r.next() && r.index() == index;
        } catch (RuntimeException ex) {
          present = false;
        }
        if (!present) {
          throw new CorruptStoreException("a queue file is cut short: stream=" + name + ", file=" + f + ", size="
              + size(f) + ", " + expected);
        }
      }
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Records, after an fsync, that the excerpts up to {@code lastIndex} are on stable storage. */
  void durable(long lastIndex) {
    if (lastIndex >= 0) {
      manifest.durable(cycleOf(lastIndex), sequenceOf(lastIndex));
    }
  }

  /** Deletes the data file of an old cycle (retention) and tells Chronicle. */
  public void deleteCycle(int cycle) {
    manifest.remove(cycle); // first: a crash between the two leaves a file the next retention pass deletes
    try {
      Files.deleteIfExists(cycleFile(cycle));
    } catch (IOException e) {
      throw new StoreIOException("cannot delete a cycle file: stream=" + name + ", cycle=" + cycle + ", error=" + e, e);
    }
    queue.refreshDirectoryListing();
  }

  /** Excerpts (of any kind) in the queue, from Chronicle's own index. */
  public long excerptCount() {
    return queue.entryCount();
  }

  public ExcerptAppender createAppender() {
    return queue.createAppender();
  }

  public QueueReader reader() {
    return new QueueReader(this, queue.createTailer());
  }

  public long lastIndex() {
    return queue.lastIndex();
  }

  /** The queue's data files (one per roll cycle), oldest first. */
  public List<Path> cycleFiles() {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new StoreIOException("cannot list stream files: stream=" + name + ", path=" + dir + ", error=" + e, e);
    }
    return files;
  }

  /** Forces the given data files, the queue's metadata and the directory to stable storage. */
  public void fsync(Collection<Path> files) {
    try {
      for (Path f : files) {
        force(f);
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          if (p.getFileName().toString().endsWith(".cq4t")) {
            force(p);
          }
        }
      }
      forceDirectory(dir);
    } catch (IOException e) {
      throw new StoreIOException("sync failed: stream=" + name + ", error=" + e, e);
    }
  }

  private static void force(Path f) throws IOException {
    if (!Files.exists(f)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.force(false);
    }
  }

  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the data files are what matters
    }
  }

  /** Bytes of the data and metadata files as allocated on disk (sparse space not counted). */
  public long diskBytes() {
    return DiskUsage.of(dir);
  }

  @Override
  public void close() {
    queue.close();
  }
}
