package io.flowstore.internal.index;

import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.IpAddress;
import io.flowstore.Resource;
import io.flowstore.RollPeriod;
import io.flowstore.Timestamp;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backbone of the index tests: on seeded random data over several segments (sealed slices,
 * sealed cycles and the open segment), every supported predicate and random AND/OR/NOT
 * combinations of them return through the indexes exactly the rows a brute-force check of the
 * decoded records returns. A failure names the seed and the predicate.
 */
class SegmentsDifferentialTest {
  @TempDir
  Path dir;

  /** A predicate both as an index evaluation and as a check of one decoded event. */
  record Pred(String text, java.util.function.Function<SegmentView, ImmutableRoaringBitmap> index,
      Predicate<FlowEvent> check) {}

  @Test
  void shouldAnswerEveryPredicateExactlyAsABruteForceScan() {
    for (long seed : new long[] {11, 12, 13}) {
      run(seed, true);
    }
  }

  @Test
  void shouldAnswerTheSameWithoutIndexesByReadingTheRecords() {
    run(14, false);
  }

  /**
   * Bounds among the highest values of bytes and packets, which sealed segments and the open
   * segment's full chunks answer from their {@link HighValues}: at, just below and just above
   * the threshold, ties, single values, with and without candidates, exactly as a brute-force
   * check of the records.
   */
  @Test
  void shouldAnswerBoundsAmongTheHighestValuesExactly() {
    SplittableRandom random = new SplittableRandom(15);
    int fromHighValues = 0;
    // sealed segments of 30,000 rows; then an open segment with two full chunks and a partial one
    for (int segmentRows : new int[] {30_000, 1 << 22}) {
      try (FlowStore store = FlowStore.builder(dir.resolve("high-" + segmentRows)).maxSegmentRows(segmentRows).open()) {
        store.ingest(FlowGenerator.builder().seed(1500).build().ndjson(segmentRows == 30_000 ? 70_000 : 140_000), "high");
        Segments segments = FlowStore.engineOf(store).segments();
        segments.awaitMaintenance();
        try (Segments.Acquired a = segments.acquire()) {
          assertThat(a.views()).hasSize(segmentRows == 30_000 ? 3 : 1);
          for (SegmentView v : a.views()) {
            if (segmentRows == 30_000 && !v.sealed()) {
              continue;
            }
            List<FlowEvent> events = decode(v);
            int n = events.size();
            for (RangeField f : new RangeField[] {RangeField.BYTES, RangeField.PACKETS}) {
              long[] value = new long[n];
              boolean[] has = new boolean[n];
              List<Long> values = new ArrayList<>();
              for (int r = 0; r < n; r++) {
                Long x = events.get(r) == null ? null : rangeValue(f, events.get(r));
                if (x != null) {
                  has[r] = true;
                  value[r] = x;
                  values.add(x);
                }
              }
              values.sort(java.util.Comparator.reverseOrder());
              HighValues high = null;
              long base = 0;
              if (v instanceof SealedSegment s) {
                high = s.rangeHighs(f.ordinal());
                base = s.rangeBase(f.ordinal());
                assertThat(high).as("%s %s: high values", v.meta(), f).isNotNull();
                assertThat(high.size()).isBetween(1, n / 256);
                assertThat(base + high.threshold()).isGreaterThan(values.get(n / 256));
              }
              int k = n >>> 8;
              List<Long> bounds = new ArrayList<>();
              for (int rank : new int[] {0, 1, k / 2, k - 1, k, k + 1, 4 * k}) {
                long x = values.get(Math.min(rank, values.size() - 1));
                bounds.addAll(List.of(x - 1, x, x + 1));
              }
              if (high != null) {
                long t = base + high.threshold();
                bounds.addAll(List.of(t - 1, t, t + 1));
              }
              for (long lo : bounds) {
                MutableRoaringBitmap within = new MutableRoaringBitmap();
                for (int r = 0; r < n; r += 1 + random.nextInt(4)) {
                  within.add(r);
                }
                for (long hi : new long[] {Long.MAX_VALUE, lo, lo + 1 + random.nextInt(1_000_000)}) {
                  MutableRoaringBitmap expected = new MutableRoaringBitmap();
                  for (int r = 0; r < n; r++) {
                    if (has[r] && value[r] >= lo && value[r] <= hi) {
                      expected.add(r);
                    }
                  }
                  String what = String.format("%s, %s in [%d, %d]", v.meta(), f, lo, hi);
                  assertThat(v.range(f, lo, hi).toMutableRoaringBitmap()).as(what).isEqualTo(expected);
                  MutableRoaringBitmap inside = v.range(f, lo, hi, within).toMutableRoaringBitmap();
                  inside.and(within); // the answer may hold other rows too
                  assertThat(inside).as(what + " within candidates").isEqualTo(MutableRoaringBitmap.and(expected, within));
                  if (high != null && high.covers(lo - base)) {
                    fromHighValues++;
                  }
                }
              }
            }
          }
        }
        assertThat(store.verify().problems()).isEmpty();
      }
    }
    assertThat(fromHighValues).as("bounds answered from high values").isGreaterThan(50);
  }

  /**
   * IPv4 address ranges on sealed segments whose range bitmaps hold ranks among the distinct
   * addresses ({@link Ranks}): CIDR blocks, single addresses, bounds between and beside the
   * stored ones, with and without candidates; then a store whose addresses lie in one /20, where
   * ranks would not save slices and the values are indexed as before.
   */
  @Test
  void shouldAnswerAddressRangesOnRankedAndPlainIndexesExactly() {
    SplittableRandom random = new SplittableRandom(16);
    byte[] wide = FlowGenerator.builder().seed(1600).build().ndjson(50_000);
    // the same events with every IPv4 address moved into 10.0.0.0/20
    String narrow = java.util.regex.Pattern.compile("\"(src_addr|dst_addr)\":\"\\d+\\.\\d+\\.\\d+\\.\\d+\"")
        .matcher(new String(wide, java.nio.charset.StandardCharsets.UTF_8))
        .replaceAll(m -> "\"" + m.group(1) + "\":\"10.0." + random.nextInt(16) + "." + random.nextInt(256) + "\"");
    for (boolean ranked : new boolean[] {true, false}) {
      try (FlowStore store = FlowStore.builder(dir.resolve("ranks-" + ranked)).maxSegmentRows(20_000).open()) {
        store.ingest(ranked ? wide : narrow.getBytes(java.nio.charset.StandardCharsets.UTF_8), "ranks");
        Segments segments = FlowStore.engineOf(store).segments();
        segments.awaitMaintenance();
        try (Segments.Acquired a = segments.acquire()) {
          assertThat(a.views().stream().filter(SegmentView::sealed).count()).isEqualTo(2);
          for (SegmentView v : a.views()) {
            if (!(v instanceof SealedSegment s)) {
              continue;
            }
            List<FlowEvent> rows = decode(v);
            for (RangeField f : new RangeField[] {RangeField.SRC_ADDR, RangeField.DST_ADDR}) {
              assertThat(s.rangeRanks(f.ordinal())).as("%s %s ranked", v.meta(), f).matches(r -> (r != null) == ranked);
              List<Long> values = new ArrayList<>();
              for (FlowEvent e : rows) {
                Long x = e == null ? null : rangeValue(f, e);
                if (x != null) {
                  values.add(x);
                }
              }
              List<long[]> bounds = new ArrayList<>();
              bounds.add(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
              bounds.add(new long[] {0, 0xFFFF_FFFFL});
              for (int i = 0; i < 40; i++) {
                long x = values.get(random.nextInt(values.size()));
                int prefix = new int[] {8, 16, 20, 24, 28, 32}[random.nextInt(6)];
                long mask = (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
                bounds.add(new long[] {x & mask, (x & mask) | (~mask & 0xFFFF_FFFFL)});
                bounds.add(new long[] {x, x});
                bounds.add(new long[] {x + 1, x + 1});
                bounds.add(new long[] {x - 1, x + 1});
                bounds.add(new long[] {x + 1, values.get(random.nextInt(values.size()))});
                bounds.add(new long[] {Long.MIN_VALUE, x - 1});
                bounds.add(new long[] {x + 1, Long.MAX_VALUE});
              }
              for (long[] b : bounds) {
                long lo = b[0];
                long hi = b[1];
                String what = f + " in [" + lo + ", " + hi + "]";
                Predicate<FlowEvent> check = e -> { Long x = rangeValue(f, e); return x != null && x >= lo && x <= hi; };
                assertSame(16, v, new Pred(what, w -> w.range(f, lo, hi), check), rows);
                MutableRoaringBitmap within = new MutableRoaringBitmap();
                for (int r = 0; r < rows.size(); r += 1 + random.nextInt(40)) {
                  within.add(r);
                }
                MutableRoaringBitmap cut = within.clone();
                assertSame(16, v, new Pred(what + " within candidates", w -> {
                  MutableRoaringBitmap r = w.range(f, lo, hi, within).toMutableRoaringBitmap();
                  r.and(cut);
                  return r;
                }, check), restrict(rows, within));
              }
            }
          }
        }
        assertThat(store.verify().problems()).isEmpty();
      }
    }
  }

  /**
   * A sealed segment file as format 6 wrote it (address range bitmaps of values minus base, no
   * ranks section) is read, answers exactly, and passes {@code verify()}, which rebuilds each
   * field as the stored file holds it.
   */
  @Test
  void shouldReadAndVerifyFilesOfFormat6WithoutRanks() throws Exception {
    Path storeDir = dir.resolve("format6");
    RangeField[] addresses = {RangeField.SRC_ADDR, RangeField.DST_ADDR};
    Path file;
    List<FlowEvent> rows;
    try (FlowStore store = FlowStore.builder(storeDir).maxSegmentRows(20_000).open()) {
      store.ingest(FlowGenerator.builder().seed(1700).build().ndjson(30_000), "format6");
      Segments segments = FlowStore.engineOf(store).segments();
      segments.awaitMaintenance();
      try (Segments.Acquired a = segments.acquire()) {
        SealedSegment s = (SealedSegment) a.views().get(0);
        for (RangeField f : addresses) {
          assertThat(s.rangeRanks(f.ordinal())).isNotNull();
        }
        file = s.file();
        rows = decode(s);
      }
    }
    java.nio.file.Files.write(file, asFormat6(java.nio.file.Files.readAllBytes(file), rows, addresses));
    SplittableRandom random = new SplittableRandom(17);
    try (FlowStore store = FlowStore.builder(storeDir).maxSegmentRows(20_000).open()) {
      Segments segments = FlowStore.engineOf(store).segments();
      try (Segments.Acquired a = segments.acquire()) {
        SealedSegment s = (SealedSegment) a.views().get(0);
        assertThat(s.file()).isEqualTo(file);
        for (RangeField f : addresses) {
          assertThat(s.rangeRanks(f.ordinal())).as("read as written, not rebuilt").isNull();
          for (int i = 0; i < 30; i++) {
            FlowEvent e = rows.get(random.nextInt(rows.size()));
            Long x = e == null ? null : rangeValue(f, e);
            long lo = x == null ? 0 : x - random.nextInt(3);
            long hi = random.nextBoolean() ? lo : lo + random.nextInt(1 << 24);
            assertSame(17, s, new Pred(f + " in [" + lo + ", " + hi + "]", w -> w.range(f, lo, hi), ev -> {
              Long y = rangeValue(f, ev);
              return y != null && y >= lo && y <= hi;
            }), rows);
          }
        }
      }
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  /**
   * {@code file} (a sealed segment of format 7) as format 6 wrote it: version 6, the ranks
   * sections gone, the range bitmaps of {@code fields} holding value minus base.
   */
  private static byte[] asFormat6(byte[] file, List<FlowEvent> rows, RangeField[] fields) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int at = 112 + 4 * in.getInt(104);
    at = ((at + 7) & ~7) + 8 * in.getInt(108);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(file, 0, at);
    int sections = in.getInt(file.length - 12);
    int kept = 0;
    for (int k = 0; k < sections; k++) {
      int kind = in.get(at) & 0xFF;
      int field = in.get(at + 1) & 0xFF;
      int len = (int) in.getLong(at + 8);
      byte[] payload = java.util.Arrays.copyOfRange(file, at + 16, at + 16 + len);
      at = (at + 16 + len + 7) & ~7;
      if (kind == SegmentFile.RANKS) {
        continue;
      }
      RangeField f = RangeField.values()[Math.min(field, RangeField.values().length - 1)];
      if (kind == SegmentFile.RANGE && java.util.Arrays.asList(fields).contains(f)) {
        ByteBuffer p = ByteBuffer.wrap(payload).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long base = p.getLong(0);
        long maxRel = p.getLong(8);
        int bitsAt = (24 + (int) p.getLong(16) + 7) & ~7;
        RangeBitmapWriter w = new RangeBitmapWriter(Math.max(1, maxRel));
        for (FlowEvent e : rows) {
          Long x = e == null ? null : rangeValue(f, e);
          w.add(x == null ? 0 : x - base);
        }
        ByteBuffer bits = ByteBuffer.allocate(w.serializedSizeInBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        w.serialize(bits);
        payload = java.util.Arrays.copyOf(java.util.Arrays.copyOf(payload, bitsAt), bitsAt + bits.capacity());
        System.arraycopy(bits.array(), 0, payload, bitsAt, bits.capacity());
      }
      ByteBuffer head = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      head.put(0, (byte) kind).put(1, (byte) field).putLong(8, payload.length);
      out.write(head.array());
      out.write(payload);
      out.write(new byte[(8 - payload.length % 8) % 8]);
      kept++;
    }
    ByteBuffer trailer = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, kept);
    out.write(trailer.array());
    byte[] b = out.toByteArray();
    ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 6);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b);
    ByteBuffer c = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
    byte[] whole = java.util.Arrays.copyOf(b, b.length + 4);
    System.arraycopy(c.array(), 0, whole, b.length, 4);
    return whole;
  }

  /** {@code rows} with those outside {@code within} replaced by null (absent). */
  private static List<FlowEvent> restrict(List<FlowEvent> rows, MutableRoaringBitmap within) {
    List<FlowEvent> out = new ArrayList<>(rows);
    for (int r = 0; r < out.size(); r++) {
      if (!within.contains(r)) {
        out.set(r, null);
      }
    }
    return out;
  }

  private void run(long seed, boolean indexes) {
    Path storeDir = dir.resolve("s" + seed + indexes);
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    SplittableRandom random = new SplittableRandom(seed);
    try (FlowStore store = FlowStore.builder(storeDir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .maxSegmentRows(2500).indexes(indexes).open()) {
      for (int batch = 0; batch < 6; batch++) {
        FlowGenerator gen = FlowGenerator.builder().seed(seed * 100 + batch).edgeCases(batch % 3 == 2).build();
        store.ingest(gen.ndjson(1200 + random.nextInt(1500)), "batch-" + batch);
        if (batch % 2 == 1) {
          clock.advance(Duration.ofMinutes(5)); // a new roll cycle
        }
      }
      Segments segments = FlowStore.engineOf(store).segments();
      segments.awaitMaintenance();
      Dictionary dict = FlowStore.engineOf(store).flowDictionary();
      try (Segments.Acquired a = segments.acquire()) {
        List<SegmentView> views = a.views();
        assertThat(views.size()).as("seed %d: segments", seed).isGreaterThanOrEqualTo(5);
        assertThat(views.stream().filter(SegmentView::sealed).count()).isGreaterThanOrEqualTo(4);
        assertThat(views.get(views.size() - 1).sealed()).isFalse();
        long total = 0;
        int sparse = 0;
        for (SegmentView v : views) {
          if (v instanceof SealedSegment) {
            sparse += ((SealedSegment) v).sparseKeys(Dim.SRC_PORT) + ((SealedSegment) v).sparseKeys(Dim.DST_PORT);
          }
          List<FlowEvent> rows = decode(v);
          total += rows.stream().filter(e -> e != null).count();
          assertThat(v.indexed()).isEqualTo(indexes);
          List<Pred> preds = predicates(v, rows, dict, random);
          for (Pred p : preds) {
            assertSame(seed, v, p, rows);
          }
          for (int i = 0; i < (indexes ? 60 : 10); i++) {
            assertSame(seed, v, combine(preds, random, 3, v), rows);
          }
          assertRollup(seed, v, rows, dict, random, indexes);
        }
        assertThat(total).isEqualTo(store.count());
        if (indexes) {
          assertThat(sparse).as("port values answered by the range index").isPositive();
        }
      }
    }
  }

  private static void assertSame(long seed, SegmentView v, Pred p, List<FlowEvent> rows) {
    MutableRoaringBitmap expected = new MutableRoaringBitmap();
    for (int r = 0; r < rows.size(); r++) {
      FlowEvent e = rows.get(r);
      if (e != null && p.check.test(e)) {
        expected.add(r);
      }
    }
    ImmutableRoaringBitmap actual = p.index.apply(v);
    assertThat(actual.toMutableRoaringBitmap())
        .as("seed %d, %s, predicate %s", seed, v.meta(), p.text).isEqualTo(expected);
  }

  /**
   * Rollup totals under equality and IN conditions on shape and place dimensions (what an
   * indexed count of subnet AND action AND direction uses) equal the brute-force totals and the
   * bitmap intersection.
   */
  private static void assertRollup(long seed, SegmentView v, List<FlowEvent> rows, Dictionary dict,
      SplittableRandom random, boolean indexes) {
    List<FlowEvent> events = rows.stream().filter(e -> e != null).toList();
    if (!indexes) {
      for (Rollup.Kind k : Rollup.Kind.values()) {
        assertThat(v.rollup(k, shape -> true, (a, b, c, d, e, f, g) -> { })).isFalse();
      }
      assertThat(new RollupFilter(dict, java.util.Map.of()).totals(v)).isNull();
      return;
    }
    for (int i = 0; i < 40; i++) {
      java.util.Map<Dim, long[]> conditions = new java.util.EnumMap<>(Dim.class);
      int n = i == 0 ? 0 : 1 + random.nextInt(3);
      for (int c = 0; c < n; c++) {
        Dim d = ROLLUP_DIMS[random.nextInt(ROLLUP_DIMS.length)];
        long[] allowed = new long[1 + random.nextInt(2)];
        for (int k = 0; k < allowed.length; k++) {
          List<Long> ks = keysOf(d, events.get(random.nextInt(events.size())), dict);
          allowed[k] = ks.isEmpty() || random.nextInt(20) == 0 ? 999_999L : ks.get(random.nextInt(ks.size()));
        }
        conditions.put(d, allowed);
      }
      long[] expected = new long[5];
      for (FlowEvent e : events) {
        if (passes(e, conditions, dict)) {
          expected[0]++;
          Long bytes = (Long) e.value(FlowField.BYTES);
          Long packets = (Long) e.value(FlowField.PACKETS);
          expected[1] += bytes == null ? 0 : 1;
          expected[2] += bytes == null ? 0 : bytes;
          expected[3] += packets == null ? 0 : 1;
          expected[4] += packets == null ? 0 : packets;
        }
      }
      MutableRoaringBitmap bitmaps = v.events().toMutableRoaringBitmap();
      for (java.util.Map.Entry<Dim, long[]> c : conditions.entrySet()) {
        MutableRoaringBitmap any = new MutableRoaringBitmap();
        for (long k : c.getValue()) {
          any.or(v.dim(c.getKey(), k));
        }
        bitmaps.and(any);
      }
      RollupFilter.Totals t = new RollupFilter(dict, conditions).totals(v);
      String what = String.format("seed %d, %s, rollup over %s", seed, v.meta(),
          conditions.entrySet().stream().map(e -> e.getKey() + " in " + java.util.Arrays.toString(e.getValue())).toList());
      assertThat(t).as(what).isNotNull();
      assertThat(t.rows()).as(what + ": rows").isEqualTo(expected[0]).isEqualTo(bitmaps.getCardinality());
      if (t.sumsExact()) {
        assertThat(new long[] {t.rows(), t.bytesRows(), t.bytesSum(), t.packetsRows(), t.packetsSum()})
            .as(what + ": rows and sums").containsExactly(expected);
      }
      java.util.Map<Dim, long[]> shapeConditions = new java.util.EnumMap<>(Dim.class);
      conditions.forEach((d, keys) -> {
        if (d.placeSlot() < 0) {
          shapeConditions.put(d, keys);
        }
      });
      for (boolean src : new boolean[] {true, false}) {
        assertAddressRollup(what + (src ? ", by srcAddr" : ", by dstAddr"), v, events, dict, shapeConditions, src);
      }
    }
  }

  /**
   * The rollup by (shape, address) under shape conditions, summed per address (IPv4 bits, or
   * "absent"/"v6" for the rows without one), equals the same grouping done by brute force.
   */
  private static void assertAddressRollup(String what, SegmentView v, List<FlowEvent> events, Dictionary dict,
      java.util.Map<Dim, long[]> conditions, boolean src) {
    java.util.Map<String, List<Long>> expected = new java.util.TreeMap<>();
    for (FlowEvent e : events) {
      if (passes(e, conditions, dict)) {
        io.flowstore.IpAddress a = (io.flowstore.IpAddress) e.value(src ? FlowField.SRC_ADDR : FlowField.DST_ADDR);
        String key = a == null ? "absent" : a.toString();
        Long bytes = (Long) e.value(FlowField.BYTES);
        Long packets = (Long) e.value(FlowField.PACKETS);
        add(expected, key, 1, bytes == null ? 0 : 1, bytes == null ? 0 : bytes, packets == null ? 0 : 1,
            packets == null ? 0 : packets);
      }
    }
    java.util.Map<String, List<Long>> actual = new java.util.TreeMap<>();
    RollupFilter filter = new RollupFilter(dict, conditions);
    assertThat(filter.shapeOnly()).isTrue();
    List<long[]> v6Pairs = new ArrayList<>();
    boolean usable = filter.visitAddresses(v, src, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> {
      if (shape < 0 && place != Rollup.NO_ADDRESS) {
        v6Pairs.add(new long[] {place, rows, bytesRows, bytesSum, packetsRows, packetsSum});
        return;
      }
      String key = shape >= 0 ? io.flowstore.IpAddress.ofV4(place).toString() : "absent";
      add(actual, key, rows, bytesRows, bytesSum, packetsRows, packetsSum);
    });
    long[] table = v.rollupV6(src ? Rollup.Kind.SRC_ADDR : Rollup.Kind.DST_ADDR);
    for (long[] p : v6Pairs) {
      assertThat(p[0]).as(what + ": IPv6 place").isBetween(1L, table.length / 2L);
      int k = (int) p[0] - 1;
      add(actual, io.flowstore.IpAddress.ofV6(table[2 * k], table[2 * k + 1]).toString(), p[1], p[2], p[3], p[4], p[5]);
    }
    assertThat(v6Pairs.isEmpty()).as(what + ": IPv6 pairs").isEqualTo(expected.keySet().stream().noneMatch(k -> k.contains(":")));
    assertThat(usable).as(what + ": address rollup usable").isTrue();
    boolean exact = RollupFilter.addressSumsExact(v, src);
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    List<String> differences = keys.stream()
        .filter(k -> exact ? !java.util.Objects.equals(expected.get(k), actual.get(k))
            : expected.containsKey(k) != actual.containsKey(k))
        .map(k -> k + ": expected " + expected.get(k) + ", rollup " + actual.get(k)).limit(5).toList();
    assertThat(differences).as(what).isEmpty();
    assertThat(actual).as(what).hasSameSizeAs(expected);
  }

  /** Whether {@code e} has, for every dimension of {@code conditions}, one of its allowed keys. */
  private static boolean passes(FlowEvent e, java.util.Map<Dim, long[]> conditions, Dictionary dict) {
    for (java.util.Map.Entry<Dim, long[]> c : conditions.entrySet()) {
      List<Long> ks = keysOf(c.getKey(), e, dict);
      if (java.util.Arrays.stream(c.getValue()).noneMatch(ks::contains)) {
        return false;
      }
    }
    return true;
  }

  private static void add(java.util.Map<String, List<Long>> m, String key, long... values) {
    List<Long> old = m.get(key);
    List<Long> sum = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      sum.add(values[i] + (old == null ? 0 : old.get(i)));
    }
    m.put(key, sum);
  }

  private static final Dim[] ROLLUP_DIMS = java.util.Arrays.stream(Dim.values()).filter(RollupFilter::covers)
      .toArray(Dim[]::new);

  /** Every row of the segment decoded from its record; null for dictionary rows. */
  private static List<FlowEvent> decode(SegmentView v) {
    SegmentRows rows = v.rows();
    List<FlowEvent> out = new ArrayList<>();
    for (int r = 0; r < rows.rows(); r++) {
      out.add(rows.load(r) ? rows.view().toEvent() : null);
    }
    return out;
  }

  private static List<Pred> predicates(SegmentView v, List<FlowEvent> rows, Dictionary dict, SplittableRandom random) {
    List<Pred> preds = new ArrayList<>();
    List<FlowEvent> events = rows.stream().filter(e -> e != null).toList();
    for (Dim d : Dim.values()) {
      List<Long> keys = new ArrayList<>();
      for (FlowEvent e : events) {
        for (long k : keysOf(d, e, dict)) {
          if (!keys.contains(k)) {
            keys.add(k);
          }
        }
      }
      assertThat(v.keys(d)).as("%s: keys of %s", v.meta(), d)
          .containsExactly(keys.stream().sorted().mapToLong(Long::longValue).toArray());
      keys.add(d.isString() ? 999_999L : 70_001L); // a value no row has
      for (long key : keys.subList(0, Math.min(keys.size(), 12))) {
        preds.add(new Pred(d + " = " + key, s -> s.dim(d, key), e -> keysOf(d, e, dict).contains(key)));
      }
      preds.add(new Pred(d + " present", s -> s.present(d), e -> !keysOf(d, e, dict).isEmpty()));
    }
    for (RangeField f : RangeField.values()) {
      List<Long> values = new ArrayList<>();
      for (FlowEvent e : events) {
        Long x = rangeValue(f, e);
        if (x != null) {
          values.add(x);
        }
      }
      for (int i = 0; i < 10 && !values.isEmpty(); i++) {
        long a = values.get(random.nextInt(values.size()));
        long b = values.get(random.nextInt(values.size()));
        long lo = Math.min(a, b);
        long hi = random.nextInt(4) == 0 ? lo : Math.max(a, b);
        if (random.nextInt(5) == 0) {
          lo = Long.MIN_VALUE;
        }
        if (random.nextInt(5) == 0) {
          hi = Long.MAX_VALUE;
        }
        long l = lo;
        long h = hi;
        preds.add(new Pred(f + " in [" + l + ", " + h + "]", s -> s.range(f, l, h), e -> {
          Long x = rangeValue(f, e);
          return x != null && x >= l && x <= h;
        }));
      }
    }
    for (boolean src : new boolean[] {true, false}) {
      FlowField field = src ? FlowField.SRC_ADDR : FlowField.DST_ADDR;
      List<IpAddress> v6 = events.stream().map(e -> e.address(field)).filter(a -> a != null && !a.isV4()).toList();
      for (int i = 0; i < 6 && !v6.isEmpty(); i++) {
        IpAddress a = v6.get(random.nextInt(v6.size()));
        int prefix = random.nextInt(129);
        long maskHi = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
        long maskLo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        long loH = a.high() & maskHi;
        long loL = a.low() & maskLo;
        long hiH = loH | ~maskHi;
        long hiL = loL | ~maskLo;
        preds.add(new Pred(field + " in " + a + "/" + prefix, s -> s.v6(src, loH, loL, hiH, hiL), e -> {
          IpAddress x = e.address(field);
          return x != null && !x.isV4() && V6Column.compare(x.high(), x.low(), loH, loL) >= 0
              && V6Column.compare(x.high(), x.low(), hiH, hiL) <= 0;
        }));
      }
    }
    return preds;
  }

  /** A random AND/OR/NOT tree over the leaves. */
  private static Pred combine(List<Pred> leaves, SplittableRandom r, int depth, SegmentView v) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return leaves.get(r.nextInt(leaves.size()));
    }
    Pred a = combine(leaves, r, depth - 1, v);
    Pred b = combine(leaves, r, depth - 1, v);
    switch (r.nextInt(3)) {
      case 0:
        return new Pred("(" + a.text + " AND " + b.text + ")",
            s -> ImmutableRoaringBitmap.and(a.index.apply(s), b.index.apply(s)), e -> a.check.test(e) && b.check.test(e));
      case 1:
        return new Pred("(" + a.text + " OR " + b.text + ")",
            s -> ImmutableRoaringBitmap.or(a.index.apply(s), b.index.apply(s)), e -> a.check.test(e) || b.check.test(e));
      default:
        return new Pred("NOT " + a.text, s -> ImmutableRoaringBitmap.andNot(s.events(), a.index.apply(s)),
            e -> !a.check.test(e));
    }
  }

  /** The keys a row has in a dimension, computed from the decoded event, independently of the indexer. */
  static List<Long> keysOf(Dim d, FlowEvent e, Dictionary dict) {
    List<Long> out = new ArrayList<>();
    switch (d) {
      case RESOURCE_ID:
        if (e.path() != null) {
          for (Resource r : e.path()) {
            if (r.resourceId() != null) {
              out.add((long) dict.internString(r.resourceId()));
            }
          }
        }
        return out;
      case KIND:
        out.add((long) e.kind().ordinal());
        return out;
      default:
        Object value = e.value(d.field());
        if (value instanceof String) {
          out.add((long) dict.internString((String) value));
        } else if (value instanceof Long) {
          out.add((Long) value);
        }
        return out;
    }
  }

  /** The range value of a field, as the range index defines it, from the decoded event. */
  static Long rangeValue(RangeField f, FlowEvent e) {
    Object value = e.value(f.field());
    if (value == null) {
      return null;
    }
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof IpAddress) {
      IpAddress a = (IpAddress) value;
      return a.isV4() ? a.low() : null;
    }
    Timestamp t = (Timestamp) value;
    if (t.epochSecond() < -9_223_372_035L) {
      return Long.MIN_VALUE;
    }
    if (t.epochSecond() > 9_223_372_035L) {
      return Long.MAX_VALUE;
    }
    return t.epochSecond() * 1_000_000_000L + t.nano();
  }
}
