package io.flowstore.cli;

import io.flowstore.FlowStore;
import io.flowstore.IngestProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a long ingest on a terminal: files done, events stored, events/s,
 * quarantined, and the share and ETA when the total input size is known. Redrawn in place on
 * stderr twice a second by a daemon thread; erased when the ingest ends. Events are what the
 * store counts (flow, audit and quarantined) minus what it held at the start.
 */
final class Progress implements AutoCloseable {
  static final long INTERVAL_MILLIS = 500;

  private final PrintStream err;
  private final FlowStore store;
  private final IngestProgress bytes = new IngestProgress();
  private final int files;
  private final long totalBytes;
  private final long base;
  private final long baseQuarantined;
  private final long start = System.nanoTime();
  private final Thread thread;
  private volatile int filesDone;
  private volatile boolean closed;
  private int lastWidth;

  /** {@code totalBytes} is the sum of the input sizes, or -1 when unknown (stdin). */
  Progress(PrintStream err, FlowStore store, int files, long totalBytes) {
    this.err = err;
    this.store = store;
    this.files = files;
    this.totalBytes = totalBytes;
    this.base = stored(store);
    this.baseQuarantined = store.quarantinedCount();
    this.thread = new Thread(this::loop, "flowstore-progress");
    thread.setDaemon(true);
    thread.start();
  }

  IngestProgress counter() {
    return bytes;
  }

  void fileDone() {
    filesDone++;
  }

  private static long stored(FlowStore s) {
    return s.count() + s.auditCount() + s.quarantinedCount();
  }

  private void loop() {
    while (!closed) {
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) {
        draw(line());
      }
    }
  }

  /** The line as it reads now. */
  String line() {
    double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long events = stored(store) - base;
    long quarantined = store.quarantinedCount() - baseQuarantined;
    StringBuilder sb = new StringBuilder("ingest: ");
    sb.append(Cli.number(filesDone)).append('/').append(Cli.number(files)).append(files == 1 ? " file, " : " files, ");
    sb.append(Cli.number(events)).append(" events, ").append(Cli.number((long) (events / seconds))).append(" events/s, ");
    sb.append(Cli.number(quarantined)).append(" quarantined");
    long read = bytes.bytesRead();
    if (totalBytes > 0) {
      double share = Math.min(1.0, read / (double) totalBytes);
      sb.append(String.format(Locale.ROOT, ", %.0f%% of %s", share * 100, Cli.bytes(totalBytes)));
      if (share > 0.001) {
        sb.append(", ETA ").append(clock((long) (seconds / share - seconds)));
      }
    } else {
      sb.append(", ").append(Cli.bytes(read)).append(" read");
    }
    return sb.toString();
  }

  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  private synchronized void draw(String line) {
    int pad = Math.max(0, lastWidth - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastWidth = line.length();
  }

  /** Stops the thread and erases the line, so the summary lines that follow stand alone. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (lastWidth > 0) {
        err.print("\r" + " ".repeat(lastWidth) + "\r");
        err.flush();
      }
    }
  }
}
