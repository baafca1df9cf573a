package io.flowstore.bench;

import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.index.Dim;
import io.flowstore.internal.index.SegmentView;
import io.flowstore.internal.index.Segments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counting flows by subnet AND action AND direction on a 10 M-event store, through the segment
 * indexes: per segment, the three value bitmaps are intersected with {@code
 * BufferFastAggregation} and the cardinalities summed. This is the index path the query module
 * plans onto; the target is 0.3 ms.
 *
 * <p>The store is the cached {@link BenchStores} one (seed 7), opened as a writer would have it
 * after a restart: sealed segments mapped from their files, the newest one open on the heap.
 * The subnet is chosen by rank of its event count (1 = the busiest subnet). Setup checks the
 * index answer against a scan of every record, so a fast wrong answer cannot pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
public class IndexQueryBenchmark {
  public static final long EVENTS = 10_000_000L;
  public static final long SEED = 7;

  @Param({"1", "20"})
  public int subnetRank;

  @Param({"ACCEPT", "REJECT"})
  public String action;

  @Param({"ingress"})
  public String direction;

  Path dir;
  long events = EVENTS;
  private FlowStore store;
  private Segments segments;
  private long subnetId;
  private long actionId;
  private long directionId;
  String subnet;

  @Setup(Level.Trial)
  public void open() {
    if (dir == null) {
      dir = BenchStores.flows(events, SEED);
    }
    store = FlowStore.open(dir);
    System.out.println();
    System.out.println(BenchStores.sizes(dir, store.count()));
    segments = FlowStore.engineOf(store).segments();
    Dictionary dict = FlowStore.engineOf(store).flowDictionary();
    subnetId = subnetByRank(subnetRank);
    subnet = dict.string((int) subnetId);
    actionId = dict.stringId(action);
    directionId = dict.stringId(direction);
    long indexed = count();
    long[] scanned = {0};
    store.scan(v -> {
      if (v.has(FlowField.SUBNET_ID) && subnet.equals(v.string(FlowField.SUBNET_ID))
          && action.equals(v.string(FlowField.ACTION)) && direction.equals(v.string(FlowField.DIRECTION))) {
        scanned[0]++;
      }
      return true;
    });
    if (indexed != scanned[0]) {
      throw new IllegalStateException("index count " + indexed + " != scan count " + scanned[0]);
    }
    System.out.printf("subnet %s (rank %d) AND action=%s AND direction=%s: %,d of %,d events in %d segments%n",
        subnet, subnetRank, action, direction, indexed, store.count(), segments.segmentCount());
  }

  private long subnetByRank(int rank) {
    Map<Long, Long> counts = new HashMap<>();
    try (Segments.Acquired a = segments.acquire()) {
      for (SegmentView v : a.views()) {
        for (long key : v.keys(Dim.SUBNET_ID)) {
          counts.merge(key, (long) v.dim(Dim.SUBNET_ID, key).getCardinality(), Long::sum);
        }
      }
    }
    List<Map.Entry<Long, Long>> ranked = counts.entrySet().stream()
        .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder())).toList();
    return ranked.get(Math.min(rank, ranked.size()) - 1).getKey();
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  /** subnet AND action AND direction, summed over every segment. */
  @Benchmark
  public long count() {
    long n = 0;
    try (Segments.Acquired a = segments.acquire()) {
      for (SegmentView v : a.views()) {
        ImmutableRoaringBitmap s = v.dim(Dim.SUBNET_ID, subnetId);
        if (s.isEmpty()) {
          continue;
        }
        n += BufferFastAggregation.and(s, v.dim(Dim.ACTION, actionId), v.dim(Dim.DIRECTION, directionId))
            .getCardinality();
      }
    }
    return n;
  }
}
