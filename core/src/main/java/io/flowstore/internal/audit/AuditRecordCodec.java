package io.flowstore.internal.audit;

import io.flowstore.AuditEvent;
import io.flowstore.AuditFamily;
import io.flowstore.IpAddress;
import io.flowstore.internal.codec.Crc;
import io.flowstore.internal.codec.LE;
import io.flowstore.internal.text.Utf8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary record of one audit event in the audit queue. Internal.
 *
 * <p>Layout, little-endian:
 * <pre>
 *   0 | type (u8) = 0xA1 | family (u8): 0 Yandex, 1 CTyun | flags (u16): 1, 2, 4 = eventTime,
 *     | createTime, updateTime present; 8 = an IP remote address; 16 = it is IPv4
 *   4 | 0 (i32)
 *   8 | eventTime, createTime, updateTime: epoch second (i64), nano (i32) each
 *  44 | remote address: high (i64), low (i64) (IPv4: the 32 bits in low)
 *  60 | per {@link AuditKey}, in order: byte length (u16; 0xFFFF = absent), UTF-8
 *     | resource id count (u16), each: byte length (u16), UTF-8
 *     | JSON byte length (i32), the event's JSON: the bytes it was written in (UTF-8)
 * end | CRC32C of every byte before it (i32)
 * </pre>
 * The JSON is the event byte for byte as it was written, key style, escapes and whitespace
 * and all: the record reads back to exactly the input. The keys
 * beside it are what the audit stream indexes, so indexing never parses the JSON.
 */
public final class AuditRecordCodec {
  public static final byte TYPE_AUDIT_V1 = (byte) 0xA1;
  /** The longest index key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 0xFFFE;
  static final int FIXED = 60;
  /** The shortest possible record. */
  public static final int MIN_LENGTH = FIXED + 2 * AuditKey.values().length + 2 + 4 + 4;
  private static final int ABSENT = 0xFFFF;

  private final Crc crc = new Crc();

  /** Why {@code d} cannot be encoded (an index key too long), or null. */
  public static String check(AuditDraft d) {
    for (AuditKey k : AuditKey.values()) {
      String v = d.keys[k.ordinal()];
      if (v != null && v.length() > MAX_KEY_BYTES / 3 && Utf8.encodedLength(v) > MAX_KEY_BYTES) {
        return "value too long: field=" + k.name().toLowerCase(java.util.Locale.ROOT) + ", bytes="
            + Utf8.encodedLength(v) + ", limit=" + MAX_KEY_BYTES;
      }
    }
    if (d.resourceIds.size() > 0xFFFF) {
      return "too many resources in the path: count=" + d.resourceIds.size() + ", limit=65535";
    }
    for (String id : d.resourceIds) {
      if (id.length() > MAX_KEY_BYTES / 3 && Utf8.encodedLength(id) > MAX_KEY_BYTES) {
        return "value too long: field=resource_id, bytes=" + Utf8.encodedLength(id) + ", limit=" + MAX_KEY_BYTES;
      }
    }
    return null;
  }

  /** An upper bound of the encoded length of {@code d}. */
  public static int maxLength(AuditDraft d, int jsonLength) {
    long n = MIN_LENGTH + (long) jsonLength;
    for (String v : d.keys) {
      n += v == null ? 0 : 3L * v.length();
    }
    for (String id : d.resourceIds) {
      n += 2 + 3L * id.length();
    }
    return (int) Math.min(Integer.MAX_VALUE - 16, n);
  }

  /**
   * Encodes {@code d} (checked) with the event's bytes {@code json[jsonOff, jsonOff+jsonLength)} at
   * {@code b[at]}; returns the end, after the checksum.
   */
  public int encode(AuditDraft d, byte[] json, int jsonOff, int jsonLength, byte[] b, int at) {
    int flags = (d.hasTime[0] ? 1 : 0) | (d.hasTime[1] ? 2 : 0) | (d.hasTime[2] ? 4 : 0)
        | (d.hasAddress ? 8 : 0) | (d.hasAddress && d.addressV4 ? 16 : 0);
    b[at] = TYPE_AUDIT_V1;
    b[at + 1] = (byte) (d.family == AuditFamily.YANDEX ? 0 : 1);
    LE.putShort(b, at + 2, flags);
    LE.putInt(b, at + 4, 0);
    for (int i = 0; i < 3; i++) {
      LE.putLong(b, at + 8 + 12 * i, d.hasTime[i] ? d.second[i] : 0);
      LE.putInt(b, at + 16 + 12 * i, d.hasTime[i] ? d.nano[i] : 0);
    }
    LE.putLong(b, at + 44, d.hasAddress ? d.addressHigh : 0);
    LE.putLong(b, at + 52, d.hasAddress ? d.addressLow : 0);
    int p = at + FIXED;
    for (String v : d.keys) {
      p = string(v, b, p);
    }
    LE.putShort(b, p, d.resourceIds.size());
    p += 2;
    for (String id : d.resourceIds) {
      p = string(id, b, p);
    }
    LE.putInt(b, p, jsonLength);
    System.arraycopy(json, jsonOff, b, p + 4, jsonLength);
    p += 4 + jsonLength;
    LE.putInt(b, p, crc.of(b, at, p - at));
    return p + 4;
  }

  private static int string(String v, byte[] b, int p) {
    if (v == null) {
      LE.putShort(b, p, ABSENT);
      return p + 2;
    }
    int n = Utf8.encode(v, b, p + 2) - (p + 2);
    LE.putShort(b, p, n);
    return p + 2 + n;
  }

  /** Whether {@code b[off, off+len)} is an intact audit record. */
  public boolean intact(byte[] b, int off, int len) {
    return crc.intact(b, off, len, MIN_LENGTH);
  }

  /** Decodes an intact record. */
  public static AuditEvent decode(byte[] b, int off, int len) {
    int flags = LE.getUShort(b, off + 2);
    AuditFamily family = b[off + 1] == 0 ? AuditFamily.YANDEX : AuditFamily.CTYUN;
    Instant[] times = new Instant[3];
    for (int i = 0; i < 3; i++) {
      if ((flags & (1 << i)) != 0) {
        times[i] = Instant.ofEpochSecond(LE.getLong(b, off + 8 + 12 * i), LE.getInt(b, off + 16 + 12 * i));
      }
    }
    IpAddress address = null;
    if ((flags & 8) != 0) {
      long high = LE.getLong(b, off + 44);
      long low = LE.getLong(b, off + 52);
      address = (flags & 16) != 0 ? IpAddress.ofV4((int) low) : IpAddress.ofV6(high, low);
    }
    int[] pos = {off + FIXED};
    String[] keys = new String[AuditKey.values().length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = string(b, pos);
    }
    int count = LE.getUShort(b, pos[0]);
    pos[0] += 2;
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(string(b, pos));
    }
    int jsonLength = LE.getInt(b, pos[0]);
    String json = Utf8.decode(b, pos[0] + 4, jsonLength);
    return new AuditEvent(family, keys, ids, times, address, json);
  }

  private static String string(byte[] b, int[] pos) {
    int n = LE.getUShort(b, pos[0]);
    if (n == ABSENT) {
      pos[0] += 2;
      return null;
    }
    String s = Utf8.decode(b, pos[0] + 2, n);
    pos[0] += 2 + n;
    return s;
  }
}
