package io.flowstore.internal.json;

import io.flowstore.internal.text.Utf8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer that writes JSON tokens. Not thread-safe. Internal.
 *
 * <p>Strings are escaped the way JSON requires ({@code "}, {@code \}, control characters) and
 * lone surrogates become {@code \\uXXXX} escapes so that the output is always valid UTF-8;
 * everything else is written as UTF-8 as is.
 */
public final class JsonOut {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private byte[] buf;
  private int pos;

  public JsonOut(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  public byte[] array() {
    return buf;
  }

  public int length() {
    return pos;
  }

  public void clear() {
    pos = 0;
  }

  private void ensure(int extra) {
    if (pos + extra > buf.length || pos + extra < 0) {
      long need = (long) pos + extra;
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("JSON output larger than a byte array can hold: bytes=" + need);
      }
      buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * buf.length, need)));
    }
  }

  public JsonOut raw(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
    return this;
  }

  /** Appends ASCII text that needs no escaping (keys we own, numbers). */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly right for ASCII
  public JsonOut ascii(String s) {
    int n = s.length();
    ensure(n);
    s.getBytes(0, n, buf, pos); // deprecated but exactly right for ASCII, and fast
    pos += n;
    return this;
  }

  /** Appends bytes that are already JSON (stored unknown fields). */
  public JsonOut rawUtf8(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** Appends JSON text held in a String (stored unknown fields). */
  public JsonOut rawText(String json) {
    ensure(json.length() * 3);
    pos = Utf8.encode(json, buf, pos);
    return this;
  }

  public JsonOut number(long v) {
    if (v >= 0 && v < 10) {
      return raw((char) ('0' + v));
    }
    return ascii(Long.toString(v));
  }

  /** A field name we own: {@code "name":}. */
  @SuppressWarnings("deprecation")
  public JsonOut key(String name) {
    ensure(name.length() + 3);
    buf[pos++] = '"';
    name.getBytes(0, name.length(), buf, pos);
    pos += name.length();
    buf[pos++] = '"';
    buf[pos++] = ':';
    return this;
  }

  /** A quoted, escaped string. */
  public JsonOut string(CharSequence s) {
    int n = s.length();
    ensure(n * 6 + 2);
    buf[pos++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        buf[pos++] = (byte) c;
      } else {
        i = escaped(s, i, n);
      }
    }
    buf[pos++] = '"';
    return this;
  }

  /** A quoted string whose content needs no escaping (addresses, times, numbers). */
  @SuppressWarnings("deprecation")
  public JsonOut plainString(String s) {
    ensure(s.length() + 2);
    buf[pos++] = '"';
    s.getBytes(0, s.length(), buf, pos);
    pos += s.length();
    buf[pos++] = '"';
    return this;
  }

  /** A quoted string of plain ASCII from a StringBuilder. */
  public JsonOut plainString(StringBuilder s) {
    int n = s.length();
    ensure(n + 2);
    buf[pos++] = '"';
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    buf[pos++] = '"';
    return this;
  }

  private int escaped(CharSequence s, int i, int n) {
    char c = s.charAt(i);
    switch (c) {
      case '"':
        twoByte('"');
        return i;
      case '\\':
        twoByte('\\');
        return i;
      case '\n':
        twoByte('n');
        return i;
      case '\r':
        twoByte('r');
        return i;
      case '\t':
        twoByte('t');
        return i;
      case '\b':
        twoByte('b');
        return i;
      case '\f':
        twoByte('f');
        return i;
      default:
        break;
    }
    if (c < 0x20) {
      unicodeEscape(c);
      return i;
    }
    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      buf[pos++] = (byte) (0xF0 | (cp >>> 18));
      buf[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
      buf[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
      return i + 1;
    }
    if (Character.isSurrogate(c)) {
      unicodeEscape(c);
    } else if (c < 0x800) {
      buf[pos++] = (byte) (0xC0 | (c >>> 6));
      buf[pos++] = (byte) (0x80 | (c & 0x3F));
    } else {
      buf[pos++] = (byte) (0xE0 | (c >>> 12));
      buf[pos++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (c & 0x3F));
    }
    return i;
  }

  private void twoByte(char c) {
    buf[pos++] = '\\';
    buf[pos++] = (byte) c;
  }

  private void unicodeEscape(char c) {
    buf[pos++] = '\\';
    buf[pos++] = 'u';
    buf[pos++] = HEX[(c >>> 12) & 0xF];
    buf[pos++] = HEX[(c >>> 8) & 0xF];
    buf[pos++] = HEX[(c >>> 4) & 0xF];
    buf[pos++] = HEX[c & 0xF];
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, pos);
  }

  @Override
  public String toString() {
    return new String(buf, 0, pos, StandardCharsets.UTF_8);
  }
}
