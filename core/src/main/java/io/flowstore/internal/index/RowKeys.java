package io.flowstore.internal.index;

import io.flowstore.FlowField;
import io.flowstore.FlowKind;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;

import java.util.Arrays;

/**
 * The index keys and range values of one flow record: what the indexer adds and what
 * {@code verify} checks. Reused per record; not thread-safe. Internal.
 *
 * <p>Shape and place tuples repeat, so their dimension keys are cached per tuple id: a record
 * costs a few array reads plus the numeric fields.
 */
public final class RowKeys {
  static final int NONE = Integer.MIN_VALUE;
  private static final int[] SHAPE_DIMS = {Dim.EVENT_TYPE.ordinal(), Dim.EVENT_SOURCE.ordinal(),
    Dim.EVENT_STATUS.ordinal(), Dim.ACTION.ordinal(), Dim.DIRECTION.ordinal(), Dim.REASON.ordinal(),
    Dim.NAT.ordinal()};

  private final Dictionary dictionary;
  private int[][] shapeCache = new int[256][];
  private int[][] placeCache = new int[1024][];

  /** One key per single-valued dimension; meaningful where {@link #has} is set. */
  public final long[] keys = new long[Dim.values().length];
  public final boolean[] has = new boolean[Dim.values().length];
  /** [subnet, vm, folder, resourceId...] (string ids); resourceIds start at index 3. Shared, read-only. */
  public int[] placeKeys;
  /** One value per range field; meaningful where {@link #present} is set. */
  public final long[] values = new long[RangeField.values().length];
  public final boolean[] present = new boolean[RangeField.values().length];
  public boolean srcV6;
  public boolean dstV6;
  public long srcHigh;
  public long srcLow;
  public long dstHigh;
  public long dstLow;
  public int shapeId;
  public int placeId;
  public int eventTypeId;

  public RowKeys(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  /** Reads the keys of the record {@code v} is on. */
  public void of(RecordFlowView v) {
    int presence = v.presence();
    shapeId = v.shape().id;
    placeId = v.place().id;
    int[] shape = shape(shapeId);
    int[] place = place(placeId);
    Arrays.fill(has, false);
    for (int i = 0; i < SHAPE_DIMS.length; i++) {
      set(SHAPE_DIMS[i], shape[i]);
    }
    set(Dim.KIND.ordinal(), shape[SHAPE_DIMS.length]);
    eventTypeId = shape[0];
    set(Dim.SUBNET_ID.ordinal(), place[0]);
    set(Dim.VM_UUID.ordinal(), place[1]);
    set(Dim.FOLDER_ID.ordinal(), place[2]);
    placeKeys = place;
    numeric(v, FlowField.PROTO, Dim.PROTO, presence & FlowRecordDescriptor.P_PROTO);
    numeric(v, FlowField.VERS, Dim.VERS, presence & FlowRecordDescriptor.P_VERS);
    numeric(v, FlowField.SRC_PORT, Dim.SRC_PORT, presence & FlowRecordDescriptor.P_SRC_PORT);
    numeric(v, FlowField.DST_PORT, Dim.DST_PORT, presence & FlowRecordDescriptor.P_DST_PORT);

    range(RangeField.BYTES, (presence & FlowRecordDescriptor.P_BYTES) != 0, v, FlowField.BYTES);
    range(RangeField.PACKETS, (presence & FlowRecordDescriptor.P_PACKETS) != 0, v, FlowField.PACKETS);
    range(RangeField.SRC_PORT, (presence & FlowRecordDescriptor.P_SRC_PORT) != 0, v, FlowField.SRC_PORT);
    range(RangeField.DST_PORT, (presence & FlowRecordDescriptor.P_DST_PORT) != 0, v, FlowField.DST_PORT);
    long src = v.v4OrMinusOne(true);
    long dst = v.v4OrMinusOne(false);
    present[RangeField.SRC_ADDR.ordinal()] = src >= 0;
    values[RangeField.SRC_ADDR.ordinal()] = src;
    present[RangeField.DST_ADDR.ordinal()] = dst >= 0;
    values[RangeField.DST_ADDR.ordinal()] = dst;
    time(RangeField.EVENT_TIME, 0, presence & FlowRecordDescriptor.P_EVENT_TIME, v);
    time(RangeField.AGG_START, 1, presence & FlowRecordDescriptor.P_AGG_START, v);
    time(RangeField.AGG_END, 2, presence & FlowRecordDescriptor.P_AGG_END, v);
    srcV6 = (presence & FlowRecordDescriptor.F_SRC_V6) != 0;
    dstV6 = (presence & FlowRecordDescriptor.F_DST_V6) != 0;
    if (srcV6) {
      srcHigh = v.addressHigh(FlowField.SRC_ADDR);
      srcLow = v.addressLow(FlowField.SRC_ADDR);
    }
    if (dstV6) {
      dstHigh = v.addressHigh(FlowField.DST_ADDR);
      dstLow = v.addressLow(FlowField.DST_ADDR);
    }
  }

  private static final int[] NO_IDS = new int[0];

  /** A tuple-derived key; {@link #NONE} (absent) is the only negative one. */
  private void set(int dim, int key) {
    if (key != NONE) {
      keys[dim] = key;
      has[dim] = true;
    }
  }

  private void numeric(RecordFlowView v, FlowField f, Dim d, int present) {
    if (present != 0) {
      keys[d.ordinal()] = v.int64(f);
      has[d.ordinal()] = true;
    }
  }

  /** Whether this row has {@code key} in dimension {@code d} (resource ids included). */
  public boolean hasKey(Dim d, long key) {
    if (d == Dim.RESOURCE_ID) {
      for (int i = 3; i < placeKeys.length; i++) {
        if (placeKeys[i] == key) {
          return true;
        }
      }
      return false;
    }
    return has[d.ordinal()] && keys[d.ordinal()] == key;
  }

  /** Whether this row has any value in dimension {@code d}. */
  public boolean hasAny(Dim d) {
    return d == Dim.RESOURCE_ID ? placeKeys.length > 3 : has[d.ordinal()];
  }

  private void range(RangeField r, boolean has, RecordFlowView v, FlowField f) {
    present[r.ordinal()] = has;
    values[r.ordinal()] = has ? v.int64(f) : 0;
  }

  private void time(RangeField r, int slot, int has, RecordFlowView v) {
    present[r.ordinal()] = has != 0;
    values[r.ordinal()] = has != 0 ? v.timeNanos(slot) : 0;
  }

  /** [eventType, eventSource, eventStatus, action, direction, reason, nat, kind] of a shape. */
  int[] shape(int id) {
    if (id < shapeCache.length && shapeCache[id] != null) {
      return shapeCache[id];
    }
    int[] parts = dictionary.tuple(id);
    int[] keys = new int[SHAPE_DIMS.length + 1];
    for (int i = 0; i < SHAPE_DIMS.length; i++) {
      keys[i] = parts[i] == 0 ? NONE : parts[i];
    }
    FlowKind kind = dictionary.shape(id).kind;
    keys[SHAPE_DIMS.length] = kind == null ? NONE : kind.ordinal();
    if (id >= shapeCache.length) {
      shapeCache = Arrays.copyOf(shapeCache, Math.max(id + 1, shapeCache.length * 2));
    }
    shapeCache[id] = keys;
    return keys;
  }

  /** [subnet, vm, folder, resourceId...] of a place. */
  int[] place(int id) {
    if (id < placeCache.length && placeCache[id] != null) {
      return placeCache[id];
    }
    int[] parts = dictionary.tuple(id);
    int pathId = parts[FlowRecordDescriptor.PLACE_PATH];
    int[] path = pathId == 0 ? NO_IDS : dictionary.tuple(pathId);
    int[] ids = new int[path.length / FlowRecordDescriptor.PATH_SLOTS];
    int n = 0;
    for (int i = 1; i < path.length; i += FlowRecordDescriptor.PATH_SLOTS) {
      if (path[i] != 0) {
        ids[n++] = path[i];
      }
    }
    int[] keys = new int[3 + n];
    keys[0] = parts[FlowRecordDescriptor.PLACE_SUBNET_ID] == 0 ? NONE : parts[FlowRecordDescriptor.PLACE_SUBNET_ID];
    keys[1] = parts[FlowRecordDescriptor.PLACE_VM_UUID] == 0 ? NONE : parts[FlowRecordDescriptor.PLACE_VM_UUID];
    keys[2] = parts[FlowRecordDescriptor.PLACE_FOLDER_ID] == 0 ? NONE : parts[FlowRecordDescriptor.PLACE_FOLDER_ID];
    System.arraycopy(ids, 0, keys, 3, n);
    if (id >= placeCache.length) {
      placeCache = Arrays.copyOf(placeCache, Math.max(id + 1, placeCache.length * 2));
    }
    placeCache[id] = keys;
    return keys;
  }
}
