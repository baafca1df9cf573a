package io.flowstore.internal.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;

/**
 * The bytes of one ingest call, with what the ingest loop needs beyond a parser: the raw
 * bytes of a refused event, and a way to restart parsing after a syntax error. Not
 * thread-safe. Internal.
 *
 * <p>Offsets are positions in the (decompressed) input. A byte array is used in place; a stream
 * is read through a window that keeps the bytes of the current event (see {@link StreamInput}).
 *
 * <p>Resynchronization after malformed JSON: the next event is assumed to start at a
 * {@code '{'} that is the first character of a line (after blanks and commas) at or after the
 * line of the error, which is how bucket deliveries (one event per line inside an array) and
 * NDJSON are laid out. When the error's line has no line break after it (a single-line array),
 * the next {@code '{'} after the error that follows a {@code ','} or {@code '}'} is used. All
 * bytes skipped on the way belong to the refused event, so nothing is dropped silently.
 */
abstract class IngestInput {
  final String name;

  IngestInput(String name) {
    this.name = name;
  }

  /**
   * A parser over the input from {@code from}; with {@code arrayPrefix} the parser first sees a
   * synthetic {@code '['}, to resume inside a top-level array.
   */
  abstract JsonParser parser(JsonFactory factory, long from, boolean arrayPrefix) throws IOException;

  /** The byte at {@code pos}, or -1 past the end; may read more input. */
  abstract int byteAt(long pos) throws IOException;

  /** Bytes before {@code pos} are no longer needed. */
  abstract void release(long pos);

  /** Copies up to {@code dst.length} bytes of [from, to) into {@code dst}; returns the count. */
  abstract int copy(long from, long to, byte[] dst) throws IOException;

  /** Input bytes read so far. */
  abstract long bytesRead();

  /** Total input size when known up front, else -1. */
  abstract long size();

  abstract void close();

  /**
   * Where parsing can resume after a syntax error at {@code errorPos} in an event that began at
   * {@code badStart}; -1 when no event follows. Scans at most {@code maxScan} bytes past the
   * error on a line without a break before settling for a same-line boundary.
   */
  long resync(long badStart, long errorPos, long maxScan) throws IOException {
    long lineStart = Math.max(errorPos, badStart);
    while (lineStart > badStart && byteAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    // above badStart the backward scan stops only at a line break; at badStart itself the bad
    // event's first byte clears the flag anyway
    boolean atLineStart = lineStart > badStart;
    boolean lineBreak = false;
    long fallback = -1;
    breaksAfterError = 0;
    // the error may be noticed only at the next event's start: the bad region ends before the blanks
    long end = Math.max(errorPos, badStart);
    while (end > badStart) {
      int c = byteAt(end - 1);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ',') {
        break;
      }
      end--;
    }
    contentEnd = end;
    long contentBeforeFallback = contentEnd;
    int prev = -1;
    for (long pos = lineStart; ; pos++) {
      int c = byteAt(pos);
      if (c < 0) {
        if (!lineBreak && fallback >= 0) {
          contentEnd = contentBeforeFallback;
          return fallback;
        }
        return -1;
      }
      if (c == '\n') {
        if (pos >= errorPos) {
          breaksAfterError++;
          lastBreak = pos;
        }
        lineBreak = true;
        atLineStart = true;
        release(fallback >= 0 ? fallback : pos);
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        continue;
      }
      if (c == '{' && pos > badStart) {
        if (atLineStart && (lineBreak || pos >= errorPos)) {
          return pos; // an event at the start of a line: how deliveries and NDJSON are laid out
        }
        if (!lineBreak && fallback < 0 && pos > errorPos && (prev == ',' || prev == '}')) {
          fallback = pos; // a boundary on the error's own line, for single-line arrays
          contentBeforeFallback = contentEnd;
        }
      }
      if (c != ',') {
        atLineStart = false;
        if (pos >= errorPos) {
          contentEnd = pos + 1;
        }
      }
      prev = c;
      release(fallback >= 0 ? fallback : pos);
      if (!lineBreak && fallback >= 0 && pos - errorPos > maxScan) {
        contentEnd = contentBeforeFallback;
        return fallback;
      }
    }
  }

  private int breaksAfterError;
  private long lastBreak;
  private long contentEnd;

  /** After {@link #resync}: the end of the last byte of the bad region that is not a separator. */
  long contentEnd() {
    return contentEnd;
  }

  /**
   * Line and column of {@code pos}, the result of the last {@link #resync}, from the known
   * position of the error it started at.
   */
  int[] positionOf(long pos, long errorPos, int errorLine, int errorColumn) {
    if (breaksAfterError == 0) {
      return new int[] {errorLine, errorColumn + (int) (pos - errorPos)};
    }
    return new int[] {errorLine + breaksAfterError, (int) (pos - lastBreak)};
  }

  /** The first position in [from, to) that is not blank, a comma or a bracket. */
  long trimStart(long from, long to) throws IOException {
    long pos = from;
    while (pos < to) {
      int c = byteAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '[' || c == ']') {
        pos++;
      } else {
        break;
      }
    }
    return pos;
  }
}
