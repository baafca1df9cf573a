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
 * <p>Layout (type 0xA2), little-endian:
 * <pre>
 *   0 | type (u8) = 0xA2 | family (u8): 0 Yandex, 1 CTyun | flags (u16): 1, 2, 4 = eventTime,
 *     | createTime, updateTime present; 8 = an IP remote address; 16 = it is IPv4
 *   4 | JSON byte length (i32)
 *   8 | eventTime, createTime, updateTime: epoch second (i64), nano (i32) each
 *  44 | remote address: high (i64), low (i64) (IPv4: the 32 bits in low)
 *  60 | per {@link AuditKey}, in order: where its UTF-8 bytes are (i32, from the JSON's first
 *     | byte; -1 = absent) and how many (u16)
 *     | resource id count (u16), each: where (i32) and how many (u16)
 *     | the event's JSON: the bytes it was written in (UTF-8)
 *     | the keys whose bytes are not in the JSON as they are (a value written with escapes)
 * end | CRC32C of every byte before it (i32)
 * </pre>
 * The JSON is the event byte for byte as it was written, key style, escapes and whitespace
 * and all: the record reads back to exactly the input. The keys are what the audit stream
 * indexes, so indexing never parses the JSON; they point into it (a value is almost always
 * in the JSON as it is) rather than repeating it, which keeps records a sixth smaller.
 *
 * <p>Records of type 0xA1 (written by earlier builds; the same but with each key's bytes
 * inline after the address, length-prefixed, and the JSON after the resource ids) are read
 * as well.
 */
public final class AuditRecordCodec {
  public static final byte TYPE_AUDIT_V1 = (byte) 0xA1;
  public static final byte TYPE_AUDIT_V2 = (byte) 0xA2;
  /** The longest index key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 0xFFFE;
  static final int FIXED = 60;
  private static final AuditKey[] KEY_VALUES = AuditKey.values();
  private static final int KEYS = KEY_VALUES.length;
  /** The shortest possible record. */
  public static final int MIN_LENGTH = FIXED + 2 * KEYS + 2 + 4 + 4;
  private static final int ABSENT = 0xFFFF;

  /** Whether {@code type} is the type of an audit record. */
  public static boolean isAudit(byte type) {
    return type == TYPE_AUDIT_V2 || type == TYPE_AUDIT_V1;
  }

  private final Crc crc = new Crc();

  /** Why {@code d} cannot be encoded (an index key too long), or null. */
  public static String check(AuditDraft d) {
    for (AuditKey k : KEY_VALUES) {
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
    long n = FIXED + 6L * KEYS + 2 + 4 + (long) jsonLength;
    for (String v : d.keys) {
      n += v == null ? 0 : 3L * v.length();
    }
    for (String id : d.resourceIds) {
      n += 6 + 3L * id.length();
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
    b[at] = TYPE_AUDIT_V2;
    b[at + 1] = (byte) (d.family == AuditFamily.YANDEX ? 0 : 1);
    LE.putShort(b, at + 2, flags);
    LE.putInt(b, at + 4, jsonLength);
    for (int i = 0; i < 3; i++) {
      LE.putLong(b, at + 8 + 12 * i, d.hasTime[i] ? d.second[i] : 0);
      LE.putInt(b, at + 16 + 12 * i, d.hasTime[i] ? d.nano[i] : 0);
    }
    LE.putLong(b, at + 44, d.hasAddress ? d.addressHigh : 0);
    LE.putLong(b, at + 52, d.hasAddress ? d.addressLow : 0);
    int ids = d.resourceIds.size();
    int ref = at + FIXED;
    int jsonAt = ref + 6 * KEYS + 2 + 6 * ids;
    System.arraycopy(json, jsonOff, b, jsonAt, jsonLength);
    int jsonEnd = jsonAt + jsonLength;
    int p = jsonEnd;
    for (String v : d.keys) {
      p = ref(d, v, b, ref, jsonAt, jsonEnd, p);
      ref += 6;
    }
    LE.putShort(b, ref, ids);
    ref += 2;
    for (int i = 0; i < ids; i++) {
      p = ref(d, d.resourceIds.get(i), b, ref, jsonAt, jsonEnd, p);
      ref += 6;
    }
    LE.putInt(b, p, crc.of(b, at, p - at));
    return p + 4;
  }

  /**
   * Writes the reference of key {@code v} at {@code b[ref]}: to its bytes in the JSON when they
   * are there, else to a copy appended at {@code p}; returns the end of the appended copies.
   */
  private static int ref(AuditDraft d, String v, byte[] b, int ref, int jsonAt, int jsonEnd, int p) {
    if (v == null) {
      LE.putInt(b, ref, -1);
      LE.putShort(b, ref + 4, 0);
      return p;
    }
    int n = v.length();
    int h = d.hint(v);
    int found = -1;
    if (h >= 0 && matches(v, b, jsonAt + h, jsonEnd)) {
      found = h;
    } else if (d.searchLimit > 0 && ascii(v)) {
      found = search(v, b, jsonAt, Math.min(jsonEnd, jsonAt + d.searchLimit));
    }
    if (found < 0) { // not plain ASCII in the JSON as it is: a copy after the JSON
      found = p - jsonAt;
      n = Utf8.encode(v, b, p) - p;
      p += n;
    }
    LE.putInt(b, ref, found);
    LE.putShort(b, ref + 4, n);
    return p;
  }

  private static boolean ascii(String v) {
    for (int i = 0, n = v.length(); i < n; i++) {
      if (v.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code v} is at {@code b[at]} as ASCII bytes, before {@code end} (a byte of 0x80 or
   * more is negative and equals no char: a match is ASCII).
   */
  private static boolean matches(String v, byte[] b, int at, int end) {
    int n = v.length();
    if (at + n > end) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[at + i] != v.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Where the ASCII {@code v} first is in {@code b[from, to)}, from {@code from}; or -1. */
  private static int search(String v, byte[] b, int from, int to) {
    if (v.isEmpty()) {
      return 0;
    }
    char first = v.charAt(0);
    for (int i = from, last = to - v.length(); i <= last; i++) {
      if (b[i] == first && matches(v, b, i, to)) {
        return i - from;
      }
    }
    return -1;
  }

  /** Whether {@code b[off, off+len)} is an intact audit record. */
  public boolean intact(byte[] b, int off, int len) {
    return crc.intact(b, off, len, MIN_LENGTH);
  }

  /**
   * Where an intact record's keys are: fills {@code r} with the byte ranges (in {@code b}) of each
   * {@link AuditKey}'s value, its resource ids and its JSON.
   */
  public static void locate(byte[] b, int off, Ranges r) {
    int p = off + FIXED;
    if (b[off] == TYPE_AUDIT_V1) {
      for (int k = 0; k < KEYS; k++) {
        int n = LE.getUShort(b, p);
        r.keyAt[k] = n == ABSENT ? -1 : p + 2;
        r.keyLength[k] = n == ABSENT ? 0 : n;
        p += n == ABSENT ? 2 : 2 + n;
      }
      r.ids(LE.getUShort(b, p));
      p += 2;
      for (int i = 0; i < r.ids; i++) {
        int n = LE.getUShort(b, p);
        r.idAt[i] = p + 2;
        r.idLength[i] = n;
        p += 2 + n;
      }
      r.jsonLength = LE.getInt(b, p);
      r.jsonAt = p + 4;
      return;
    }
    int count = LE.getUShort(b, p + 6 * KEYS);
    r.ids(count);
    r.jsonAt = p + 6 * KEYS + 2 + 6 * count;
    r.jsonLength = LE.getInt(b, off + 4);
    for (int k = 0; k < KEYS; k++, p += 6) {
      int at = LE.getInt(b, p);
      r.keyAt[k] = at < 0 ? -1 : r.jsonAt + at;
      r.keyLength[k] = LE.getUShort(b, p + 4);
    }
    p += 2;
    for (int i = 0; i < count; i++, p += 6) {
      r.idAt[i] = r.jsonAt + LE.getInt(b, p);
      r.idLength[i] = LE.getUShort(b, p + 4);
    }
  }

  /** Byte ranges of a record's parts, filled by {@link #locate}; reusable. */
  public static final class Ranges {
    /** Per {@link AuditKey}: where its UTF-8 bytes start (-1 absent) and how many. */
    public final int[] keyAt = new int[KEYS];
    public final int[] keyLength = new int[KEYS];
    public int ids;
    public int[] idAt = new int[8];
    public int[] idLength = new int[8];
    public int jsonAt;
    public int jsonLength;

    void ids(int n) {
      ids = n;
      if (n > idAt.length) {
        idAt = new int[Math.max(n, idAt.length * 2)];
        idLength = new int[idAt.length];
      }
    }
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
    Ranges r = new Ranges();
    locate(b, off, r);
    String[] keys = new String[KEYS];
    for (int k = 0; k < KEYS; k++) {
      keys[k] = r.keyAt[k] < 0 ? null : Utf8.decode(b, r.keyAt[k], r.keyLength[k]);
    }
    List<String> ids = new ArrayList<>(r.ids);
    for (int i = 0; i < r.ids; i++) {
      ids.add(Utf8.decode(b, r.idAt[i], r.idLength[i]));
    }
    return new AuditEvent(family, keys, ids, times, address, Utf8.decode(b, r.jsonAt, r.jsonLength));
  }
}
