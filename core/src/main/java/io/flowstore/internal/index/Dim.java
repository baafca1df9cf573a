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
