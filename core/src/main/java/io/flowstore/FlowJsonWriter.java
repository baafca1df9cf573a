package io.flowstore;

import io.flowstore.internal.json.FlowJson;
import io.flowstore.internal.json.JsonOut;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes flow events as NDJSON in the canonical shape (see {@link FlowEvent#toJson()}): one
 * event per line. Buffers, and reuses its buffers, so writing a {@link FlowView} during a scan
 * allocates next to nothing. Not thread-safe.
 */
public final class FlowJsonWriter implements AutoCloseable {
  private static final int FLUSH_AT = 64 * 1024;
  private final OutputStream out;
  private final JsonOut buffer = new JsonOut(2 * FLUSH_AT);
  private final FlowJson json = new FlowJson();

  /** Writes to {@code out}; {@link #close()} flushes but does not close {@code out}. */
  public FlowJsonWriter(OutputStream out) {
    this.out = out;
  }

  /** Appends one event and a newline. */
  public void write(FlowValues event) {
    json.write(event, buffer);
    buffer.raw('\n');
    if (buffer.length() >= FLUSH_AT) {
      flush();
    }
  }

  public void flush() {
    try {
      buffer.writeTo(out);
      buffer.clear();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    flush();
  }
}
