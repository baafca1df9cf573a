package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A streamed input (a file, stdin, a gzip stream) read through a window. Not thread-safe.
 * Internal.
 *
 * <p>The window holds the input from the start of the current event to as far as the parser has
 * read: enough to copy a refused event's raw bytes and to restart the parser after a syntax
 * error. The ingest loop {@link #release releases} bytes as events complete, so the window
 * stays about one event plus one read chunk. An event that would make the window larger than
 * the limit ends with {@link EventTooLargeException}; memory never grows with input size.
 */
final class StreamInput extends IngestInput {
  private static final int CHUNK = 64 * 1024;
  private final InputStream in;
  private final long size;
  private final int maxWindow;
  private byte[] buf = new byte[2 * CHUNK];
  private long bufStart;
  private int bufLen;
  private boolean eof;
  private long keepFrom;

  StreamInput(String name, InputStream in, long size, int maxEventBytes) {
    super(name);
    this.in = in;
    this.size = size;
    this.maxWindow = maxEventBytes + 2 * CHUNK;
  }

  /** Thrown through the parser when one event outgrows the window. */
  static final class EventTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    final long position;

    EventTooLargeException(long position) {
      super("event too large");
      this.position = position;
    }
  }

  @Override
  JsonParser parser(JsonFactory factory, long from, boolean arrayPrefix) throws IOException {
    return factory.createParser(new Feed(from, arrayPrefix));
  }

  /** Reads more input into the window; false at the end of input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int drop = (int) Math.min(keepFrom - bufStart, bufLen);
    if (drop > 0 && (bufLen == buf.length || drop >= CHUNK)) {
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufStart += drop;
      bufLen -= drop;
    }
    if (bufLen == buf.length) {
      if (buf.length >= maxWindow) {
        throw new EventTooLargeException(bufStart + bufLen);
      }
      buf = Arrays.copyOf(buf, Math.min(maxWindow, buf.length * 2));
    }
    int n;
    try {
      n = in.read(buf, bufLen, buf.length - bufLen);
    } catch (IOException e) {
      eof = true; // a failed input ends here: later reads see its end, not the failure again
      throw e;
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    bufLen += n;
    return true;
  }

  @Override
  int byteAt(long pos) throws IOException {
    if (pos < bufStart) {
      throw new IllegalStateException("input position already released: position=" + pos + ", window=" + bufStart);
    }
    while (pos >= bufStart + bufLen) {
      if (!fill()) {
        return -1;
      }
    }
    return buf[(int) (pos - bufStart)] & 0xFF;
  }

  @Override
  void release(long pos) {
    if (pos > keepFrom) {
      keepFrom = pos;
    }
  }

  /** Keeps bytes from {@code pos} even if they were released (restarting the parser there). */
  void retainFrom(long pos) {
    keepFrom = Math.max(bufStart, pos);
  }

  @Override
  int copy(long from, long to, byte[] dst) throws IOException {
    long end = Math.min(to, from + dst.length);
    int n = 0;
    // block copies: a quarantine copy runs once per bad region, and garbage has many of them
    while (from + n < end) {
      if (byteAt(from + n) < 0) { // fills the window up to that position, or finds the end
        break;
      }
      int off = (int) (from + n - bufStart);
      int k = (int) Math.min(end - (from + n), bufLen - off);
      System.arraycopy(buf, off, dst, n, k);
      n += k;
    }
    return n;
  }

  @Override
  long bytesRead() {
    return bufStart + bufLen;
  }

  @Override
  long size() {
    return size;
  }

  @Override
  void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // input is done with either way
    }
  }

  /** The InputStream a parser reads: the window from a position, maybe after a synthetic '['. */
  private final class Feed extends InputStream {
    private long pos;
    private boolean prefix;

    Feed(long from, boolean arrayPrefix) {
      this.pos = from;
      this.prefix = arrayPrefix;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (prefix) {
        prefix = false;
        b[off] = '[';
        return 1;
      }
      while (pos >= bufStart + bufLen) {
        if (!fill()) {
          return -1;
        }
      }
      int at = (int) (pos - bufStart);
      int n = Math.min(len, bufLen - at);
      System.arraycopy(buf, at, b, off, n);
      pos += n;
      return n;
    }
  }
}
