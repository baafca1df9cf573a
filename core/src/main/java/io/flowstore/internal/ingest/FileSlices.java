package io.flowstore.internal.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Cuts a file of top-level JSON objects (NDJSON or concatenated objects) into slices that
 * several threads parse at once. Internal.
 *
 * <p>A cut is only made where one top-level object ends and the next begins: a {@code '}'},
 * whitespace with a line break, then a {@code '{'}. In valid JSON that sequence cannot occur
 * inside a value (after a {@code '}'} inside an object or array comes {@code ','}, {@code '}'}
 * or {@code ']'}; a string cannot hold a raw line break), so every event lies wholly in one
 * slice, pretty-printed or not. A JSON array (bucket delivery), a gzip file or a file without
 * such boundaries is not cut.
 */
public final class FileSlices {
  /** A slice is at least this long; smaller files are not cut. */
  static final long MIN_SLICE = 1 << 20;
  private static final int WINDOW = 1 << 20;

  private FileSlices() {}

  /**
   * Up to {@code n + 1} ascending offsets, from 0 to the size, cutting {@code file} into up to
   * {@code n} slices at object boundaries; null when it cannot or should not be cut.
   */
  public static long[] cut(Path file, int n) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    long size = Files.size(file);
    n = (int) Math.min(n, size / MIN_SLICE);
    if (n < 2) {
      return null;
    }
    long[] cuts = new long[n + 1];
    int k = 1;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(64);
      int read = ch.read(head, 0);
      int first = 0;
      while (first < read && isSpace(head.get(first))) {
        first++;
      }
      if (read < 2 || (head.get(0) == (byte) 0x1f && head.get(1) == (byte) 0x8b) || first >= read
          || head.get(first) != '{') {
        return null; // gzip, an array, or not objects
      }
      byte[] w = new byte[WINDOW];
      for (int i = 1; i < n; i++) {
        long at = Math.max(cuts[k - 1] + 1, size * i / n);
        long boundary = boundary(ch, at, size, w);
        if (boundary > cuts[k - 1] && boundary < size) {
          cuts[k++] = boundary;
        }
      }
    }
    if (k < 2) {
      return null;
    }
    cuts[k] = size;
    return Arrays.copyOf(cuts, k + 1);
  }

  /**
   * The start of the line of the first object after {@code at} that follows an object end and a
   * line break; -1 if there is none within 16 MiB.
   */
  private static long boundary(FileChannel ch, long at, long size, byte[] w) throws IOException {
    for (long from = at; from < size && from < at + 16L * WINDOW; from += WINDOW - 64) {
      ByteBuffer b = ByteBuffer.wrap(w);
      int read = 0;
      while (b.hasRemaining()) {
        int r = ch.read(b, from + read);
        if (r <= 0) {
          break;
        }
        read += r;
      }
      for (int i = 0; i < read; i++) {
        if (w[i] != '\n') {
          continue;
        }
        int j = i - 1;
        while (j >= 0 && (w[j] == ' ' || w[j] == '\t' || w[j] == '\r')) {
          j--;
        }
        int m = i + 1;
        int lineStart = m;
        while (m < read && isSpace(w[m])) {
          if (w[m] == '\n') {
            lineStart = m + 1;
          }
          m++;
        }
        if (j >= 0 && m < read && w[j] == '}' && w[m] == '{') {
          return from + lineStart; // at a line start, so columns stay right
        }
      }
    }
    return -1;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** The number of line breaks in {@code file[0, end)}. */
  static long lines(Path file, long end) throws IOException {
    long lines = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      for (long pos = 0; pos < end; ) {
        b.clear();
        b.limit((int) Math.min(b.capacity(), end - pos));
        int r = ch.read(b, pos);
        if (r <= 0) {
          break;
        }
        for (int i = 0; i < r; i++) {
          if (b.get(i) == '\n') {
            lines++;
          }
        }
        pos += r;
      }
    }
    return lines;
  }

  /** The bytes {@code file[from, to)} as a stream. */
  public static InputStream open(Path file, long from, long to) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(from);
    return new FilterInputStream(Channels.newInputStream(ch)) {
      private long left = to - from;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int c = in.read();
        if (c >= 0) {
          left--;
        }
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }
}
