package io.flowstore;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far the ingest calls that carry it ({@link IngestOptions#withProgress}) have read their
 * inputs: the bytes taken from each file or stream as it arrived (for gzip, the compressed
 * bytes, so that it compares with the file size). Counted as the parser pulls its buffers, so it
 * runs ahead of the stored events by at most a buffer per thread. Thread-safe: one object may
 * follow several calls, on several threads, and be read from another, for example by a progress
 * line.
 */
public final class IngestProgress {
  private final LongAdder bytes = new LongAdder();

  /** Input bytes read so far. */
  public long bytesRead() {
    return bytes.sum();
  }

  /** An input stream that counts what it hands out into this progress. */
  public java.io.InputStream counting(java.io.InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws java.io.IOException {
        int c = in.read();
        if (c >= 0) {
          bytes.increment();
        }
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          bytes.add(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws java.io.IOException {
        long s = in.skip(n);
        if (s > 0) {
          bytes.add(s);
        }
        return s;
      }
    };
  }
}
