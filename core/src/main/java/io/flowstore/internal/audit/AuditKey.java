package io.flowstore.internal.audit;

/**
 * The single-valued strings an audit record carries beside its JSON, in record order: what the
 * audit stream indexes and filters on without parsing the JSON. Both families map onto them
 * (Yandex name / CTyun name). Internal.
 */
public enum AuditKey {
  /** event_id / id */
  EVENT_ID,
  /** event_type / eventName */
  EVENT_TYPE,
  /** event_source / srcServiceType */
  EVENT_SOURCE,
  /** event_status / eventLevel.code */
  STATUS,
  /** CTyun eventLevel.value */
  STATUS_VALUE,
  /** CTyun eventActType.code (0 read, 1 write) */
  ACT_TYPE,
  /** authentication.subject_id / accountId */
  SUBJECT_ID,
  /** authentication.subject_type */
  SUBJECT_TYPE,
  /** authentication.subject_name */
  SUBJECT_NAME,
  /** CTyun srcProdTypeName */
  SRC_PROD_TYPE_NAME,
  /** CTyun srcRegion */
  SRC_REGION,
  /** request_metadata.remote_address / srcIp, as written */
  REMOTE_ADDRESS
}
