package io.flowstore.internal.text;

import java.util.Arrays;

/** A growable char array for building keys and JSON text without garbage. Not thread-safe. Internal. */
public final class CharBuf implements CharSequence {
  private char[] chars;
  private int length;

  public CharBuf(int capacity) {
    chars = new char[Math.max(16, capacity)];
  }

  public char[] array() {
    return chars;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  public void clear() {
    length = 0;
  }

  public void setLength(int newLength) {
    length = newLength;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  public CharBuf append(char c) {
    if (length == chars.length) {
      grow(1);
    }
    chars[length++] = c;
    return this;
  }

  public CharBuf append(char[] src, int off, int len) {
    if (length + len > chars.length) {
      grow(len);
    }
    System.arraycopy(src, off, chars, length, len);
    length += len;
    return this;
  }

  /** Appends {@code tag}, {@code len} as a char, then the chars: one capacity check. */
  public void appendTagged(char tag, char[] src, int off, int len) {
    int n = length;
    if (n + len + 2 > chars.length) {
      grow(len + 2);
    }
    char[] a = chars;
    a[n] = tag;
    a[n + 1] = (char) len;
    if (len < 32) {
      for (int i = 0; i < len; i++) { // beats arraycopy's fixed cost for short values
        a[n + 2 + i] = src[off + i];
      }
    } else {
      System.arraycopy(src, off, a, n + 2, len);
    }
    length = n + len + 2;
  }

  public CharBuf append(CharSequence s) {
    int n = s.length();
    if (length + n > chars.length) {
      grow(n);
    }
    if (s instanceof String) {
      ((String) s).getChars(0, n, chars, length);
    } else {
      for (int i = 0; i < n; i++) {
        chars[length + i] = s.charAt(i);
      }
    }
    length += n;
    return this;
  }

  public CharBuf append(long v) {
    return append(Long.toString(v));
  }

  private void grow(int extra) {
    chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + extra));
  }

  /** Drops the backing array when it grew past {@code max} (after one huge value). */
  public void trim(int max) {
    if (chars.length > max) {
      chars = new char[max];
      length = 0;
    }
  }

  public boolean contentEquals(char[] other, int off, int len) {
    return len == length && Arrays.equals(chars, 0, length, other, off, off + len);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
