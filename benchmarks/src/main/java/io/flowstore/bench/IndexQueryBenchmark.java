package io.flowstore.bench;

import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.index.Bitmaps;
import io.flowstore.internal.index.Dim;
import io.flowstore.internal.index.RollupFilter;
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

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counting flows by subnet AND action AND direction on a 10 M-event store, through the segment
 * indexes (target: 0.3 ms): from the segment rollups, as a count is planned, and by intersecting
 * the three value bitmaps ({@code Bitmaps.andCardinality}, smallest first), the path for
 * dimensions a rollup does not cover.
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

  @Param({"INGRESS"})
  public String direction;

  Path dir;
  long events = EVENTS;
  private FlowStore store;
  private Segments segments;
  private Dictionary dictionary;
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
    dictionary = dict;
    subnetId = subnetByRank(subnetRank);
    subnet = dict.string((int) subnetId);
    actionId = dict.stringId(action);
    directionId = dict.stringId(direction);
    long indexed = countByBitmaps();
    long rolled = countByRollup();
    long[] scanned = {0};
    store.scan(v -> {
      if (v.has(FlowField.SUBNET_ID) && subnet.equals(v.string(FlowField.SUBNET_ID))
          && action.equals(v.string(FlowField.ACTION)) && direction.equals(v.string(FlowField.DIRECTION))) {
        scanned[0]++;
      }
      return true;
    });
    if (indexed != scanned[0] || rolled != scanned[0]) {
      throw new IllegalStateException("bitmap count " + indexed + ", rollup count " + rolled + " != scan count "
          + scanned[0]);
    }
    System.out.printf("subnet %s (rank %d, %.1f%% of the events) AND action=%s AND direction=%s: %,d of %,d events"
        + " in %d segments%n", subnet, subnetRank, 100.0 * subnetEvents / store.count(), action, direction, indexed,
        store.count(), segments.segmentCount());
  }

  private long subnetEvents;

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
    Map.Entry<Long, Long> chosen = ranked.get(Math.min(rank, ranked.size()) - 1);
    subnetEvents = chosen.getValue();
    return chosen.getKey();
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  /**
   * subnet AND action AND direction from the segment rollups: per segment, one pass over its
   * (shape, place) pairs; a segment without a usable rollup falls back to its bitmaps. This is
   * how an indexed count is planned.
   */
  @Benchmark
  public long countByRollup() {
    RollupFilter filter = new RollupFilter(dictionary, Map.of(Dim.SUBNET_ID, new long[] {subnetId},
        Dim.ACTION, new long[] {actionId}, Dim.DIRECTION, new long[] {directionId}));
    long n = 0;
    try (Segments.Acquired a = segments.acquire()) {
      for (SegmentView v : a.views()) {
        RollupFilter.Totals t = filter.totals(v);
        n += t != null ? t.rows() : bitmapCount(v);
      }
    }
    return n;
  }

  /** subnet AND action AND direction by intersecting the three value bitmaps of every segment. */
  @Benchmark
  public long countByBitmaps() {
    long n = 0;
    try (Segments.Acquired a = segments.acquire()) {
      for (SegmentView v : a.views()) {
        n += bitmapCount(v);
      }
    }
    return n;
  }

  private long bitmapCount(SegmentView v) {
    return Bitmaps.andCardinality(v.dim(Dim.SUBNET_ID, subnetId), v.dim(Dim.ACTION, actionId),
        v.dim(Dim.DIRECTION, directionId));
  }
}
