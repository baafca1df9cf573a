package io.flowstore;

import io.flowstore.internal.json.JsonOut;

import java.util.List;
import java.util.Objects;

/**
 * One flow log configuration, as Huawei VPC's flow log API describes it: a rule that captures
 * the traffic of one resource ({@code port}, {@code network} or {@code vpc}) of one traffic type
 * ({@code all}, {@code accept}, {@code reject}) into a log group and topic, switched on and off
 * by {@code admin_state}. Immutable; {@link FlowLogs} creates and changes them.
 *
 * <p>{@link #toJson()} is Huawei's response shape {@code {"flow_log": {...}}} and
 * {@link #toJson(List)} its list shape {@code {"flow_logs": [...]}}, field for field.
 */
public final class FlowLog {
  private final String id;
  private final String name;
  private final String description;
  private final String tenantId;
  private final String resourceType;
  private final String resourceId;
  private final String trafficType;
  private final String logGroupId;
  private final String logTopicId;
  private final String logStoreType;
  private final boolean adminState;
  private final String createdAt;
  private final String updatedAt;

  FlowLog(String id, String name, String description, String tenantId, String resourceType, String resourceId,
      String trafficType, String logGroupId, String logTopicId, String logStoreType, boolean adminState,
      String createdAt, String updatedAt) {
    this.id = id;
    this.name = name;
    this.description = description;
    this.tenantId = tenantId;
    this.resourceType = resourceType;
    this.resourceId = resourceId;
    this.trafficType = trafficType;
    this.logGroupId = logGroupId;
    this.logTopicId = logTopicId;
    this.logStoreType = logStoreType;
    this.adminState = adminState;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
  }

  FlowLog withChanges(String name, String description, boolean adminState, String updatedAt) {
    return new FlowLog(id, name, description, tenantId, resourceType, resourceId, trafficType, logGroupId,
        logTopicId, logStoreType, adminState, createdAt, updatedAt);
  }

  public String id() {
    return id;
  }

  /** 0 to 64 characters; empty when none was given. */
  public String name() {
    return name;
  }

  /** 0 to 255 characters; empty when none was given. */
  public String description() {
    return description;
  }

  public String tenantId() {
    return tenantId;
  }

  /** {@code port}, {@code network} or {@code vpc}. */
  public String resourceType() {
    return resourceType;
  }

  public String resourceId() {
    return resourceId;
  }

  /** {@code all}, {@code accept} or {@code reject}. */
  public String trafficType() {
    return trafficType;
  }

  public String logGroupId() {
    return logGroupId;
  }

  public String logTopicId() {
    return logTopicId;
  }

  /** {@code lts}, as Huawei writes it. */
  public String logStoreType() {
    return logStoreType;
  }

  public boolean adminState() {
    return adminState;
  }

  /** {@code ACTIVE} while {@link #adminState()} is true, {@code DOWN} while it is false. */
  public String status() {
    return adminState ? "ACTIVE" : "DOWN";
  }

  /** UTC, {@code yyyy-MM-ddTHH:mm:ss}, no zone (as Huawei writes it). */
  public String createdAt() {
    return createdAt;
  }

  public String updatedAt() {
    return updatedAt;
  }

  /** The value of a field by its Huawei name ({@code resource_type}, {@code status}...), or null for another name. */
  public String field(String name) {
    switch (name) {
      case "id": return id;
      case "name": return this.name;
      case "description": return description;
      case "tenant_id": return tenantId;
      case "resource_type": return resourceType;
      case "resource_id": return resourceId;
      case "traffic_type": return trafficType;
      case "log_group_id": return logGroupId;
      case "log_topic_id": return logTopicId;
      case "log_store_type": return logStoreType;
      case "admin_state": return Boolean.toString(adminState);
      case "status": return status();
      case "created_at": return createdAt;
      case "updated_at": return updatedAt;
      default: return null;
    }
  }

  /** The field names of {@link #toJson()}, in its order. */
  public static final List<String> FIELDS = List.of("id", "name", "description", "tenant_id", "resource_type",
      "resource_id", "traffic_type", "log_group_id", "log_topic_id", "log_store_type", "created_at", "updated_at",
      "admin_state", "status");

  /** {@code {"flow_log": {...}}}. */
  public String toJson() {
    JsonOut out = new JsonOut(512);
    out.raw('{').key("flow_log");
    write(out);
    out.raw('}');
    return out.toString();
  }

  /** {@code {"flow_logs": [...]}}. */
  public static String toJson(List<FlowLog> logs) {
    JsonOut out = new JsonOut(512 * (logs.size() + 1));
    out.raw('{').key("flow_logs").raw('[');
    for (int i = 0; i < logs.size(); i++) {
      if (i > 0) {
        out.raw(',');
      }
      logs.get(i).write(out);
    }
    out.raw(']').raw('}');
    return out.toString();
  }

  void write(JsonOut out) {
    out.raw('{');
    for (int i = 0; i < FIELDS.size(); i++) {
      String f = FIELDS.get(i);
      if (i > 0) {
        out.raw(',');
      }
      out.key(f);
      if (f.equals("admin_state")) {
        out.ascii(Boolean.toString(adminState));
      } else {
        out.string(field(f));
      }
    }
    out.raw('}');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowLog f && f.toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, updatedAt, adminState, name, description);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
