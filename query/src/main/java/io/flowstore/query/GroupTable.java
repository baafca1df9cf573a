package io.flowstore.query;

import io.flowstore.FlowField;
import io.flowstore.FlowKind;
import io.flowstore.IpAddress;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.index.Dim;
import io.flowstore.internal.index.Rollup;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups of one aggregation run: an open-addressing hash table from encoded keys (a few
 * longs per group key: dictionary ids, numbers, masked addresses, bucket starts) to
 * accumulators (count, then per number field: events with it, sum, min, max). Keys are decoded
 * to values only at the end. Not thread-safe.
 */
final class GroupTable {
  private final Aggregation aggregation;
  private final Dictionary dictionary;
  private final KeyCodec[] codecs;
  private final int width;
  private final LongField[] metricFields;
  private final RawRow.Reader[] metricReaders;
  /** Per metric of the aggregation, the index of its field in {@link #metricFields} (-1 for count). */
  private final int[] metricIndex;
  private final int accWidth;
  private final long[] scratch;

  private long[] keys;
  private long[] accs;
  private boolean[] used;
  private int size;
  private int mask;

  GroupTable(Aggregation aggregation, Dictionary dictionary) {
    this.aggregation = aggregation;
    this.dictionary = dictionary;
    this.codecs = new KeyCodec[aggregation.keys().size()];
    int w = 0;
    for (int i = 0; i < codecs.length; i++) {
      codecs[i] = codec(aggregation.keys().get(i));
      w += codecs[i].width();
    }
    this.width = w;
    List<LongField> fields = new ArrayList<>();
    for (Metric m : aggregation.metrics()) {
      if (m.field() != null && !fields.contains(m.field())) {
        fields.add(m.field());
      }
    }
    this.metricFields = fields.toArray(new LongField[0]);
    this.metricReaders = new RawRow.Reader[metricFields.length];
    for (int i = 0; i < metricFields.length; i++) {
      metricReaders[i] = new RawRow.Reader(metricFields[i].flowField());
    }
    this.metricIndex = aggregation.metrics().stream().mapToInt(m -> fields.indexOf(m.field())).toArray();
    this.accWidth = 1 + 4 * metricFields.length;
    this.scratch = new long[Math.max(1, width)];
    allocate(64);
  }

  private void allocate(int capacity) {
    keys = new long[capacity * width];
    accs = new long[capacity * accWidth];
    used = new boolean[capacity];
    mask = capacity - 1;
    size = 0;
  }

  /** Adds the event {@code v} to its group. */
  void add(RawRow v) {
    int at = 0;
    for (KeyCodec c : codecs) {
      c.encode(v, scratch, at);
      at += c.width();
    }
    int slot = slotOf(scratch);
    int a = slot * accWidth;
    accs[a]++;
    for (int i = 0; i < metricReaders.length; i++) {
      RawRow.Reader r = metricReaders[i];
      if (r.has(v)) {
        long x = r.int64(v);
        int b = a + 1 + 4 * i;
        if (accs[b]++ == 0) {
          accs[b + 2] = x;
          accs[b + 3] = x;
        } else {
          accs[b + 2] = Math.min(accs[b + 2], x);
          accs[b + 3] = Math.max(accs[b + 3], x);
        }
        accs[b + 1] += x;
      }
    }
  }

  /**
   * Whether the groups can come from segment rollups: every key a string field of an event's
   * shape or place (subnet, action, direction...), every metric a count, sum or average of
   * bytes or packets.
   */
  static boolean fromRollups(Aggregation a) {
    for (GroupKey k : a.keys()) {
      if (!(k instanceof StringField) || k == Flow.EVENT_ID || k == Flow.RESOURCE_ID) {
        return false;
      }
    }
    return metricsFromRollups(a);
  }

  /** Whether every metric is a count, sum or average of bytes or packets (what a rollup keeps). */
  private static boolean metricsFromRollups(Aggregation a) {
    for (Metric m : a.metrics()) {
      boolean ok = m.kind() == Metric.Kind.COUNT || ((m.kind() == Metric.Kind.SUM || m.kind() == Metric.Kind.AVG)
          && (m.field() == Flow.BYTES || m.field() == Flow.PACKETS));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address of an aggregation whose groups can come from the segments' rollups by (shape,
   * address): one key, the source or destination address or a prefix of it, every metric a count,
   * sum or average of bytes or packets. The field, or null when the rollups cannot serve it.
   */
  static AddressField addressRollupField(Aggregation a) {
    if (a.keys().size() != 1 || !metricsFromRollups(a)) {
      return null;
    }
    GroupKey k = a.keys().get(0);
    AddressField f = k instanceof GroupKey.Prefix p ? p.field() : k instanceof AddressField af ? af : null;
    return f == Flow.SRC_ADDR || f == Flow.DST_ADDR ? f : null;
  }

  /**
   * Adds one pair of a rollup by (shape, address): {@code rows} events of that shape whose address
   * is the IPv4 address {@code place} or, under {@code ~shape}, absent (place
   * {@link Rollup#NO_ADDRESS}) or the IPv6 address at {@code 2 * (place - 1)} of {@code v6}.
   */
  void addAddressPair(int shape, int place, long[] v6, long rows, long bytesRows, long bytesSum, long packetsRows,
      long packetsSum) {
    AddressCodec c = (AddressCodec) codecs[0];
    if (shape >= 0) {
      c.encodeV4(place, scratch, 0);
    } else if (place == Rollup.NO_ADDRESS) {
      Arrays.fill(scratch, 0, 3, 0L);
    } else {
      c.encodeV6(v6[2 * (place - 1)], v6[2 * place - 1], scratch, 0);
    }
    accumulate(rows, bytesRows, bytesSum, packetsRows, packetsSum);
  }

  /** Adds one rollup pair: {@code rows} events of that shape and place, with their sums. */
  void addPair(int shape, int place, long rows, long bytesRows, long bytesSum, long packetsRows, long packetsSum) {
    int at = 0;
    for (KeyCodec c : codecs) {
      c.encodeTuple(shape, place, scratch, at);
      at += c.width();
    }
    accumulate(rows, bytesRows, bytesSum, packetsRows, packetsSum);
  }

  /** Adds counts and sums to the group whose key is in {@link #scratch} (rollup metrics only: no min or max). */
  private void accumulate(long rows, long bytesRows, long bytesSum, long packetsRows, long packetsSum) {
    int a = slotOf(scratch) * accWidth;
    accs[a] += rows;
    for (int i = 0; i < metricFields.length; i++) {
      int b = a + 1 + 4 * i;
      boolean bytes = metricFields[i] == Flow.BYTES;
      accs[b] += bytes ? bytesRows : packetsRows;
      accs[b + 1] += bytes ? bytesSum : packetsSum;
    }
  }

  private int slotOf(long[] k) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < width; i++) {
      h = (h ^ k[i]) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    int slot = (int) h & mask;
    while (used[slot]) {
      if (sameKey(slot, k)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    if (size * 2 >= mask) {
      grow();
      return slotOf(k);
    }
    used[slot] = true;
    System.arraycopy(k, 0, keys, slot * width, width);
    size++;
    return slot;
  }

  private boolean sameKey(int slot, long[] k) {
    int at = slot * width;
    for (int i = width - 1; i >= 0; i--) { // the last slot of a key varies most
      if (keys[at + i] != k[i]) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldAccs = accs;
    boolean[] oldUsed = used;
    allocate(oldUsed.length * 2);
    long[] k = new long[width];
    for (int s = 0; s < oldUsed.length; s++) {
      if (oldUsed[s]) {
        System.arraycopy(oldKeys, s * width, k, 0, width);
        int slot = slotOf(k);
        System.arraycopy(oldAccs, s * accWidth, accs, slot * accWidth, accWidth);
      }
    }
  }

  /** The groups: HAVING applied, ordered, limited. */
  List<Group> result() {
    List<Group> groups = new ArrayList<>();
    for (int s : candidates()) {
      Group g = group(s);
      if (passes(g)) {
        groups.add(g);
      }
    }
    Comparator<Group> byKey = (x, y) -> compareKeys(x.keys(), y.keys());
    Comparator<Group> order = byKey;
    Metric m = aggregation.orderMetric();
    if (m != null) {
      Comparator<Group> byMetric = (x, y) -> compareNumbers(x.value(m), y.value(m));
      order = (aggregation.descending() ? byMetric.reversed() : byMetric).thenComparing(byKey);
    }
    groups.sort(order);
    int limit = aggregation.limit();
    return limit >= 0 && groups.size() > limit ? new ArrayList<>(groups.subList(0, limit)) : groups;
  }

  /**
   * The slots that can be among the groups returned: all of them, or, under an order metric and
   * a limit without HAVING, those whose metric is at least as good as the limit-th best (ties
   * kept, compared as doubles, which preserves order), so that only a few become {@link Group}s.
   */
  private int[] candidates() {
    int[] slots = new int[size];
    int n = 0;
    for (int s = 0; s < used.length; s++) {
      if (used[s]) {
        slots[n++] = s;
      }
    }
    Metric m = aggregation.orderMetric();
    int limit = aggregation.limit();
    if (m == null || limit < 0 || n <= limit || !aggregation.having().isEmpty()) {
      return slots;
    }
    if (limit == 0) {
      return new int[0];
    }
    int mi = aggregation.metrics().indexOf(m);
    double[] rank = new double[n]; // smaller is better; an absent value sorts first, so it is the best ascending
    for (int k = 0; k < n; k++) {
      Number v = value(m, metricIndex[mi], slots[k] * accWidth);
      double x = v == null ? Double.NEGATIVE_INFINITY : v.doubleValue();
      rank[k] = aggregation.descending() ? -x : x;
    }
    double[] sorted = rank.clone();
    Arrays.sort(sorted);
    double threshold = sorted[limit - 1];
    int kept = 0;
    for (int k = 0; k < n; k++) {
      if (rank[k] <= threshold) {
        slots[kept++] = slots[k];
      }
    }
    return Arrays.copyOf(slots, kept);
  }

  /** The group in slot {@code s}, its keys decoded. */
  private Group group(int s) {
    List<Object> key = new ArrayList<>(codecs.length);
    int at = s * width;
    for (KeyCodec c : codecs) {
      key.add(c.decode(keys, at));
      at += c.width();
    }
    Map<Metric, Number> values = new LinkedHashMap<>();
    int a = s * accWidth;
    for (int m = 0; m < metricIndex.length; m++) {
      values.put(aggregation.metrics().get(m), value(aggregation.metrics().get(m), metricIndex[m], a));
    }
    return new Group(key, values);
  }

  private Number value(Metric m, int i, int a) {
    if (m.kind() == Metric.Kind.COUNT) {
      return accs[a];
    }
    int b = a + 1 + 4 * i;
    long n = accs[b];
    if (n == 0) {
      return null;
    }
    switch (m.kind()) {
      case SUM:
        return accs[b + 1];
      case MIN:
        return accs[b + 2];
      case MAX:
        return accs[b + 3];
      default:
        return (double) accs[b + 1] / n;
    }
  }

  private boolean passes(Group g) {
    for (Metric.Having h : aggregation.having()) {
      Number n = g.value(h.metric());
      if (n == null) {
        return false;
      }
      int cmp = n instanceof Double d ? Double.compare(d, h.value()) : Long.compare(n.longValue(), h.value());
      if (!h.op().test(cmp)) {
        return false;
      }
    }
    return true;
  }

  /** Absent (null) first. */
  static int compareNumbers(Number x, Number y) {
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    if (x instanceof Double || y instanceof Double) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return Long.compare(x.longValue(), y.longValue());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareKeys(List<Object> x, List<Object> y) {
    for (int i = 0; i < x.size(); i++) {
      Object a = x.get(i);
      Object b = y.get(i);
      int c;
      if (a == null || b == null) {
        c = a == null ? (b == null ? 0 : -1) : 1;
      } else if (a instanceof Cidr ca) {
        Cidr cb = (Cidr) b;
        c = ca.network().compareTo(cb.network());
        c = c != 0 ? c : Integer.compare(ca.bits(), cb.bits());
      } else {
        c = ((Comparable) a).compareTo(b);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- key codecs

  private abstract static class KeyCodec {
    abstract int width();

    abstract void encode(RawRow v, long[] out, int at);

    abstract Object decode(long[] k, int at);

    /** The key of an event of dictionary tuples {@code shape} and {@code place} (string keys only). */
    void encodeTuple(int shape, int place, long[] out, int at) {
      throw new UnsupportedOperationException("not a shape or place key");
    }
  }

  private KeyCodec codec(GroupKey key) {
    if (key instanceof GroupKey.Prefix p) {
      return new AddressCodec(p.field().flowField(), p.bits(), true);
    }
    if (key instanceof GroupKey.Bucket b) {
      return new TimeCodec(b.field().flowField(), b.nanos());
    }
    Field<?> f = (Field<?>) key;
    if (f instanceof AddressField) {
      return new AddressCodec(f.flowField(), 128, false);
    }
    if (f instanceof TimeField) {
      return new TimeCodec(f.flowField(), 1);
    }
    if (f instanceof LongField) {
      RawRow.Reader r = new RawRow.Reader(f.flowField());
      return new KeyCodec() {
        @Override
        int width() {
          return 2;
        }

        @Override
        void encode(RawRow v, long[] out, int at) {
          boolean has = r.has(v);
          out[at] = has ? 1 : 0;
          out[at + 1] = has ? r.int64(v) : 0;
        }

        @Override
        Object decode(long[] k, int at) {
          return k[at] == 0 ? null : k[at + 1];
        }
      };
    }
    return stringCodec(f);
  }

  private KeyCodec stringCodec(Field<?> f) {
    if (f == Flow.KIND) {
      return new KeyCodec() {
        @Override
        int width() {
          return 1;
        }

        @Override
        void encode(RawRow v, long[] out, int at) {
          encodeTuple(v.shapeId(), 0, out, at);
        }

        @Override
        void encodeTuple(int shape, int place, long[] out, int at) {
          FlowKind k = dictionary.shape(shape).kind;
          out[at] = k == null ? 0 : k.ordinal() + 1;
        }

        @Override
        Object decode(long[] k, int at) {
          return k[at] == 0 ? null : FlowKind.values()[(int) k[at] - 1].name();
        }
      };
    }
    if (f == Flow.EVENT_ID) {
      Map<String, Long> ids = new HashMap<>();
      List<String> names = new ArrayList<>();
      return new KeyCodec() {
        @Override
        int width() {
          return 1;
        }

        @Override
        void encode(RawRow v, long[] out, int at) {
          String s = v.full().string(FlowField.EVENT_ID);
          out[at] = s == null ? 0 : ids.computeIfAbsent(s, x -> {
            names.add(x);
            return (long) names.size();
          });
        }

        @Override
        Object decode(long[] k, int at) {
          return k[at] == 0 ? null : names.get((int) k[at] - 1);
        }
      };
    }
    Dim d = Planner.dimOf(f);
    int placeSlot = d == null ? -1 : d.placeSlot();
    boolean place = placeSlot >= 0 && placeSlot < FlowRecordDescriptor.PLACE_PATH; // subnet, VM, folder
    int slot = place ? placeSlot : d == null ? -1 : d.shapeSlot();
    if (slot < 0 || (!place && slot >= FlowRecordDescriptor.SHAPE_SIZE)) {
      throw new IllegalArgumentException("cannot group by " + f.name());
    }
    return new KeyCodec() {
      @Override
      int width() {
        return 1;
      }

      @Override
      void encode(RawRow v, long[] out, int at) {
        out[at] = dictionary.tuple(place ? v.placeId() : v.shapeId())[slot];
      }

      @Override
      void encodeTuple(int shapeId, int placeId, long[] out, int at) {
        out[at] = dictionary.tuple(place ? placeId : shapeId)[slot];
      }

      @Override
      Object decode(long[] k, int at) {
        return dictionary.string((int) k[at]);
      }
    };
  }

  /** [0 absent, 1 IPv4, 2 IPv6], high, low; masked to the prefix. */
  private static final class AddressCodec extends KeyCodec {
    private final FlowField field;
    private final RawRow.Reader reader;
    private final int bits;
    private final boolean prefix;
    private final long v4Mask;
    private final long highMask;
    private final long lowMask;

    AddressCodec(FlowField field, int bits, boolean prefix) {
      this.field = field;
      this.reader = new RawRow.Reader(field);
      this.bits = bits;
      this.prefix = prefix;
      this.v4Mask = prefix ? Cidr.v4Mask(bits) : -1L;
      this.highMask = prefix ? Cidr.highMask(bits) : -1L;
      this.lowMask = prefix ? Cidr.lowMask(bits) : -1L;
    }

    @Override
    int width() {
      return 3;
    }

    /** The key of the IPv4 address {@code bits}. */
    void encodeV4(int bits, long[] out, int at) {
      out[at] = 1;
      out[at + 1] = 0;
      out[at + 2] = (bits & 0xFFFF_FFFFL) & v4Mask;
    }

    /** The key of the IPv6 address {@code high}, {@code low}. */
    void encodeV6(long high, long low, long[] out, int at) {
      out[at] = 2;
      out[at + 1] = high & highMask;
      out[at + 2] = low & lowMask;
    }

    @Override
    void encode(RawRow v, long[] out, int at) {
      if (!reader.has(v)) {
        java.util.Arrays.fill(out, at, at + 3, 0L); // absent: [0, 0, 0]
        return;
      }
      boolean v4 = reader.fast(v);
      long hi = v4 ? 0 : v.full().addressHigh(field);
      long lo = v4 ? reader.rank(v) : v.full().addressLow(field);
      if (v4) {
        lo &= v4Mask;
      } else {
        hi &= highMask;
        lo &= lowMask;
      }
      out[at] = v4 ? 1 : 2;
      out[at + 1] = hi;
      out[at + 2] = lo;
    }

    @Override
    Object decode(long[] k, int at) {
      if (k[at] == 0) {
        return null;
      }
      IpAddress a = k[at] == 1 ? IpAddress.ofV4((int) k[at + 2]) : IpAddress.ofV6(k[at + 1], k[at + 2]);
      return prefix ? new Cidr(a, a.isV4() ? Math.min(bits, 32) : bits) : a;
    }
  }

  /** [has, second, nano] of the time floored to the bucket. */
  private static final class TimeCodec extends KeyCodec {
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
    private final FlowField field;
    private final RawRow.Reader reader;
    private final long bucket;

    TimeCodec(FlowField field, long bucket) {
      this.field = field;
      this.reader = new RawRow.Reader(field);
      this.bucket = bucket;
    }

    @Override
    int width() {
      return 3;
    }

    @Override
    void encode(RawRow v, long[] out, int at) {
      if (!reader.has(v)) {
        java.util.Arrays.fill(out, at, at + 3, 0L); // absent: [0, 0, 0]
        return;
      }
      out[at] = 1;
      long s;
      int n;
      if (reader.fast(v)) {
        long ns = reader.rank(v);
        long q = Math.floorDiv(ns, bucket);
        if (bucket == 1 || (q >= Long.MIN_VALUE / bucket && q <= Long.MAX_VALUE / bucket)) {
          long start = q * bucket;
          out[at + 1] = Math.floorDiv(start, 1_000_000_000L);
          out[at + 2] = Math.floorMod(start, 1_000_000_000L);
          return;
        }
        s = Math.floorDiv(ns, 1_000_000_000L); // the bucket start does not fit a long: exact arithmetic below
        n = (int) Math.floorMod(ns, 1_000_000_000L);
      } else {
        s = v.full().epochSecond(field);
        n = v.full().nano(field);
      }
      if (bucket == 1) {
        out[at + 1] = s;
        out[at + 2] = n;
      } else {
        BigInteger total = BigInteger.valueOf(s).multiply(BILLION).add(BigInteger.valueOf(n));
        BigInteger b = BigInteger.valueOf(bucket);
        BigInteger[] qr = total.divideAndRemainder(b);
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        BigInteger[] sn = q.multiply(b).divideAndRemainder(BILLION);
        long sec = sn[0].longValue();
        long nano = sn[1].longValue();
        if (nano < 0) {
          sec--;
          nano += 1_000_000_000L;
        }
        out[at + 1] = sec;
        out[at + 2] = nano;
      }
    }

    @Override
    Object decode(long[] k, int at) {
      return k[at] == 0 ? null : Instant.ofEpochSecond(k[at + 1], k[at + 2]);
    }
  }
}
