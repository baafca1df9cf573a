package io.flowstore;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every field of a flow event, with its JSON names and value type. Immutable.
 *
 * <p>Each field has a documented camelCase name (as in the Yandex reference), a snake_case name
 * (as in bucket deliveries) and a JSON path. Either name finds the field with {@link #byName}.
 */
public enum FlowField {
  EVENT_ID("eventId", Type.STRING, false),
  EVENT_SOURCE("eventSource", Type.STRING, false),
  EVENT_TYPE("eventType", Type.STRING, false),
  EVENT_TIME("eventTime", Type.TIME, false),
  EVENT_STATUS("eventStatus", Type.STRING, false),
  IFACE_IDX("ifaceIdx", Type.INT64, true),
  IFACE_GEN("ifaceGen", Type.INT64, true),
  SESSION("session", Type.INT64, true),
  FLOW_IDX("flowIdx", Type.INT64, true),
  ACTION("action", Type.STRING, true),
  VERS("vers", Type.INT64, true),
  PROTO("proto", Type.INT64, true),
  SRC_ADDR("srcAddr", Type.ADDRESS, true),
  DST_ADDR("dstAddr", Type.ADDRESS, true),
  DIRECTION("direction", Type.STRING, true),
  REASON("reason", Type.STRING, true),
  NAT("nat", Type.STRING, true),
  SRC_PORT("srcPort", Type.INT64, true),
  DST_PORT("dstPort", Type.INT64, true),
  AGG_START("aggStart", Type.TIME, true),
  AGG_END("aggEnd", Type.TIME, true),
  PACKETS("packets", Type.INT64, true),
  BYTES("bytes", Type.INT64, true),
  TCP_FLAGS("tcpFlags", Type.INT64, true),
  VM_UUID("vmUuid", Type.STRING, true),
  SUBNET_ID("subnetId", Type.STRING, true),
  FOLDER_ID("folderId", Type.STRING, true);

  /** The value type of a field. */
  public enum Type {
    /** Text. */
    STRING,
    /** A signed 64-bit integer; JSON carries it as a string or a number. */
    INT64,
    /** An RFC 3339 time; see {@link Timestamp}. */
    TIME,
    /** An IPv4 or IPv6 address; see {@link IpAddress}. */
    ADDRESS
  }

  private static final Map<String, FlowField> BY_NAME = new HashMap<>();

  static {
    for (FlowField f : values()) {
      BY_NAME.put(f.jsonName, f);
      BY_NAME.put(f.snakeName, f);
      BY_NAME.put(f.path(), f);
      BY_NAME.put(f.name().toLowerCase(Locale.ROOT), f);
    }
  }

  private final String jsonName;
  private final String snakeName;
  private final Type type;
  private final boolean detail;

  FlowField(String jsonName, Type type, boolean detail) {
    this.jsonName = jsonName;
    this.snakeName = toSnake(jsonName);
    this.type = type;
    this.detail = detail;
  }

  /** The documented camelCase name, e.g. {@code srcAddr}. */
  public String jsonName() {
    return jsonName;
  }

  /** The snake_case name of bucket deliveries, e.g. {@code src_addr}. */
  public String snakeName() {
    return snakeName;
  }

  public Type type() {
    return type;
  }

  /** True for fields inside {@code details}, false for envelope fields. */
  public boolean isDetail() {
    return detail;
  }

  /** The JSON path in the canonical shape, e.g. {@code details.srcAddr}. */
  public String path() {
    return detail ? "details." + jsonName : jsonName;
  }

  /** The field named {@code name} in camelCase, snake_case or as a path; null when none is. */
  public static FlowField byName(String name) {
    return BY_NAME.get(name);
  }

  static String toSnake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
