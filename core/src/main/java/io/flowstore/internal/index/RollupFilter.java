package io.flowstore.internal.index;

import io.flowstore.Resource;
import io.flowstore.internal.dict.Dictionary;

import java.util.Arrays;
import java.util.Map;

/**
 * Equality (or IN) conditions on the dimensions a {@link Rollup} covers, ANDed, answered from a
 * segment's rollup: the event type, source, status, action, direction, reason, nat and kind of
 * an event's shape, and the subnet, VM, folder and resource ids of its place. Decisions are
 * cached per dictionary tuple id, and the pairs of a shape that fails are skipped whole, so a
 * segment costs a fraction of one pass over its pairs. Not thread-safe: one per query. Internal.
 */
public final class RollupFilter {
  /** Row count and sums of the rows that pass. */
  public record Totals(long rows, long bytesRows, long bytesSum, long packetsRows, long packetsSum,
      boolean sumsExact) {}

  private static final Dim[] SHAPE = {Dim.EVENT_TYPE, Dim.EVENT_SOURCE, Dim.EVENT_STATUS, Dim.ACTION,
    Dim.DIRECTION, Dim.REASON, Dim.NAT, Dim.KIND};
  private static final Dim[] PLACE = {Dim.SUBNET_ID, Dim.VM_UUID, Dim.FOLDER_ID, Dim.RESOURCE_ID};

  private final Dictionary dictionary;
  /** Per shape dimension (string ones; KIND by ordinal), the values a row may have; null = any. */
  private final java.util.Set<?>[] shapeAllowed = new java.util.Set<?>[SHAPE.length];
  private long[] kindAllowed;
  private final java.util.Set<?>[] placeAllowed = new java.util.Set<?>[PLACE.length];
  private byte[] shapeDecision = new byte[64];
  private byte[] placeDecision = new byte[1024];

  /** Whether a rollup can answer conditions on {@code d}. */
  public static boolean covers(Dim d) {
    return indexOf(SHAPE, d) >= 0 || indexOf(PLACE, d) >= 0;
  }

  /**
   * {@code allowed}: per covered dimension, the keys a row may have (string ids; event kind
   * ordinals), as in {@link SegmentView#dim}.
   */
  public RollupFilter(Dictionary dictionary, Map<Dim, long[]> allowed) {
    this.dictionary = dictionary;
    for (Map.Entry<Dim, long[]> e : allowed.entrySet()) {
      Dim d = e.getKey();
      if (d == Dim.KIND) {
        kindAllowed = e.getValue().clone();
        continue;
      }
      java.util.Set<String> values = new java.util.HashSet<>();
      for (long k : e.getValue()) {
        if (k > 0 && k <= Integer.MAX_VALUE && dictionary.hasString((int) k)) {
          values.add(dictionary.string((int) k));
        }
      }
      int s = indexOf(SHAPE, d);
      int p = indexOf(PLACE, d);
      if (s >= 0) {
        shapeAllowed[s] = values;
      } else if (p >= 0) {
        placeAllowed[p] = values;
      } else {
        throw new IllegalArgumentException("no rollup over " + d);
      }
    }
  }

  private static int indexOf(Dim[] dims, Dim d) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == d) {
        return i;
      }
    }
    return -1;
  }

  /** The totals over the segment's rows that pass, or null when it has no usable rollup. */
  public Totals totals(SegmentView v) {
    long[] t = new long[5];
    boolean ok = v.rollup(Rollup.Kind.PLACE, this::shapePasses, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> {
      if (placePasses(place)) {
        t[0] += rows;
        t[1] += bytesRows;
        t[2] += bytesSum;
        t[3] += packetsRows;
        t[4] += packetsSum;
      }
    });
    return ok ? new Totals(t[0], t[1], t[2], t[3], t[4], v.rollupSumsExact(Rollup.Kind.PLACE)) : null;
  }

  /**
   * Visits the (shape, place) pairs of the segment's rollup whose rows pass; returns false,
   * having visited nothing, when the segment has no usable rollup.
   */
  public boolean visit(SegmentView v, Rollup.Visitor visitor) {
    return v.rollup(Rollup.Kind.PLACE, this::shapePasses, (shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum) -> {
      if (placePasses(place)) {
        visitor.pair(shape, place, rows, bytesRows, bytesSum, packetsRows, packetsSum);
      }
    });
  }

  /** Whether these conditions are on shape dimensions only (then an address rollup can answer them). */
  public boolean shapeOnly() {
    for (java.util.Set<?> p : placeAllowed) {
      if (p != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Visits the pairs of the segment's rollup by source ({@code src}) or destination address
   * whose shape passes (see {@link Rollup} for rows without an IPv4 address, which come with
   * {@code ~shape}, and {@link SegmentView#rollupV6} for their IPv6 addresses); returns false, having visited nothing, when the segment has no usable one.
   * Only for {@link #shapeOnly()} conditions.
   */
  public boolean visitAddresses(SegmentView v, boolean src, Rollup.Visitor visitor) {
    if (!shapeOnly()) {
      throw new IllegalStateException("an address rollup cannot answer conditions on places");
    }
    return v.rollup(src ? Rollup.Kind.SRC_ADDR : Rollup.Kind.DST_ADDR, s -> shapePasses(s < 0 ? ~s : s), visitor);
  }

  /** Whether the sums of the segment's rollup by source or destination address are exact. */
  public static boolean addressSumsExact(SegmentView v, boolean src) {
    return v.rollupSumsExact(src ? Rollup.Kind.SRC_ADDR : Rollup.Kind.DST_ADDR);
  }

  private boolean shapePasses(int id) {
    if (id >= shapeDecision.length) {
      shapeDecision = Arrays.copyOf(shapeDecision, Math.max(id + 1, shapeDecision.length * 2));
    }
    byte d = shapeDecision[id];
    if (d == 0) {
      Dictionary.Shape s = dictionary.shape(id);
      String[] values = {s.eventType, s.eventSource, s.eventStatus, s.action, s.direction, s.reason, s.nat};
      boolean pass = true;
      for (int i = 0; i < values.length && pass; i++) {
        pass = shapeAllowed[i] == null || contains(shapeAllowed[i], values[i]);
      }
      if (pass && kindAllowed != null) {
        pass = s.kind != null && Arrays.stream(kindAllowed).anyMatch(k -> k == s.kind.ordinal());
      }
      d = pass ? (byte) 1 : (byte) 2;
      shapeDecision[id] = d;
    }
    return d == 1;
  }

  private boolean placePasses(int id) {
    if (id >= placeDecision.length) {
      placeDecision = Arrays.copyOf(placeDecision, Math.max(id + 1, placeDecision.length * 2));
    }
    byte d = placeDecision[id];
    if (d == 0) {
      Dictionary.Place p = dictionary.place(id);
      boolean pass = (placeAllowed[0] == null || contains(placeAllowed[0], p.subnetId))
          && (placeAllowed[1] == null || contains(placeAllowed[1], p.vmUuid))
          && (placeAllowed[2] == null || contains(placeAllowed[2], p.folderId));
      if (pass && placeAllowed[3] != null) {
        pass = false;
        for (Resource r : p.path == null ? java.util.List.<Resource>of() : p.path) {
          pass |= contains(placeAllowed[3], r.resourceId());
        }
      }
      d = pass ? (byte) 1 : (byte) 2;
      placeDecision[id] = d;
    }
    return d == 1;
  }

  private static boolean contains(java.util.Set<?> values, String value) {
    return value != null && values.contains(value);
  }
}
