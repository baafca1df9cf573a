package io.flowstore.query;

import io.flowstore.FlowField;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a flow event, typed, for conditions, ordering and grouping. Immutable.
 *
 * <p>One constant per field of Yandex's {@code ExternalFlow} (envelope and details), plus two
 * derived ones: {@link #KIND} ({@code VPC} or {@code BAREMETAL}) and {@link #RESOURCE_ID}
 * (every {@code resourceId} of the resource path: cloud, folder...).
 */
public final class Flow {
  private Flow() {}

  private static final List<Field<?>> ALL = new ArrayList<>();
  private static final Map<String, Field<?>> BY_NAME = new HashMap<>();

  public static final StringField EVENT_ID = add(new StringField("eventId", FlowField.EVENT_ID));
  public static final StringField EVENT_SOURCE = add(new StringField("eventSource", FlowField.EVENT_SOURCE));
  public static final StringField EVENT_TYPE = add(new StringField("eventType", FlowField.EVENT_TYPE));
  public static final TimeField EVENT_TIME = add(new TimeField("eventTime", FlowField.EVENT_TIME));
  public static final StringField EVENT_STATUS = add(new StringField("eventStatus", FlowField.EVENT_STATUS));
  public static final LongField IFACE_IDX = add(new LongField("ifaceIdx", FlowField.IFACE_IDX));
  public static final LongField IFACE_GEN = add(new LongField("ifaceGen", FlowField.IFACE_GEN));
  public static final LongField SESSION = add(new LongField("session", FlowField.SESSION));
  public static final LongField FLOW_IDX = add(new LongField("flowIdx", FlowField.FLOW_IDX));
  public static final StringField ACTION = add(new StringField("action", FlowField.ACTION));
  public static final LongField VERS = add(new LongField("vers", FlowField.VERS));
  public static final LongField PROTO = add(new LongField("proto", FlowField.PROTO));
  public static final AddressField SRC_ADDR = add(new AddressField("srcAddr", FlowField.SRC_ADDR));
  public static final AddressField DST_ADDR = add(new AddressField("dstAddr", FlowField.DST_ADDR));
  public static final StringField DIRECTION = add(new StringField("direction", FlowField.DIRECTION));
  public static final StringField REASON = add(new StringField("reason", FlowField.REASON));
  public static final StringField NAT = add(new StringField("nat", FlowField.NAT));
  public static final LongField SRC_PORT = add(new LongField("srcPort", FlowField.SRC_PORT));
  public static final LongField DST_PORT = add(new LongField("dstPort", FlowField.DST_PORT));
  public static final TimeField AGG_START = add(new TimeField("aggStart", FlowField.AGG_START));
  public static final TimeField AGG_END = add(new TimeField("aggEnd", FlowField.AGG_END));
  public static final LongField PACKETS = add(new LongField("packets", FlowField.PACKETS));
  public static final LongField BYTES = add(new LongField("bytes", FlowField.BYTES));
  public static final LongField TCP_FLAGS = add(new LongField("tcpFlags", FlowField.TCP_FLAGS));
  public static final StringField VM_UUID = add(new StringField("vmUuid", FlowField.VM_UUID));
  public static final StringField SUBNET_ID = add(new StringField("subnetId", FlowField.SUBNET_ID));
  public static final StringField FOLDER_ID = add(new StringField("folderId", FlowField.FOLDER_ID));
  /** {@code VPC} or {@code BAREMETAL}, from the event type. */
  public static final StringField KIND = add(new StringField("kind", null));
  /** Every {@code resourceId} of {@code resourceMetadata.path} (multi-valued: any one matches). */
  public static final StringField RESOURCE_ID = add(new StringField("resourceId", null));

  /**
   * The event's position in the flow stream (its queue index: larger is later). Not a field of
   * the event's JSON, so not in {@link #all()}; it filters ({@code position > 123}) but is neither
   * grouped, summed nor ordered by. Flow log captures are conditions on it.
   */
  public static final LongField POSITION = new LongField("position", null);

  static {
    BY_NAME.put("position", POSITION);
  }

  private static <F extends Field<?>> F add(F f) {
    ALL.add(f);
    BY_NAME.put(f.name(), f);
    BY_NAME.put(f.flowField() != null ? f.flowField().snakeName() : snakeOfDerived(f.name()), f);
    BY_NAME.put(f.name().toLowerCase(Locale.ROOT), f);
    if (f.flowField() != null) {
      BY_NAME.put(f.flowField().path(), f);
    }
    return f;
  }

  /** snake_case of the derived fields ({@code kind}, {@code resourceId}), which FlowField does not name. */
  private static String snakeOfDerived(String camel) {
    return camel.equals("resourceId") ? "resource_id" : camel;
  }

  /** Every field, in the order of the event's JSON. */
  public static List<Field<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  /**
   * The field named {@code name}: its camelCase or snake_case name ({@code dstPort},
   * {@code dst_port}), in any letter case, or its JSON path ({@code details.dstPort}); null when
   * there is none.
   */
  public static Field<?> field(String name) {
    Field<?> f = BY_NAME.get(name);
    return f != null ? f : BY_NAME.get(name.toLowerCase(Locale.ROOT).replace("_", ""));
  }

  /** The query field of an event field. */
  public static Field<?> of(FlowField f) {
    return BY_NAME.get(f.jsonName());
  }
}
