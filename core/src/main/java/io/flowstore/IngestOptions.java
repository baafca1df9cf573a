package io.flowstore;

/**
 * Options of one ingest call. Immutable and thread-safe; each {@code with*} returns a copy.
 *
 * <p>{@link #DEFAULT}: skip bad events into the quarantine, return once everything is
 * appended (visible and safe from a process crash), report the first 10 errors.
 */
public final class IngestOptions {
  /** Skip bad events, no forced sync, 10 reported errors. */
  public static final IngestOptions DEFAULT = new IngestOptions(ErrorPolicy.SKIP, false, 10);

  private final ErrorPolicy onError;
  private final boolean durable;
  private final int maxReportedErrors;

  private IngestOptions(ErrorPolicy onError, boolean durable, int maxReportedErrors) {
    this.onError = onError;
    this.durable = durable;
    this.maxReportedErrors = maxReportedErrors;
  }

  /** Default options with fail-fast error handling. */
  public static IngestOptions failFast() {
    return DEFAULT.withOnError(ErrorPolicy.FAIL);
  }

  public IngestOptions withOnError(ErrorPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("onError must not be null");
    }
    return new IngestOptions(policy, durable, maxReportedErrors);
  }

  /**
   * With {@code true}, the call syncs the store to stable storage before it returns, so that
   * its events survive a power loss too, not only a process crash. Costs an fsync per call.
   */
  public IngestOptions withDurable(boolean durable) {
    return new IngestOptions(onError, durable, maxReportedErrors);
  }

  public IngestOptions withMaxReportedErrors(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxReportedErrors must be >= 0: value=" + n);
    }
    return new IngestOptions(onError, durable, n);
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
