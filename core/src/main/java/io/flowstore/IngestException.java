package io.flowstore;

/**
 * A fail-fast ingest stopped at a bad event. The events before it are stored and
 * acknowledged ({@link #accepted()} of them); nothing from the bad event on was stored.
 */
public class IngestException extends FlowStoreException {
  private static final long serialVersionUID = 1L;
  private final transient IngestError error;
  private final long accepted;

  public IngestException(IngestError error, long accepted) {
    super("ingest stopped at a bad event: " + error);
    this.error = error;
    this.accepted = accepted;
  }

  public IngestError error() {
    return error;
  }

  /** Events of the call stored before the bad one. */
  public long accepted() {
    return accepted;
  }
}
