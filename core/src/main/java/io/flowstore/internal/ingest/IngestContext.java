package io.flowstore.internal.ingest;

import io.flowstore.internal.codec.FlowDraft;
import io.flowstore.internal.codec.FlowRecordEncoder;
import io.flowstore.internal.codec.QuarantineCodec;

/**
 * Everything one ingest thread reuses from call to call: the draft, the parser, the tuple
 * caches, the encoders. Pooled by the {@link Ingester}, so a collector that calls ingest once
 * per message allocates none of this per call. Not thread-safe. Internal.
 */
final class IngestContext {
  final FlowDraft draft = new FlowDraft();
  final FlowEventParser parser = new FlowEventParser();
  /**
   * The flow record format ingest writes: 2, or 1 when the system property
   * {@code flowstore.internal.recordFormat} says so (only for tests that build a store as
   * releases before format 2 wrote it, to check that it still reads).
   */
  final FlowRecordEncoder encoder = new FlowRecordEncoder(Integer.getInteger("flowstore.internal.recordFormat", 2));
  final QuarantineCodec quarantineCodec = new QuarantineCodec();
  final io.flowstore.internal.audit.AuditDraft audit = new io.flowstore.internal.audit.AuditDraft();
  final io.flowstore.internal.audit.AuditEventParser auditParser;
  final io.flowstore.internal.audit.AuditRecordCodec auditCodec = new io.flowstore.internal.audit.AuditRecordCodec();
  private final int rawLimit;
  private byte[] raw;
  private byte[] event = new byte[4096];
  private byte[] head = new byte[512];

  IngestContext(int rawLimit, java.time.ZoneId ctyunZone) {
    this.rawLimit = rawLimit;
    this.auditParser = new io.flowstore.internal.audit.AuditEventParser(ctyunZone);
  }

  /** Scratch for the first bytes of an audit event (the fields before its type). */
  byte[] head(int length) {
    if (head.length < length) {
      head = new byte[Math.max(length, head.length * 2)];
    }
    return head;
  }

  /** Scratch for one whole event's bytes (an audit event is stored as them). */
  byte[] event(int length) {
    if (event.length < length) {
      event = new byte[Math.max(length, event.length * 2)];
    }
    return event;
  }

  /** Scratch for a refused event's raw bytes, as large as the raw limit. */
  byte[] raw() {
    if (raw == null) {
      raw = new byte[rawLimit];
    }
    return raw;
  }
}
