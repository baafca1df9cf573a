package io.flowstore.internal.index;

import io.flowstore.FlowField;

/**
 * The fields with a range index in sealed segments (RoaringBitmap's RangeBitmap): one value
 * per row, queried with bounds. Internal.
 *
 * <p>Values are signed longs (times in nanoseconds since 1970, IPv4 addresses as unsigned
 * 32-bit numbers); a segment stores them relative to its minimum, so the bit-sliced index has
 * as few slices as the segment's spread needs. IPv6 addresses have a sorted column instead
 * (see {@link V6Column}).
 */
public enum RangeField {
  BYTES(FlowField.BYTES, true),
  PACKETS(FlowField.PACKETS, true),
  SRC_PORT(FlowField.SRC_PORT),
  DST_PORT(FlowField.DST_PORT),
  SRC_ADDR(FlowField.SRC_ADDR, false, true),
  DST_ADDR(FlowField.DST_ADDR, false, true),
  EVENT_TIME(FlowField.EVENT_TIME),
  AGG_START(FlowField.AGG_START),
  AGG_END(FlowField.AGG_END);

  private final FlowField field;
  private final boolean highValues;
  private final boolean ranked;

  RangeField(FlowField field) {
    this(field, false, false);
  }

  RangeField(FlowField field, boolean highValues) {
    this(field, highValues, false);
  }

  RangeField(FlowField field, boolean highValues, boolean ranked) {
    this.field = field;
    this.highValues = highValues;
    this.ranked = ranked;
  }

  /**
   * Whether a sealed segment may index the field by rank among its distinct values
   * ({@link Ranks}): 32-bit values (IPv4 addresses) of which a segment holds few distinct ones.
   */
  public boolean ranked() {
    return ranked;
  }

  /**
   * Whether the field's highest values are also kept with their rows ({@link HighValues}): the
   * heavy-tailed counters, which queries ask for their largest values ({@code bytes > 1000000}).
   */
  public boolean keepsHighValues() {
    return highValues;
  }

  public FlowField field() {
    return field;
  }

  public static RangeField of(FlowField f) {
    for (RangeField r : values()) {
      if (r.field == f) {
        return r;
      }
    }
    return null;
  }
}
