package io.flowstore.internal.audit;

import io.flowstore.AuditFamily;
import io.flowstore.internal.text.CharBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * One audit event as parsed: its compact JSON (what is stored and read back) and the values
 * the audit stream indexes. Reused per event; not thread-safe. Internal.
 */
public final class AuditDraft {
  /** The event as compact JSON, keys and values as written (numbers keep their text). */
  public final CharBuf json = new CharBuf(1024);
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

  /** The event type as written (a string, or the JSON of a non-string value) when it is not an audit event. */
  public String otherType;
  public String errorReason;
  public String errorField;
  public int errorLine;
  public int errorColumn;
  public long errorOffset;

  public void reset() {
    json.clear();
    family = null;
    java.util.Arrays.fill(keys, null);
    resourceIds.clear();
    java.util.Arrays.fill(hasTime, false);
    hasAddress = false;
    otherType = null;
    errorReason = null;
    errorField = null;
  }

  public boolean hasError() {
    return errorReason != null;
  }

  public void error(String field, String reason, int line, int column, long offset) {
    if (errorReason == null) {
      errorField = field;
      errorReason = reason;
      errorLine = line;
      errorColumn = column;
      errorOffset = offset;
    }
  }
}
