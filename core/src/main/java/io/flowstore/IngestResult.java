package io.flowstore;

import java.util.List;

/**
 * What one ingest call did. Immutable and thread-safe.
 *
 * @param accepted events stored
 * @param quarantined inputs refused and kept in the quarantine stream
 * @param errors the first refusals (at most {@link IngestOptions#maxReportedErrors()})
 * @param bytesRead bytes of (decompressed) input read
 * @param audit how many of the events stored are audit events (the others are flow events)
 */
public record IngestResult(long accepted, long quarantined, List<IngestError> errors, long bytesRead, long audit) {
  public IngestResult {
    errors = List.copyOf(errors);
  }

  /** A result without audit events. */
  public IngestResult(long accepted, long quarantined, List<IngestError> errors, long bytesRead) {
    this(accepted, quarantined, errors, bytesRead, 0);
  }

  /** Flow events stored. */
  public long flows() {
    return accepted - audit;
  }

  /** The result as one JSON line: {@code {"accepted":N,"quarantined":M,"errors":[...]}}. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(128);
    sb.append("{\"accepted\":").append(accepted).append(",\"flows\":").append(accepted - audit).append(",\"audit\":")
        .append(audit).append(",\"quarantined\":").append(quarantined).append(",\"errors\":[");
    for (int i = 0; i < errors.size(); i++) {
      IngestError e = errors.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"source\":");
      io.flowstore.internal.json.JsonText.quote(e.source(), sb);
      sb.append(",\"line\":").append(e.line()).append(",\"column\":").append(e.column())
          .append(",\"offset\":").append(e.byteOffset()).append(",\"event\":").append(e.ordinal());
      if (e.field() != null) {
        sb.append(",\"field\":");
        io.flowstore.internal.json.JsonText.quote(e.field(), sb);
      }
      sb.append(",\"reason\":");
      io.flowstore.internal.json.JsonText.quote(e.reason(), sb);
      sb.append('}');
    }
    return sb.append("]}").toString();
  }
}
