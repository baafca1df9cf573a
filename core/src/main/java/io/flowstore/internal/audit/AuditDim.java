package io.flowstore.internal.audit;

/** The dimensions of the audit stream's bitmap indexes (one bitmap per distinct value). Internal. */
public enum AuditDim {
  EVENT_TYPE(AuditKey.EVENT_TYPE),
  EVENT_SOURCE(AuditKey.EVENT_SOURCE),
  STATUS(AuditKey.STATUS),
  ACT_TYPE(AuditKey.ACT_TYPE),
  SUBJECT_ID(AuditKey.SUBJECT_ID),
  SUBJECT_TYPE(AuditKey.SUBJECT_TYPE),
  SUBJECT_NAME(AuditKey.SUBJECT_NAME),
  SRC_PROD_TYPE_NAME(AuditKey.SRC_PROD_TYPE_NAME),
  SRC_REGION(AuditKey.SRC_REGION),
  /** Every resource id of the event's path: an event is in the bitmap of each. */
  RESOURCE_ID(null),
  /** YANDEX or CTYUN. */
  FAMILY(null);

  private final AuditKey key;

  AuditDim(AuditKey key) {
    this.key = key;
  }

  /** The record key this dimension indexes; null for the resource ids and the family. */
  public AuditKey key() {
    return key;
  }
}
