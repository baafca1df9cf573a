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
  final FlowRecordEncoder encoder = new FlowRecordEncoder();
  final QuarantineCodec quarantineCodec = new QuarantineCodec();
  private final int rawLimit;
  private byte[] raw;

  IngestContext(int rawLimit) {
    this.rawLimit = rawLimit;
  }

  /** Scratch for a refused event's raw bytes, as large as the raw limit. */
  byte[] raw() {
    if (raw == null) {
      raw = new byte[rawLimit];
    }
    return raw;
  }
}
