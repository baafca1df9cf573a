package io.flowstore.internal.text;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 encoding of Java strings that survives lone surrogates (WTF-8). Internal.
 *
 * <p>JSON text may carry {@code "\ud800"}, a lone surrogate that standard UTF-8 cannot encode
 * and the JDK replaces with U+FFFD. Stored strings must round-trip exactly, so a lone
 * surrogate is written as its generalized 3-byte sequence and decoded back; valid pairs become
 * the usual 4-byte sequence. For text without lone surrogates this is plain UTF-8.
 */
public final class Utf8 {
  private Utf8() {}

  public static int encodedLength(CharSequence s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Encodes {@code c[off, off+len)} into {@code dst} at {@code pos}; returns the new position. */
  public static int encode(char[] c, int off, int len, byte[] dst, int pos) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      char ch = c[i];
      if (ch < 0x80) {
        dst[pos++] = (byte) ch;
      } else {
        int cp = ch;
        if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
          cp = Character.toCodePoint(ch, c[++i]);
        }
        pos = encodeCodePoint(cp, dst, pos);
      }
    }
    return pos;
  }

  public static int encode(CharSequence s, byte[] dst, int pos) {
    for (int i = 0, len = s.length(); i < len; i++) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        dst[pos++] = (byte) ch;
      } else {
        int cp = ch;
        if (Character.isHighSurrogate(ch) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
          cp = Character.toCodePoint(ch, s.charAt(++i));
        }
        pos = encodeCodePoint(cp, dst, pos);
      }
    }
    return pos;
  }

  private static int encodeCodePoint(int cp, byte[] dst, int pos) {
    if (cp < 0x800) {
      dst[pos++] = (byte) (0xC0 | (cp >>> 6));
      dst[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      dst[pos++] = (byte) (0xE0 | (cp >>> 12));
      dst[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
      dst[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      dst[pos++] = (byte) (0xF0 | (cp >>> 18));
      dst[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
      dst[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
      dst[pos++] = (byte) (0x80 | (cp & 0x3F));
    }
    return pos;
  }

  public static byte[] encode(String s) {
    byte[] out = new byte[encodedLength(s)];
    encode(s, out, 0);
    return out;
  }

  /** Decodes bytes written by {@link #encode}. Malformed input decodes to U+FFFD. */
  public static String decode(byte[] b, int off, int len) {
    int end = off + len;
    boolean ascii = true;
    for (int i = off; i < end; i++) {
      if (b[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    char[] out = new char[len];
    int n = 0;
    int i = off;
    while (i < end) {
      int x = b[i] & 0xFF;
      if (x < 0x80) {
        out[n++] = (char) x;
        i++;
      } else if (x >= 0xC0 && x < 0xE0 && i + 1 < end) {
        out[n++] = (char) (((x & 0x1F) << 6) | (b[i + 1] & 0x3F));
        i += 2;
      } else if (x >= 0xE0 && x < 0xF0 && i + 2 < end) {
        out[n++] = (char) (((x & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
        i += 3;
      } else if (x >= 0xF0 && i + 3 < end) {
        int cp = ((x & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
        out[n++] = Character.highSurrogate(cp);
        out[n++] = Character.lowSurrogate(cp);
        i += 4;
      } else {
        out[n++] = '\uFFFD';
        i++;
      }
    }
    return new String(out, 0, n);
  }

  /** True when {@code b[off, off+len)} is well-formed standard UTF-8. */
  public static boolean isValid(byte[] b, int off, int len) {
    java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
    try {
      d.decode(java.nio.ByteBuffer.wrap(b, off, len));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
