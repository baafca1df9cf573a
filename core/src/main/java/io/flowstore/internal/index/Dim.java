package io.flowstore.internal.index;

import io.flowstore.FlowField;

/**
 * The dimensions of a flow segment's bitmap index: one bitmap per distinct value. Internal.
 *
 * <p>String dimensions are keyed by dictionary string id, {@link #KIND} by {@link
 * io.flowstore.FlowKind} ordinal, numeric ones by the value itself. {@link #RESOURCE_ID} is
 * multi-valued: a row is in the bitmap of every resourceId of its path (cloud, folder...).
 */
public enum Dim {
  SUBNET_ID(FlowField.SUBNET_ID),
  VM_UUID(FlowField.VM_UUID),
  FOLDER_ID(FlowField.FOLDER_ID),
  RESOURCE_ID(null),
  ACTION(FlowField.ACTION),
  DIRECTION(FlowField.DIRECTION),
  EVENT_STATUS(FlowField.EVENT_STATUS),
  EVENT_TYPE(FlowField.EVENT_TYPE),
  EVENT_SOURCE(FlowField.EVENT_SOURCE),
  REASON(FlowField.REASON),
  NAT(FlowField.NAT),
  KIND(null),
  PROTO(FlowField.PROTO),
  VERS(FlowField.VERS),
  SRC_PORT(FlowField.SRC_PORT),
  DST_PORT(FlowField.DST_PORT);

  private final FlowField field;

  Dim(FlowField field) {
    this.field = field;
  }

  /** The flow field this dimension indexes, or null (resource ids, kind). */
  public FlowField field() {
    return field;
  }

  /**
   * The slot of this dimension in a shape's keys ([eventType, eventSource, eventStatus, action,
   * direction, reason, nat, kind]), or -1. The open segment indexes shapes, not these dimensions.
   */
  public int shapeSlot() {
    switch (this) {
      case EVENT_TYPE: return 0;
      case EVENT_SOURCE: return 1;
      case EVENT_STATUS: return 2;
      case ACTION: return 3;
      case DIRECTION: return 4;
      case REASON: return 5;
      case NAT: return 6;
      case KIND: return 7;
      default: return -1;
    }
  }

  /**
   * The slot of this dimension in a place's keys ([subnet, vm, folder, resourceId...]; resource
   * ids take every slot from 3 on), or -1. The open segment indexes places, not these dimensions.
   */
  public int placeSlot() {
    switch (this) {
      case SUBNET_ID: return 0;
      case VM_UUID: return 1;
      case FOLDER_ID: return 2;
      case RESOURCE_ID: return 3;
      default: return -1;
    }
  }

  /** True when keys are dictionary string ids. */
  public boolean isString() {
    return ordinal() <= NAT.ordinal();
  }

  /** The dimension of a field, or null when the field has none. */
  public static Dim of(FlowField f) {
    for (Dim d : values()) {
      if (d.field == f) {
        return d;
      }
    }
    return null;
  }
}
