package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;

/** An in-memory input, parsed in place. Not thread-safe. Internal. */
final class ByteArrayInput extends IngestInput {
  private static final byte[] ARRAY_PREFIX = {'['};
  private final byte[] data;
  private final int off;
  private final int len;

  ByteArrayInput(String name, byte[] data, int off, int len) {
    super(name);
    this.data = data;
    this.off = off;
    this.len = len;
  }

  @Override
  JsonParser parser(JsonFactory factory, long from, boolean arrayPrefix) throws IOException {
    int start = off + (int) from;
    if (!arrayPrefix) {
      return factory.createParser(data, start, len - (int) from);
    }
    return factory.createParser(new SequenceInputStream(new ByteArrayInputStream(ARRAY_PREFIX),
        new ByteArrayInputStream(data, start, len - (int) from)));
  }

  @Override
  int byteAt(long pos) {
    return pos < len ? data[off + (int) pos] & 0xFF : -1;
  }

  @Override
  void release(long pos) {
    // everything stays in memory anyway
  }

  @Override
  int copy(long from, long to, byte[] dst) {
    int n = (int) Math.min(dst.length, Math.min(to, len) - from);
    if (n <= 0) {
      return 0;
    }
    System.arraycopy(data, off + (int) from, dst, 0, n);
    return n;
  }

  @Override
  long bytesRead() {
    return len;
  }

  @Override
  long size() {
    return len;
  }

  @Override
  void close() {
    // nothing to release
  }
}
