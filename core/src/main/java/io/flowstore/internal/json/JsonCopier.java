package io.flowstore.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowstore.internal.text.CharBuf;

import java.io.IOException;

/**
 * Copies the JSON value under a parser into compact JSON text, exactly: number text is kept as
 * written ({@code 1.50} stays {@code 1.50}, a 30-digit integer stays whole), strings are
 * re-escaped minimally. Used for fields flowstore does not model. Internal.
 */
public final class JsonCopier {
  private JsonCopier() {}

  /** Appends the value starting at the parser's current token, leaving the parser on its last token. */
  public static void copyValue(JsonParser p, CharBuf out) throws IOException {
    int depth = 0;
    JsonToken t = p.currentToken();
    while (true) {
      switch (t) {
        case START_OBJECT:
          out.append('{');
          depth++;
          break;
        case START_ARRAY:
          out.append('[');
          depth++;
          break;
        case END_OBJECT:
          out.append('}');
          depth--;
          break;
        case END_ARRAY:
          out.append(']');
          depth--;
          break;
        case FIELD_NAME:
          separator(out);
          appendString(p.currentName(), out);
          out.append(':');
          break;
        case VALUE_STRING:
          separator(out);
          appendString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), out);
          break;
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          separator(out);
          out.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          break;
        case VALUE_TRUE:
          separator(out);
          out.append("true");
          break;
        case VALUE_FALSE:
          separator(out);
          out.append("false");
          break;
        case VALUE_NULL:
          separator(out);
          out.append("null");
          break;
        default:
          throw new IllegalStateException("unexpected token: token=" + t);
      }
      if (depth == 0) {
        return;
      }
      t = p.nextToken();
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        continue;
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        separator(out);
      }
    }
  }

  /** A field name or a value needs a ',' unless it opens a container or follows a ':'. */
  private static void separator(CharBuf out) {
    int n = out.length();
    if (n > 0) {
      char last = out.charAt(n - 1);
      if (last != '{' && last != '[' && last != ':' && last != ',') {
        out.append(',');
      }
    }
  }

  public static void appendString(CharSequence s, CharBuf out) {
    out.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      escapeChar(s, i, n, out);
    }
    out.append('"');
  }

  public static void appendString(char[] c, int off, int len, CharBuf out) {
    out.append('"');
    int end = off + len;
    for (int i = off; i < end; i++) {
      char ch = c[i];
      if (ch >= 0x20 && ch != '"' && ch != '\\' && !Character.isSurrogate(ch)) {
        out.append(ch);
      } else if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
        out.append(ch).append(c[++i]);
      } else {
        escapeSpecial(ch, out);
      }
    }
    out.append('"');
  }

  private static void escapeChar(CharSequence s, int i, int n, CharBuf out) {
    char ch = s.charAt(i);
    if (ch >= 0x20 && ch != '"' && ch != '\\' && !Character.isSurrogate(ch)) {
      out.append(ch);
    } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
      out.append(ch); // the low half follows in the next iteration and is appended then
    } else if (Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
      out.append(ch);
    } else {
      escapeSpecial(ch, out);
    }
  }

  private static void escapeSpecial(char ch, CharBuf out) {
    switch (ch) {
      case '"':
        out.append('\\').append('"');
        return;
      case '\\':
        out.append('\\').append('\\');
        return;
      case '\n':
        out.append('\\').append('n');
        return;
      case '\r':
        out.append('\\').append('r');
        return;
      case '\t':
        out.append('\\').append('t');
        return;
      case '\b':
        out.append('\\').append('b');
        return;
      case '\f':
        out.append('\\').append('f');
        return;
      default:
        String hex = Integer.toHexString(ch);
        out.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
          out.append('0');
        }
        out.append(hex);
    }
  }

  /** The JSON type of a token as error messages name it: object, array, string, number, boolean, null. */
  public static String typeName(JsonToken t) {
    switch (t) {
      case START_OBJECT:
        return "object";
      case START_ARRAY:
        return "array";
      case VALUE_STRING:
        return "string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "boolean";
      default:
        return "null";
    }
  }
}
