package io.flowstore.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowstore.FlowField;
import io.flowstore.IpAddress;
import io.flowstore.Timestamp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reduces a flow event's JSON to its meaning, so that an input and its read-back compare equal
 * exactly when they mean the same: known keys in camelCase, int64 values as numbers (from a
 * string or a number), tcpFlags as a number (from hex or decimal), times as UTC RFC 3339 with
 * their fraction digits, addresses in canonical text, null known fields removed. Unknown
 * fields stay exactly as they are (numbers as BigDecimal, so {@code 1.50} is not {@code 1.5}).
 * Built with Jackson databind, independent of flowstore's own parser.
 */
public final class FlowJsonNormalizer {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private FlowJsonNormalizer() {}

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits NDJSON text, or a JSON array, into its events. */
  public static List<JsonNode> events(byte[] input) {
    List<JsonNode> out = new ArrayList<>();
    try {
      Iterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(input);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n.isArray()) {
          n.forEach(out::add);
        } else {
          out.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static JsonNode normalize(JsonNode event) {
    ObjectNode out = F.objectNode();
    for (Map.Entry<String, JsonNode> e : iterable(event.fields())) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      switch (key) {
        case "resourceMetadata":
        case "resource_metadata":
          if (!v.isNull()) {
            out.set("resourceMetadata", resourceMetadata(v));
          }
          break;
        case "details":
          if (!v.isNull()) {
            out.set("details", fields(v, true));
          }
          break;
        default:
          FlowField f = envelope(key);
          if (f != null) {
            if (!v.isNull()) {
              out.set(f.jsonName(), value(f, v));
            }
          } else {
            out.set(key, v);
          }
      }
    }
    return out;
  }

  private static FlowField envelope(String key) {
    FlowField f = FlowField.byName(key);
    return f != null && !f.isDetail() && (key.equals(f.jsonName()) || key.equals(f.snakeName())) ? f : null;
  }

  private static ObjectNode fields(JsonNode details, boolean detail) {
    ObjectNode out = F.objectNode();
    for (Map.Entry<String, JsonNode> e : iterable(details.fields())) {
      FlowField f = FlowField.byName(e.getKey());
      boolean known = f != null && f.isDetail() == detail
          && (e.getKey().equals(f.jsonName()) || e.getKey().equals(f.snakeName()));
      if (known) {
        if (!e.getValue().isNull()) {
          out.set(f.jsonName(), value(f, e.getValue()));
        }
      } else {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static ObjectNode resourceMetadata(JsonNode rm) {
    ObjectNode out = F.objectNode();
    for (Map.Entry<String, JsonNode> e : iterable(rm.fields())) {
      if (e.getKey().equals("path")) {
        if (!e.getValue().isNull()) {
          ArrayNode path = F.arrayNode();
          for (JsonNode el : e.getValue()) {
            ObjectNode r = F.objectNode();
            for (Map.Entry<String, JsonNode> re : iterable(el.fields())) {
              String k = re.getKey();
              String canon = k.equals("resource_type") ? "resourceType" : k.equals("resource_id") ? "resourceId"
                  : k.equals("resource_name") ? "resourceName" : k;
              boolean known = !canon.equals(k) || k.equals("resourceType") || k.equals("resourceId")
                  || k.equals("resourceName");
              if (!(known && re.getValue().isNull())) {
                r.set(canon, re.getValue());
              }
            }
            path.add(r);
          }
          out.set("path", path);
        }
      } else {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static JsonNode value(FlowField f, JsonNode v) {
    switch (f.type()) {
      case INT64:
        String text = v.asText();
        if (f == FlowField.TCP_FLAGS && (text.startsWith("0x") || text.startsWith("0X"))) {
          return F.numberNode(Long.parseUnsignedLong(text.substring(2), 16));
        }
        return F.numberNode(Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
      case TIME:
        return F.textNode(Timestamp.parse(v.asText()).toString());
      case ADDRESS:
        return F.textNode(IpAddress.parse(v.asText()).toString());
      default:
        return v;
    }
  }

  private static <T> Iterable<T> iterable(Iterator<T> it) {
    return () -> it;
  }
}
