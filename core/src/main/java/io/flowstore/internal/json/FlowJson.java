package io.flowstore.internal.json;

import io.flowstore.FlowField;
import io.flowstore.FlowValues;
import io.flowstore.Resource;
import io.flowstore.internal.text.IpText;
import io.flowstore.internal.text.Rfc3339;

import java.util.List;

/**
 * Writes a flow event in the canonical JSON shape. Not thread-safe (holds a scratch buffer);
 * one instance per writer thread. Internal.
 *
 * <p>The canonical shape is the documented camelCase schema: envelope fields, then
 * {@code resourceMetadata.path}, {@code eventStatus}, then {@code details} in schema order.
 * int64 values are JSON strings (as Yandex writes them), times are RFC 3339 in UTC with the
 * fraction digits they arrived with, addresses are in canonical text, {@code tcpFlags} is
 * lowercase hex ({@code "0x1b"}). Unknown fields follow the known ones of their object.
 */
public final class FlowJson {
  private static final FlowField[] DETAILS = {
    FlowField.IFACE_IDX, FlowField.IFACE_GEN, FlowField.SESSION, FlowField.FLOW_IDX,
    FlowField.ACTION, FlowField.VERS, FlowField.PROTO, FlowField.SRC_ADDR, FlowField.DST_ADDR,
    FlowField.DIRECTION, FlowField.REASON, FlowField.NAT, FlowField.SRC_PORT, FlowField.DST_PORT,
    FlowField.AGG_START, FlowField.AGG_END, FlowField.PACKETS, FlowField.BYTES, FlowField.TCP_FLAGS,
    FlowField.VM_UUID, FlowField.SUBNET_ID, FlowField.FOLDER_ID
  };

  private final StringBuilder scratch = new StringBuilder(48);

  public static String toJson(FlowValues v) {
    JsonOut out = new JsonOut(1024);
    new FlowJson().write(v, out);
    return out.toString();
  }

  public void write(FlowValues v, JsonOut out) {
    out.raw('{');
    boolean first = true;
    first = field(v, FlowField.EVENT_ID, out, first);
    first = field(v, FlowField.EVENT_SOURCE, out, first);
    first = field(v, FlowField.EVENT_TYPE, out, first);
    first = field(v, FlowField.EVENT_TIME, out, first);
    if (v.hasResourceMetadata()) {
      first = comma(out, first);
      out.key("resourceMetadata").raw('{');
      List<Resource> path = v.path();
      boolean inner = true;
      if (path != null) {
        out.key("path").raw('[');
        for (int i = 0, n = path.size(); i < n; i++) {
          if (i > 0) {
            out.raw(',');
          }
          resource(path.get(i), out);
        }
        out.raw(']');
        inner = false;
      }
      unknown(v.unknownFields(FlowValues.Scope.RESOURCE_METADATA), out, inner);
      out.raw('}');
    }
    first = field(v, FlowField.EVENT_STATUS, out, first);
    if (v.hasDetails()) {
      first = comma(out, first);
      out.key("details").raw('{');
      boolean inner = true;
      for (FlowField f : DETAILS) {
        inner = field(v, f, out, inner);
      }
      unknown(v.unknownFields(FlowValues.Scope.DETAILS), out, inner);
      out.raw('}');
    }
    unknown(v.unknownFields(FlowValues.Scope.EVENT), out, first);
    out.raw('}');
  }

  private static void resource(Resource r, JsonOut out) {
    out.raw('{');
    boolean first = true;
    if (r.resourceType() != null) {
      out.key("resourceType").string(r.resourceType());
      first = false;
    }
    if (r.resourceId() != null) {
      first = comma(out, first);
      out.key("resourceId").string(r.resourceId());
    }
    if (r.resourceName() != null) {
      first = comma(out, first);
      out.key("resourceName").string(r.resourceName());
    }
    unknown(r.unknownFields(), out, first);
    out.raw('}');
  }

  private static void unknown(String members, JsonOut out, boolean first) {
    if (members != null && !members.isEmpty()) {
      comma(out, first);
      out.rawText(members);
    }
  }

  private static boolean comma(JsonOut out, boolean first) {
    if (!first) {
      out.raw(',');
    }
    return false;
  }

  private boolean field(FlowValues v, FlowField f, JsonOut out, boolean first) {
    if (!v.has(f)) {
      return first;
    }
    comma(out, first);
    out.key(f.jsonName());
    switch (f.type()) {
      case STRING:
        out.string(v.string(f));
        break;
      case INT64:
        long n = v.int64(f);
        if (f == FlowField.TCP_FLAGS && n >= 0) {
          scratch.setLength(0);
          scratch.append("0x").append(Long.toHexString(n));
          out.plainString(scratch);
        } else {
          out.raw('"').number(n).raw('"');
        }
        break;
      case TIME:
        scratch.setLength(0);
        Rfc3339.append(scratch, v.epochSecond(f), v.nano(f), v.fractionDigits(f));
        out.plainString(scratch);
        break;
      default:
        scratch.setLength(0);
        if (v.isV4(f)) {
          IpText.appendV4(scratch, (int) v.addressLow(f));
        } else {
          IpText.appendV6(scratch, v.addressHigh(f), v.addressLow(f));
        }
        out.plainString(scratch);
    }
    return false;
  }
}
