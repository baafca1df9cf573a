package io.flowstore;

/**
 * Options of one ingest call. Immutable and thread-safe; each {@code with*} returns a copy.
 *
 * <p>{@link #DEFAULT}: skip bad events into the quarantine, return once everything is
 * appended (visible and safe from a process crash), report the first 10 errors.
 */
public final class IngestOptions {
  /** Skip bad events, no forced sync, 10 reported errors. */
  public static final IngestOptions DEFAULT = new IngestOptions(ErrorPolicy.SKIP, false, 10, 1, null);

  private final ErrorPolicy onError;
  private final boolean durable;
  private final int maxReportedErrors;
  private final int threads;
  private final IngestProgress progress;

  private IngestOptions(ErrorPolicy onError, boolean durable, int maxReportedErrors, int threads,
      IngestProgress progress) {
    this.progress = progress;
    this.onError = onError;
    this.durable = durable;
    this.maxReportedErrors = maxReportedErrors;
    this.threads = threads;
  }

  /** Default options with fail-fast error handling. */
  public static IngestOptions failFast() {
    return DEFAULT.withOnError(ErrorPolicy.FAIL);
  }

  public IngestOptions withOnError(ErrorPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("onError must not be null");
    }
    return new IngestOptions(policy, durable, maxReportedErrors, threads, progress);
  }

  /**
   * With {@code true}, the call syncs the store to stable storage before it returns, so that
   * its events survive a power loss too, not only a process crash. Costs an fsync per call.
   */
  public IngestOptions withDurable(boolean durable) {
    return new IngestOptions(onError, durable, maxReportedErrors, threads, progress);
  }

  public IngestOptions withMaxReportedErrors(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxReportedErrors must be >= 0: value=" + n);
    }
    return new IngestOptions(onError, durable, n, threads, progress);
  }

  /**
   * Parse a file with up to {@code n} threads (default 1): a file of NDJSON or concatenated
   * objects (not gzip, not one JSON array) of at least 2 MiB is cut into slices where one
   * top-level object ends and the next begins, and the slices are parsed at once, the calling
   * thread taking the first; every thread hands its records to the store's one writer per
   * stream. Events are stored in the order their slices finish batches, not strictly in file
   * order; error positions are in the whole file. A fail-fast call, a stream, bytes and files
   * that cannot be cut run on the calling thread alone.
   */
  public IngestOptions withThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1: value=" + n);
    }
    return new IngestOptions(onError, durable, maxReportedErrors, n, progress);
  }

  /**
   * Counts the input bytes the call reads into {@code progress} (null: none), so that another
   * thread can show how far it got: {@code bytesRead()} against the file sizes gives an ETA.
   */
  public IngestOptions withProgress(IngestProgress progress) {
    return new IngestOptions(onError, durable, maxReportedErrors, threads, progress);
  }

  /** The progress counter of {@link #withProgress}, or null. */
  public IngestProgress progress() {
    return progress;
  }

  public int threads() {
    return threads;
  }

  public ErrorPolicy onError() {
    return onError;
  }

  public boolean durable() {
    return durable;
  }

  public int maxReportedErrors() {
    return maxReportedErrors;
  }
}
