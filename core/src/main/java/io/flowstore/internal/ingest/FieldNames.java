package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Field-name dispatch for one kind of JSON object (event, details, path element...), with the
 * key order predicted from the objects seen before. Not thread-safe. Internal.
 *
 * <p>Exported events list their keys in the same order, event after event. This remembers that
 * order and asks Jackson whether the next key is the expected one with
 * {@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}, a byte
 * comparison in the input buffer; on a match neither Jackson's symbol table nor a string
 * switch runs. A key that is not the expected one is looked up further along the order (an
 * optional field was absent) or inserted into it (a field not seen before), so the order
 * converges to the union of the orders seen. Names map to small int codes; 0 is unknown.
 */
final class FieldNames {
  private static final int MAX_ORDER = 48;

  /** Codes of the known names of one object kind, camelCase and snake_case alike. */
  static final class Table {
    private final Map<String, Integer> codes = new HashMap<>();

    Table add(int code, String... names) {
      for (String n : names) {
        codes.put(n, code);
      }
      return this;
    }

    int code(String name) {
      Integer c = codes.get(name);
      return c == null ? 0 : c;
    }
  }

  private final Table table;
  private final SerializedString[] order = new SerializedString[MAX_ORDER];
  private final int[] codes = new int[MAX_ORDER];
  private final Map<String, SerializedString> serialized = new HashMap<>();
  private int size;
  private int cursor;
  private String name;

  FieldNames(Table table) {
    this.table = table;
  }

  /** Call at the start of every object of this kind. */
  void begin() {
    cursor = 0;
  }

  /** The name of the field {@link #next} moved to. */
  String name() {
    return name != null ? name : order[cursor - 1].getValue();
  }

  /**
   * Moves to the next field of the object and returns its code; -1 when the object ends (the
   * parser is then on END_OBJECT).
   */
  int next(JsonParser p) throws IOException {
    int i = cursor;
    JsonToken t;
    if (i < size) {
      SerializedString expected = order[i];
      if (p.nextFieldName(expected)) {
        cursor = i + 1;
        name = null;
        return codes[i];
      }
      t = p.currentToken();
    } else {
      t = p.nextToken();
    }
    if (t != JsonToken.FIELD_NAME) {
      return -1;
    }
    String n = p.currentName();
    name = n;
    for (int j = i + 1; j < size; j++) {
      if (order[j].getValue().equals(n)) {
        cursor = j + 1;
        return codes[j];
      }
    }
    int code = table.code(n);
    if (size < MAX_ORDER) {
      System.arraycopy(order, i, order, i + 1, size - i);
      System.arraycopy(codes, i, codes, i + 1, size - i);
      order[i] = serialized(n);
      codes[i] = code;
      size++;
      cursor = i + 1;
    }
    return code;
  }

  private SerializedString serialized(String n) {
    SerializedString s = serialized.get(n);
    if (s == null) {
      s = new SerializedString(n);
      if (serialized.size() < 4 * MAX_ORDER) {
        serialized.put(n, s);
      }
    }
    return s;
  }
}
