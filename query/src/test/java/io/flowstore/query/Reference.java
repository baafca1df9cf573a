package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.IpAddress;
import io.flowstore.Resource;
import io.flowstore.Timestamp;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The brute-force answers the differential tests compare against: every event held in a list,
 * conditions evaluated on Java values, written independently of the engine.
 */
final class Reference {
  private Reference() {}

  /** The values of a field in an event: none, one, or (resourceId) several. */
  static List<Comparable<?>> values(FlowEvent e, Field<?> f) {
    List<Comparable<?>> out = new ArrayList<>();
    if (f == Flow.KIND) {
      if (e.kind() != null) {
        out.add(e.kind().name());
      }
    } else if (f == Flow.RESOURCE_ID) {
      if (e.path() != null) {
        for (Resource r : e.path()) {
          if (r.resourceId() != null) {
            out.add(r.resourceId());
          }
        }
      }
    } else {
      Object v = e.value(f.flowField());
      if (v instanceof Timestamp t) {
        out.add(t.toInstant());
      } else if (v != null) {
        out.add((Comparable<?>) v);
      }
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static boolean matches(Condition c, FlowEvent e) {
    if (c instanceof Condition.Constant k) {
      return k.value;
    }
    if (c instanceof Condition.And a) {
      return a.parts().stream().allMatch(p -> matches(p, e));
    }
    if (c instanceof Condition.Or o) {
      return o.parts().stream().anyMatch(p -> matches(p, e));
    }
    if (c instanceof Condition.Not n) {
      return !matches(n.inner(), e);
    }
    Field<?> f = RowTests.fieldOf(c);
    List<Comparable<?>> values = values(e, f);
    if (c instanceof Condition.Compare x && x.op() == Op.NE) {
      return !values.isEmpty() && values.stream().noneMatch(v -> ((Comparable) v).compareTo(x.value()) == 0);
    }
    for (Comparable v : values) {
      boolean pass;
      if (c instanceof Condition.Compare x) {
        int cmp = v.compareTo(x.value());
        pass = switch (x.op()) {
          case EQ -> cmp == 0;
          case LT -> cmp < 0;
          case LE -> cmp <= 0;
          case GT -> cmp > 0;
          case GE -> cmp >= 0;
          default -> throw new AssertionError();
        };
      } else if (c instanceof Condition.In y) {
        pass = y.values().contains(v);
      } else if (c instanceof Condition.Between b) {
        pass = v.compareTo(b.lo()) >= 0 && v.compareTo(b.hi()) <= 0;
      } else {
        Cidr cidr = ((Condition.Within) c).cidr();
        IpAddress a = (IpAddress) v;
        pass = a.isV4() == cidr.network().isV4() && a.compareTo(cidr.first()) >= 0 && a.compareTo(cidr.last()) <= 0;
      }
      if (pass) {
        return true;
      }
    }
    return false;
  }

  static List<FlowEvent> filter(List<FlowEvent> events, Condition c) {
    return events.stream().filter(e -> matches(c, e)).toList();
  }

  /** Order key: as documented, absent is the smallest, times in clamped nanoseconds. */
  static long orderKey(FlowEvent e, Field<?> f) {
    Object v = e.value(f.flowField());
    if (v == null) {
      return Long.MIN_VALUE;
    }
    if (v instanceof Timestamp t) {
      BigInteger ns = BigInteger.valueOf(t.epochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
          .add(BigInteger.valueOf(t.nano()));
      if (ns.bitLength() > 63) {
        return ns.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return ns.longValue();
    }
    return (Long) v;
  }

  /** The events of a query, in its order, after its cursor (positions are list indexes here), limited. */
  static List<FlowEvent> fetch(List<FlowEvent> events, Query q) {
    Condition c = q.effectiveCondition();
    List<int[]> idx = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (matches(c, events.get(i))) {
        idx.add(new int[] {i});
      }
    }
    List<FlowEvent> out = new ArrayList<>();
    if (q.order() != null) {
      Comparator<int[]> cmp = Comparator.comparingLong(a -> orderKey(events.get(a[0]), q.order().field()));
      if (q.order().descending()) {
        cmp = cmp.reversed();
      }
      idx.sort(cmp.thenComparingInt(a -> a[0]));
    }
    for (int[] i : idx) {
      if (q.limit() >= 0 && out.size() >= q.limit()) {
        break;
      }
      out.add(events.get(i[0]));
    }
    return out;
  }

  /** The groups of an aggregation. */
  static List<Group> aggregate(List<FlowEvent> events, Aggregation a) {
    Map<List<Object>, List<FlowEvent>> groups = new HashMap<>();
    for (FlowEvent e : filter(events, a.query().effectiveCondition())) {
      List<Object> key = new ArrayList<>();
      for (GroupKey k : a.keys()) {
        key.add(keyOf(e, k));
      }
      groups.computeIfAbsent(key, x -> new ArrayList<>()).add(e);
    }
    List<Group> out = new ArrayList<>();
    for (Map.Entry<List<Object>, List<FlowEvent>> g : groups.entrySet()) {
      Map<Metric, Number> values = new LinkedHashMap<>();
      for (Metric m : a.metrics()) {
        values.put(m, metric(m, g.getValue()));
      }
      Group group = new Group(g.getKey(), values);
      boolean pass = true;
      for (Metric.Having h : a.having()) {
        Number n = values.get(h.metric());
        pass &= n != null && h.op().test(n instanceof Double d ? Double.compare(d, h.value())
            : Long.compare(n.longValue(), h.value()));
      }
      if (pass) {
        out.add(group);
      }
    }
    Comparator<Group> byKey = (x, y) -> GroupTable.compareKeys(x.keys(), y.keys());
    Comparator<Group> order = byKey;
    if (a.orderMetric() != null) {
      Comparator<Group> byMetric = (x, y) -> GroupTable.compareNumbers(x.value(a.orderMetric()), y.value(a.orderMetric()));
      order = (a.descending() ? byMetric.reversed() : byMetric).thenComparing(byKey);
    }
    out.sort(order);
    return a.limit() >= 0 && out.size() > a.limit() ? out.subList(0, a.limit()) : out;
  }

  private static Number metric(Metric m, List<FlowEvent> events) {
    if (m.kind() == Metric.Kind.COUNT) {
      return (long) events.size();
    }
    List<Long> xs = events.stream().map(e -> (Long) e.value(m.field().flowField())).filter(x -> x != null).toList();
    if (xs.isEmpty()) {
      return null;
    }
    long sum = 0;
    for (long x : xs) {
      sum += x;
    }
    return switch (m.kind()) {
      case SUM -> sum;
      case MIN -> xs.stream().mapToLong(Long::longValue).min().getAsLong();
      case MAX -> xs.stream().mapToLong(Long::longValue).max().getAsLong();
      default -> (double) sum / xs.size();
    };
  }

  private static Object keyOf(FlowEvent e, GroupKey k) {
    if (k instanceof GroupKey.Prefix p) {
      IpAddress a = (IpAddress) e.value(p.field().flowField());
      return a == null ? null : new Cidr(a, a.isV4() ? Math.min(32, p.bits()) : p.bits());
    }
    if (k instanceof GroupKey.Bucket b) {
      Timestamp t = (Timestamp) e.value(b.field().flowField());
      if (t == null) {
        return null;
      }
      BigInteger ns = BigInteger.valueOf(t.epochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
          .add(BigInteger.valueOf(t.nano()));
      BigInteger size = BigInteger.valueOf(b.nanos());
      BigInteger start = floorDiv(ns, size).multiply(size);
      BigInteger[] sn = floorDivMod(start, BigInteger.valueOf(1_000_000_000L));
      return Instant.ofEpochSecond(sn[0].longValueExact(), sn[1].longValueExact());
    }
    List<Comparable<?>> v = values(e, (Field<?>) k);
    return v.isEmpty() ? null : v.get(0);
  }

  private static BigInteger floorDiv(BigInteger a, BigInteger b) {
    return floorDivMod(a, b)[0];
  }

  private static BigInteger[] floorDivMod(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    if (qr[1].signum() < 0) {
      return new BigInteger[] {qr[0].subtract(BigInteger.ONE), qr[1].add(b)};
    }
    return qr;
  }
}
