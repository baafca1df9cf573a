package io.flowstore.internal.audit;

import io.flowstore.AuditFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * The values the audit stream indexes of one audit event, as parsed (the event itself is stored
 * as the bytes it was written in). Reused per event; not thread-safe. Internal.
 */
public final class AuditDraft {
  public AuditFamily family;
  /** Per {@link AuditKey}, the value or null. */
  public final String[] keys = new String[AuditKey.values().length];
  /** Every resource id of the resource path (Yandex) or the source resource id (CTyun). */
  public final List<String> resourceIds = new ArrayList<>();
  /** eventTime, createTime, updateTime: presence, epoch second, nano. */
  public final boolean[] hasTime = new boolean[3];
  public final long[] second = new long[3];
  public final int[] nano = new int[3];
  /** The remote address (Yandex) or source IP (CTyun) when it is an IP address. */
  public boolean hasAddress;
  public boolean addressV4;
  public long addressHigh;
  public long addressLow;

  /**
   * Where the parser read string values, as offsets in the event's bytes (hints: the record
   * points its keys into the JSON instead of repeating them; {@link AuditRecordCodec} checks each
   * hint and repeats a key only when its bytes are not found there).
   */
  private String[] seen = new String[32];
  private int[] seenAt = new int[32];
  private int seenCount;
  /** The event's first bytes where keys without a hint are looked for (0: none). */
  public int searchLimit;

  /** The event type as written (a string, or the JSON of a non-string value) when it is not an audit event. */
  public String otherType;
  public String errorReason;
  public String errorField;
  public int errorLine;
  public int errorColumn;
  public long errorOffset;
  /** Whether the error's position is the ingest parser's (else it is in the event's own bytes). */
  public boolean errorInMainParser;

  public void reset() {
    family = null;
    java.util.Arrays.fill(keys, null);
    resourceIds.clear();
    java.util.Arrays.fill(hasTime, false);
    hasAddress = false;
    otherType = null;
    errorReason = null;
    errorField = null;
    seenCount = 0;
    searchLimit = 0;
  }

  /** The parser read {@code value} at offset {@code at} of the event's bytes. */
  public void saw(String value, int at) {
    if (seenCount == seen.length) {
      seen = java.util.Arrays.copyOf(seen, seenCount * 2);
      seenAt = java.util.Arrays.copyOf(seenAt, seenCount * 2);
    }
    seen[seenCount] = value;
    seenAt[seenCount++] = at;
  }

  /** Where {@code value} (this very instance) was read, or -1. */
  public int hint(String value) {
    for (int i = 0; i < seenCount; i++) {
      if (seen[i] == value) {
        return seenAt[i];
      }
    }
    return -1;
  }

  public boolean hasError() {
    return errorReason != null;
  }

  public void error(String field, String reason, int line, int column, long offset, boolean mainParser) {
    if (errorReason == null) {
      errorField = field;
      errorReason = reason;
      errorLine = line;
      errorColumn = column;
      errorOffset = offset;
      errorInMainParser = mainParser;
    }
  }
}
