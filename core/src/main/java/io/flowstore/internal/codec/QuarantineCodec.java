package io.flowstore.internal.codec;

import io.flowstore.CorruptStoreException;
import io.flowstore.IngestError;
import io.flowstore.QuarantinedEvent;
import io.flowstore.internal.text.Utf8;

import java.time.Instant;
import java.util.Arrays;

/** Encodes and decodes quarantine entries ({@link QuarantineDescriptor}). Not thread-safe. Internal. */
public final class QuarantineCodec {
  private final Crc crc = new Crc();
  private final int[] pos = new int[1];

  /** An upper bound of the encoded size. */
  public static int maxLength(IngestError e, int rawLength) {
    return 1 + 8 + 5 * 10 + 3 * 5 + 3 * (e.source().length() + (e.field() == null ? 0 : e.field().length())
        + e.reason().length()) + 5 + rawLength + 4;
  }

  /** Writes an entry at {@code b[start]}; returns the position after it. */
  public int encode(IngestError e, byte[] raw, int rawOff, int rawLen, long rawLength, long atMillis,
      byte[] b, int start) {
    b[start] = QuarantineDescriptor.TYPE_QUARANTINE_V1;
    LE.putLong(b, start + 1, atMillis);
    int p = start + 9;
    p = LE.putVarLong(b, p, e.ordinal());
    p = LE.putVarLong(b, p, e.line());
    p = LE.putVarLong(b, p, e.column());
    p = LE.putVarLong(b, p, e.byteOffset());
    p = LE.putVarLong(b, p, rawLength);
    p = string(e.source(), b, p);
    p = string(e.field() == null ? "" : e.field(), b, p);
    p = string(e.reason(), b, p);
    p = LE.putVarLong(b, p, rawLen);
    System.arraycopy(raw, rawOff, b, p, rawLen);
    p += rawLen;
    LE.putInt(b, p, crc.of(b, start, p - start));
    return p + 4;
  }

  private static int string(String s, byte[] b, int p) {
    byte[] bytes = Utf8.encode(s);
    p = LE.putVarLong(b, p, bytes.length);
    System.arraycopy(bytes, 0, b, p, bytes.length);
    return p + bytes.length;
  }

  public QuarantinedEvent decode(byte[] b, int off, int len, String where) {
    if (!crc.intact(b, off, len, 14)) {
      throw new CorruptStoreException("quarantine entry fails its checksum: " + where);
    }
    int limit = off + len - 4;
    try {
      long at = LE.getLong(b, off + 1);
      pos[0] = off + 9;
      long ordinal = LE.getVarLong(b, pos, limit);
      int line = (int) LE.getVarLong(b, pos, limit);
      int column = (int) LE.getVarLong(b, pos, limit);
      long offset = LE.getVarLong(b, pos, limit);
      long rawLength = LE.getVarLong(b, pos, limit);
      String source = string(b, limit);
      String field = string(b, limit);
      String reason = string(b, limit);
      int rawLen = (int) LE.getVarLong(b, pos, limit);
      if (pos[0] + rawLen != limit) {
        throw new IllegalArgumentException("raw length does not match the entry");
      }
      byte[] raw = Arrays.copyOfRange(b, pos[0], limit);
      IngestError e = new IngestError(source, line, column, offset, ordinal, field.isEmpty() ? null : field, reason);
      return new QuarantinedEvent(e, raw, rawLength, Instant.ofEpochMilli(at));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new CorruptStoreException("malformed quarantine entry: " + where + ", detail=" + e.getMessage());
    }
  }

  private String string(byte[] b, int limit) {
    int n = (int) LE.getVarLong(b, pos, limit);
    if (n < 0 || pos[0] + n > limit) {
      throw new IllegalArgumentException("string runs past the entry");
    }
    String s = Utf8.decode(b, pos[0], n);
    pos[0] += n;
    return s;
  }
}
