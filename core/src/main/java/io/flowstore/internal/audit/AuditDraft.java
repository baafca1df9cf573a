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
