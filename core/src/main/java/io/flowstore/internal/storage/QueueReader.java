package io.flowstore.internal.storage;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.Arrays;

/**
 * Reads a stream's excerpts in order, copying each into a reusable array. Not thread-safe.
 * Internal.
 *
 * <p>Copying a ~100-byte record is cheaper than the checks a mapped read would need, and
 * leaves the mapping free for Chronicle to release; the record is then decoded from the array.
 */
public final class QueueReader implements AutoCloseable {
  private final StreamQueue queue;
  private final ExcerptTailer tailer;
  private byte[] buf = new byte[512];
  private int length;
  private long index;

  QueueReader(StreamQueue queue, ExcerptTailer tailer) {
    this.queue = queue;
    this.tailer = tailer;
    tailer.singleThreadedCheckDisabled(true);
  }

  /** Moves to the next excerpt; false at the end of what is written so far. */
  public boolean next() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return false;
      }
      Bytes<?> bytes = dc.wire().bytes();
      int n = (int) bytes.readRemaining();
      if (n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
      }
      bytes.read(buf, 0, n);
      length = n;
      index = dc.index();
      return true;
    }
  }

  /** Positions the reader so that {@link #next()} returns the excerpt at {@code index}. */
  public boolean moveTo(long index) {
    return tailer.moveToIndex(index);
  }

  public void toStart() {
    tailer.toStart();
  }

  public void toEnd() {
    tailer.toEnd();
  }

  /** Queue index the next {@link #next()} will read. */
  public long nextIndex() {
    return tailer.index();
  }

  public byte[] buffer() {
    return buf;
  }

  public int length() {
    return length;
  }

  public long index() {
    return index;
  }

  public byte type() {
    return length == 0 ? 0 : buf[0];
  }

  /** Where the current excerpt is, for error messages. */
  public String where() {
    return "stream=" + queue.name() + ", index=0x" + Long.toHexString(index) + ", cycle=" + queue.cycleOf(index)
        + ", seq=" + queue.sequenceOf(index);
  }

  @Override
  public void close() {
    tailer.close();
  }
}
