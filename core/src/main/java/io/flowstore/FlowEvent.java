package io.flowstore;

import io.flowstore.internal.json.FlowJson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One flow event (Yandex VPC or BareMetal {@code ExternalFlow}) as a typed value. Immutable and
 * thread-safe.
 *
 * <p>Every accessor returns null when the event did not carry the field: absent stays absent,
 * never zero or an empty string. Fields flowstore does not model are kept as JSON text and come
 * back in {@link #toJson()}. For scans that must not allocate, use {@link FlowView} instead.
 */
public final class FlowEvent implements FlowValues {
  private static final FlowField[] FIELDS = FlowField.values();

  private final FlowKind kind;
  private final Object[] values;
  private final List<Resource> path;
  private final boolean resourceMetadata;
  private final boolean details;
  private final String[] unknown;

  private FlowEvent(Builder b) {
    this.values = b.values.clone();
    this.kind = FlowKind.ofEventType((String) values[FlowField.EVENT_TYPE.ordinal()]);
    if (kind == null) {
      throw new IllegalArgumentException("not a flow event type: eventType=" + values[FlowField.EVENT_TYPE.ordinal()]);
    }
    this.path = b.path == null ? null : Collections.unmodifiableList(new ArrayList<>(b.path));
    this.unknown = b.unknown.clone();
    boolean anyDetail = false;
    for (FlowField f : FIELDS) {
      anyDetail |= f.isDetail() && values[f.ordinal()] != null;
    }
    this.details = b.details || anyDetail || unknown[Scope.DETAILS.ordinal()] != null;
    this.resourceMetadata = b.resourceMetadata || path != null || unknown[Scope.RESOURCE_METADATA.ordinal()] != null;
  }

  /** A builder for events made in code rather than parsed (tests, synthetic data). */
  public static Builder builder() {
    return new Builder();
  }

  /** Copies the values of any flow event, e.g. of a {@link FlowView} during a scan. */
  public static FlowEvent copyOf(FlowValues source) {
    if (source instanceof FlowEvent) {
      return (FlowEvent) source;
    }
    Builder b = new Builder();
    for (FlowField f : FIELDS) {
      b.values[f.ordinal()] = source.value(f);
    }
    b.path = source.path();
    b.resourceMetadata = source.hasResourceMetadata();
    b.details = source.hasDetails();
    for (Scope s : Scope.values()) {
      b.unknown[s.ordinal()] = source.unknownFields(s);
    }
    return new FlowEvent(b);
  }

  @Override
  public FlowKind kind() {
    return kind;
  }

  @Override
  public boolean has(FlowField field) {
    return values[field.ordinal()] != null;
  }

  @Override
  public String string(FlowField field) {
    check(field, FlowField.Type.STRING);
    return (String) values[field.ordinal()];
  }

  @Override
  public long int64(FlowField field) {
    check(field, FlowField.Type.INT64);
    Object v = values[field.ordinal()];
    if (v == null) {
      throw new IllegalStateException("field is absent: field=" + field.jsonName());
    }
    return (Long) v;
  }

  @Override
  public long epochSecond(FlowField field) {
    return presentTime(field).epochSecond();
  }

  @Override
  public int nano(FlowField field) {
    return presentTime(field).nano();
  }

  @Override
  public int fractionDigits(FlowField field) {
    return presentTime(field).fractionDigits();
  }

  @Override
  public Timestamp time(FlowField field) {
    check(field, FlowField.Type.TIME);
    return (Timestamp) values[field.ordinal()];
  }

  @Override
  public boolean isV4(FlowField field) {
    return presentAddress(field).isV4();
  }

  @Override
  public long addressHigh(FlowField field) {
    return presentAddress(field).high();
  }

  @Override
  public long addressLow(FlowField field) {
    return presentAddress(field).low();
  }

  @Override
  public IpAddress address(FlowField field) {
    check(field, FlowField.Type.ADDRESS);
    return (IpAddress) values[field.ordinal()];
  }

  @Override
  public boolean hasResourceMetadata() {
    return resourceMetadata;
  }

  @Override
  public boolean hasDetails() {
    return details;
  }

  @Override
  public List<Resource> path() {
    return path;
  }

  @Override
  public String unknownFields(Scope scope) {
    return unknown[scope.ordinal()];
  }

  public String eventId() {
    return string(FlowField.EVENT_ID);
  }

  public String eventSource() {
    return string(FlowField.EVENT_SOURCE);
  }

  public String eventType() {
    return string(FlowField.EVENT_TYPE);
  }

  public Timestamp eventTime() {
    return time(FlowField.EVENT_TIME);
  }

  public String eventStatus() {
    return string(FlowField.EVENT_STATUS);
  }

  public Long ifaceIdx() {
    return int64OrNull(FlowField.IFACE_IDX);
  }

  public Long ifaceGen() {
    return int64OrNull(FlowField.IFACE_GEN);
  }

  public Long session() {
    return int64OrNull(FlowField.SESSION);
  }

  public Long flowIdx() {
    return int64OrNull(FlowField.FLOW_IDX);
  }

  public String action() {
    return string(FlowField.ACTION);
  }

  public Long vers() {
    return int64OrNull(FlowField.VERS);
  }

  public Long proto() {
    return int64OrNull(FlowField.PROTO);
  }

  public IpAddress srcAddr() {
    return address(FlowField.SRC_ADDR);
  }

  public IpAddress dstAddr() {
    return address(FlowField.DST_ADDR);
  }

  public String direction() {
    return string(FlowField.DIRECTION);
  }

  public String reason() {
    return string(FlowField.REASON);
  }

  public String nat() {
    return string(FlowField.NAT);
  }

  public Long srcPort() {
    return int64OrNull(FlowField.SRC_PORT);
  }

  public Long dstPort() {
    return int64OrNull(FlowField.DST_PORT);
  }

  public Timestamp aggStart() {
    return time(FlowField.AGG_START);
  }

  public Timestamp aggEnd() {
    return time(FlowField.AGG_END);
  }

  public Long packets() {
    return int64OrNull(FlowField.PACKETS);
  }

  public Long bytes() {
    return int64OrNull(FlowField.BYTES);
  }

  public Long tcpFlags() {
    return int64OrNull(FlowField.TCP_FLAGS);
  }

  public String vmUuid() {
    return string(FlowField.VM_UUID);
  }

  public String subnetId() {
    return string(FlowField.SUBNET_ID);
  }

  public String folderId() {
    return string(FlowField.FOLDER_ID);
  }

  /**
   * The event's unknown fields at every level, as one JSON object nested like the event
   * (e.g. {@code {"extra":1,"details":{"x":"y"}}}), or null when there are none. Unknown
   * fields of path elements are on each {@link Resource}.
   */
  public String unknownFields() {
    StringBuilder sb = new StringBuilder();
    String top = unknown[Scope.EVENT.ordinal()];
    String det = unknown[Scope.DETAILS.ordinal()];
    String rm = unknown[Scope.RESOURCE_METADATA.ordinal()];
    if (top == null && det == null && rm == null) {
      return null;
    }
    sb.append('{');
    if (top != null) {
      sb.append(top);
    }
    if (rm != null) {
      sb.append(sb.length() > 1 ? "," : "").append("\"resourceMetadata\":{").append(rm).append('}');
    }
    if (det != null) {
      sb.append(sb.length() > 1 ? "," : "").append("\"details\":{").append(det).append('}');
    }
    return sb.append('}').toString();
  }

  /** The canonical JSON shape: camelCase keys, int64 values as strings, times in UTC. */
  public String toJson() {
    return FlowJson.toJson(this);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlowEvent)) {
      return false;
    }
    FlowEvent e = (FlowEvent) o;
    return Arrays.equals(values, e.values) && Objects.equals(path, e.path)
        && resourceMetadata == e.resourceMetadata && details == e.details
        && Arrays.equals(unknown, e.unknown);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + Objects.hashCode(path);
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void check(FlowField field, FlowField.Type type) {
    if (field.type() != type) {
      throw new IllegalArgumentException("field has another type: field=" + field.jsonName()
          + ", type=" + field.type() + ", requested=" + type);
    }
  }

  private Timestamp presentTime(FlowField field) {
    Timestamp t = time(field);
    if (t == null) {
      throw new IllegalStateException("field is absent: field=" + field.jsonName());
    }
    return t;
  }

  private IpAddress presentAddress(FlowField field) {
    IpAddress a = address(field);
    if (a == null) {
      throw new IllegalStateException("field is absent: field=" + field.jsonName());
    }
    return a;
  }

  /** Builds a {@link FlowEvent}. Not thread-safe. */
  public static final class Builder {
    private final Object[] values = new Object[FIELDS.length];
    private final String[] unknown = new String[Scope.values().length];
    private List<Resource> path;
    private boolean resourceMetadata;
    private boolean details;

    private Builder() {}

    /**
     * Sets a field to a value of its type (String, Long or Integer, Timestamp, IpAddress), or
     * clears it with null.
     */
    public Builder set(FlowField field, Object value) {
      Object v = value;
      if (v instanceof Integer) {
        v = ((Integer) v).longValue();
      }
      if (v != null) {
        Class<?> want;
        switch (field.type()) {
          case STRING:
            want = String.class;
            break;
          case INT64:
            want = Long.class;
            break;
          case TIME:
            want = Timestamp.class;
            break;
          default:
            want = IpAddress.class;
        }
        if (!want.isInstance(v)) {
          throw new IllegalArgumentException("wrong value type: field=" + field.jsonName()
              + ", expected=" + want.getSimpleName() + ", actual=" + v.getClass().getSimpleName());
        }
      }
      values[field.ordinal()] = v;
      return this;
    }

    /** Sets the resource path (null for none); implies a {@code resourceMetadata} object. */
    public Builder path(List<Resource> path) {
      this.path = path;
      return this;
    }

    /** Whether to write an (otherwise empty) {@code resourceMetadata} object. */
    public Builder resourceMetadata(boolean present) {
      this.resourceMetadata = present;
      return this;
    }

    /** Whether to write an (otherwise empty) {@code details} object. */
    public Builder details(boolean present) {
      this.details = present;
      return this;
    }

    /** Unknown fields at {@code scope}, as JSON object members without braces, or null. */
    public Builder unknownFields(Scope scope, String members) {
      unknown[scope.ordinal()] = members;
      return this;
    }

    /**
     * @throws IllegalArgumentException when eventType is not a flow event type
     */
    public FlowEvent build() {
      return new FlowEvent(this);
    }
  }
}
