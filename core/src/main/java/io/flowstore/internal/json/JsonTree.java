package io.flowstore.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text as plain Java values, for reading back and comparing events (not for the ingest
 * path): objects are unmodifiable insertion-ordered maps, arrays unmodifiable lists, strings
 * strings, integers {@link Long} (or {@link BigInteger} past a long), other numbers
 * {@link BigDecimal} with their written scale, booleans, and null. Internal.
 */
public final class JsonTree {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonTree() {}

  /** The value of {@code json}; throws IllegalArgumentException when it is not one JSON value. */
  public static Object parse(String json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("no JSON value");
      }
      Object v = value(p, t);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON value");
      }
      return v;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** The value of {@code json} when it is a JSON object, else null (no exception). */
  public static Map<String, Object> parseObject(String json) {
    String s = json.strip();
    if (!s.startsWith("{")) {
      return null;
    }
    try {
      Object v = parse(s);
      @SuppressWarnings("unchecked")
      Map<String, Object> m = v instanceof Map ? (Map<String, Object>) v : null;
      return m;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, value(p, p.nextToken()));
        }
        return Collections.unmodifiableMap(m);
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(value(p, e));
        }
        return Collections.unmodifiableList(l);
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return new BigDecimal(p.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalArgumentException("unexpected token: " + t);
    }
  }
}
