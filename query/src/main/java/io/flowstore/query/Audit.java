package io.flowstore.query;

import io.flowstore.AuditEvent;
import io.flowstore.internal.audit.AuditDim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of audit events. Both families map onto one vocabulary (Yandex name / CTyun name
 * in each comment); {@link #path} reaches any other value by its dotted path in the JSON.
 */
public final class Audit {
  private Audit() {}

  private static List<String> one(String v) {
    return v == null ? List.of() : List.of(v);
  }

  /** event_id / id. */
  public static final AuditField.Text EVENT_ID = new AuditField.Text("eventId", null, e -> one(e.eventId()));
  /** event_type / eventName. Indexed. */
  public static final AuditField.Text EVENT_TYPE = new AuditField.Text("eventType", AuditDim.EVENT_TYPE,
      e -> one(e.eventType()));
  /** event_source / srcServiceType. Indexed. */
  public static final AuditField.Text EVENT_SOURCE = new AuditField.Text("eventSource", AuditDim.EVENT_SOURCE,
      e -> one(e.eventSource()));
  /** event_status (DONE, ERROR, STARTED, CANCELLED) / eventLevel.code (0 normal, 1 warning). Indexed. */
  public static final AuditField.Text STATUS = new AuditField.Text("status", AuditDim.STATUS, e -> one(e.status()));
  /** CTyun eventLevel.value. */
  public static final AuditField.Text STATUS_VALUE = new AuditField.Text("statusValue", null,
      e -> one(e.statusValue()));
  /** CTyun eventActType.code: 0 read, 1 write. Indexed. */
  public static final AuditField.Text ACT_TYPE = new AuditField.Text("actType", AuditDim.ACT_TYPE,
      e -> one(e.actType()));
  /** authentication.subject_id / accountId. Indexed. */
  public static final AuditField.Text SUBJECT_ID = new AuditField.Text("subjectId", AuditDim.SUBJECT_ID,
      e -> one(e.subjectId()));
  /** authentication.subject_type. Indexed. */
  public static final AuditField.Text SUBJECT_TYPE = new AuditField.Text("subjectType", AuditDim.SUBJECT_TYPE,
      e -> one(e.subjectType()));
  /** authentication.subject_name. Indexed. */
  public static final AuditField.Text SUBJECT_NAME = new AuditField.Text("subjectName", AuditDim.SUBJECT_NAME,
      e -> one(e.subjectName()));
  /** Every resource_id of resource_metadata.path / srcResId: a condition holds when one of them passes. Indexed. */
  public static final AuditField.Text RESOURCE_ID = new AuditField.Text("resourceId", AuditDim.RESOURCE_ID,
      AuditEvent::resourceIds);
  /** CTyun srcProdTypeName. Indexed. */
  public static final AuditField.Text SRC_PROD_TYPE_NAME = new AuditField.Text("srcProdTypeName",
      AuditDim.SRC_PROD_TYPE_NAME, e -> one(e.srcProdTypeName()));
  /** CTyun srcRegion. Indexed. */
  public static final AuditField.Text SRC_REGION = new AuditField.Text("srcRegion", AuditDim.SRC_REGION,
      e -> one(e.srcRegion()));
  /** YANDEX or CTYUN. Indexed. */
  public static final AuditField.Text FAMILY = new AuditField.Text("family", AuditDim.FAMILY,
      e -> List.of(e.family().name()));
  /** request_metadata.remote_address / srcIp; CIDR conditions use the address column. */
  public static final AuditField.Address REMOTE_ADDRESS = new AuditField.Address("remoteAddress");
  /** event_time (RFC3339) / eventTime (local, in the store's CTyun zone). */
  public static final AuditField.Time EVENT_TIME = new AuditField.Time("eventTime", AuditEvent::eventTime);
  /** CTyun createTime. */
  public static final AuditField.Time CREATE_TIME = new AuditField.Time("createTime", AuditEvent::createTime);
  /** CTyun updateTime. */
  public static final AuditField.Time UPDATE_TIME = new AuditField.Time("updateTime", AuditEvent::updateTime);

  private static final List<AuditField> ALL = List.of(EVENT_ID, EVENT_TYPE, EVENT_SOURCE, STATUS, STATUS_VALUE,
      ACT_TYPE, SUBJECT_ID, SUBJECT_TYPE, SUBJECT_NAME, RESOURCE_ID, SRC_PROD_TYPE_NAME, SRC_REGION, FAMILY,
      REMOTE_ADDRESS, EVENT_TIME, CREATE_TIME, UPDATE_TIME);

  /** Every field's other names (either family's name as written, dotted paths), lower-cased without '_'. */
  private static final Map<String, AuditField> NAMES = new LinkedHashMap<>();

  static {
    for (AuditField f : ALL) {
      NAMES.put(norm(f.name()), f);
    }
    alias(EVENT_ID, "id");
    alias(EVENT_TYPE, "eventName");
    alias(EVENT_SOURCE, "srcServiceType");
    alias(STATUS, "eventStatus", "eventLevel", "eventLevel.code");
    alias(STATUS_VALUE, "eventLevel.value");
    alias(ACT_TYPE, "eventActType", "eventActType.code");
    alias(SUBJECT_ID, "authentication.subjectId", "accountId");
    alias(SUBJECT_TYPE, "authentication.subjectType");
    alias(SUBJECT_NAME, "authentication.subjectName");
    alias(RESOURCE_ID, "resourceMetadata.path.resourceId", "srcResId");
    alias(REMOTE_ADDRESS, "requestMetadata.remoteAddress", "srcIp");
  }

  private static void alias(AuditField f, String... names) {
    for (String n : names) {
      NAMES.put(norm(n), f);
    }
  }

  static String norm(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Every named field. */
  public static List<AuditField> all() {
    return ALL;
  }

  /**
   * The field named {@code name}: a field's name or another name for it (either family's, in
   * camelCase or snake_case, dotted for nested ones: {@code authentication.subject_name}), else a
   * {@link #path} into the JSON.
   */
  public static AuditField byName(String name) {
    AuditField f = NAMES.get(norm(name));
    return f != null ? f : path(name);
  }

  /** Whether {@code name} is one of the named fields (not a path). */
  static boolean isNamed(String name) {
    return NAMES.containsKey(norm(name));
  }

  /**
   * A string field for the value at a dotted path in the event's JSON ({@code details.bucket_id},
   * {@code reqData.resource_name}; see {@link AuditEvent#value}): a string as it is, a number
   * or boolean as its JSON text, an object or array absent. Not indexed: tested on each event.
   */
  public static AuditField.Text path(String dotted) {
    if (dotted.isEmpty() || dotted.startsWith(".") || dotted.endsWith(".") || dotted.contains("..")) {
      throw new IllegalArgumentException("not a field path: " + dotted);
    }
    return new AuditField.Text(dotted, null, e -> {
      Object v = e.value(dotted);
      if (v == null || v instanceof Map || v instanceof List) {
        return List.of();
      }
      return List.of(v instanceof java.math.BigDecimal d ? d.toString() : String.valueOf(v));
    });
  }

  /** The names of the fields, for messages. */
  static List<String> names() {
    List<String> out = new ArrayList<>();
    for (AuditField f : ALL) {
      out.add(f.name());
    }
    return Collections.unmodifiableList(out);
  }
}
