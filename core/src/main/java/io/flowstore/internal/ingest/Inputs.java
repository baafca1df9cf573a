package io.flowstore.internal.ingest;

import io.flowstore.StoreIOException;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens ingest inputs, unpacking gzip (detected by its magic bytes). Internal. */
final class Inputs {
  private Inputs() {}

  static IngestInput of(byte[] data, int off, int len, String name, IngestLimits limits) {
    if (len >= 2 && isGzip(data[off], data[off + 1])) {
      InputStream raw = new ByteArrayInputStream(data, off, len);
      return gzip(raw, name, limits, -1);
    }
    return new ByteArrayInput(name, data, off, len);
  }

  static IngestInput of(InputStream in, String name, IngestLimits limits) {
    return of(in, name, limits, -1);
  }

  static IngestInput of(Path file, IngestLimits limits) {
    try {
      return of(Files.newInputStream(file), file.toString(), limits, Files.size(file));
    } catch (IOException e) {
      throw new StoreIOException("cannot read input: source=" + file + ", error=" + e, e);
    }
  }

  /** {@code size} is the input's size when known (plain files), for progress; -1 otherwise. */
  static IngestInput of(InputStream in, String name, IngestLimits limits, long size) {
    BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
    try {
      b.mark(2);
      int b0 = b.read();
      int b1 = b.read();
      b.reset();
      if (b0 >= 0 && b1 >= 0 && isGzip((byte) b0, (byte) b1)) {
        return gzip(b, name, limits, -1);
      }
    } catch (IOException e) {
      throw new StoreIOException("cannot read input: source=" + name + ", error=" + e, e);
    }
    return new StreamInput(name, b, size, limits.maxEventBytes());
  }

  static boolean isGzip(byte b0, byte b1) {
    return b0 == (byte) 0x1f && b1 == (byte) 0x8b;
  }

  private static IngestInput gzip(InputStream compressed, String name, IngestLimits limits, long size) {
    CountingInputStream counted = new CountingInputStream(compressed);
    try {
      InputStream unpacked = new GZIPInputStream(counted, 64 * 1024);
      return new StreamInput(name, new Guard(unpacked, counted, limits), size, limits.maxEventBytes());
    } catch (IOException e) {
      // a header cut short or broken: the ingest reads the failure and quarantines the input with its reason
      return new StreamInput(name, new InputStream() {
        @Override
        public int read() throws IOException {
          throw e;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          throw e;
        }
      }, size, limits.maxEventBytes());
    }
  }

  /** Thrown through the parser when a compressed input expands past a limit. */
  static final class InputLimitException extends IOException {
    private static final long serialVersionUID = 1L;
    final String reason;

    InputLimitException(String reason) {
      super(reason);
      this.reason = reason;
    }
  }

  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** Stops a gzip bomb: total size and expansion ratio limits on the unpacked bytes. */
  private static final class Guard extends FilterInputStream {
    private final CountingInputStream compressed;
    private final IngestLimits limits;
    private long out;

    Guard(InputStream unpacked, CountingInputStream compressed, IngestLimits limits) {
      super(unpacked);
      this.compressed = compressed;
      this.limits = limits;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        out += n;
        if (out > limits.maxDecompressedBytes()) {
          throw new InputLimitException("decompressed size limit exceeded: limit=" + limits.maxDecompressedBytes());
        }
        if (out > (1 << 20) && out > compressed.count * (long) limits.maxCompressionRatio()) {
          throw new InputLimitException("compression ratio limit exceeded: decompressed=" + out + ", compressed="
              + compressed.count + ", limit=" + limits.maxCompressionRatio());
        }
      }
      return n;
    }
  }
}
