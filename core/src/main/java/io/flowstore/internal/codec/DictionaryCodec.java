package io.flowstore.internal.codec;

import io.flowstore.CorruptStoreException;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.text.Utf8;

import java.util.Arrays;

/** Encodes and decodes the entries of {@link DictionaryDescriptor}. Not thread-safe. Internal. */
public final class DictionaryCodec {
  private final Crc crc = new Crc();
  private final int[] pos = new int[1];
  private byte[] buf = new byte[256];

  public byte[] buffer() {
    return buf;
  }

  /** Encodes string entry {@code id} into {@link #buffer()}; returns its length. */
  public int encodeString(int id, String value) {
    ensure(16 + value.length() * 3);
    buf[0] = DictionaryDescriptor.TYPE_STRING_V1;
    int p = LE.putVarLong(buf, 1, id);
    byte[] bytes = Utf8.encode(value);
    p = LE.putVarLong(buf, p, bytes.length);
    System.arraycopy(bytes, 0, buf, p, bytes.length);
    p += bytes.length;
    LE.putInt(buf, p, crc.of(buf, 0, p));
    return p + 4;
  }

  /** Encodes tuple entry {@code id} into {@link #buffer()}; returns its length. */
  public int encodeTuple(int id, int kind, int[] parts) {
    ensure(16 + parts.length * 5);
    buf[0] = DictionaryDescriptor.TYPE_TUPLE_V1;
    int p = LE.putVarLong(buf, 1, id);
    buf[p++] = (byte) kind;
    p = LE.putVarLong(buf, p, parts.length);
    for (int part : parts) {
      p = LE.putVarLong(buf, p, part);
    }
    LE.putInt(buf, p, crc.of(buf, 0, p));
    return p + 4;
  }

  private void ensure(int n) {
    if (buf.length < n) {
      buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
    }
  }

  /**
   * Applies the entry in {@code b[off, off+len)} to {@code dictionary}.
   *
   * @throws CorruptStoreException when the entry fails its checksum or does not parse
   */
  public void apply(byte[] b, int off, int len, Dictionary dictionary, String where) {
    if (!crc.intact(b, off, len, 6)) {
      throw new CorruptStoreException("dictionary entry fails its checksum: " + where);
    }
    int limit = off + len - 4;
    try {
      pos[0] = off + 1;
      int id = (int) LE.getVarLong(b, pos, limit);
      if (b[off] == DictionaryDescriptor.TYPE_STRING_V1) {
        int n = (int) LE.getVarLong(b, pos, limit);
        if (pos[0] + n != limit) {
          throw new IllegalArgumentException("string length does not match the entry");
        }
        dictionary.defineString(id, Utf8.decode(b, pos[0], n));
      } else {
        int kind = b[pos[0]++];
        int n = (int) LE.getVarLong(b, pos, limit);
        if (n < 0 || n > len) {
          throw new IllegalArgumentException("tuple size out of range");
        }
        int[] parts = new int[n];
        for (int i = 0; i < n; i++) {
          parts[i] = (int) LE.getVarLong(b, pos, limit);
        }
        dictionary.defineTuple(id, kind, parts);
      }
    } catch (IllegalArgumentException e) {
      throw new CorruptStoreException("malformed dictionary entry: " + where + ", detail=" + e.getMessage());
    }
  }
}
