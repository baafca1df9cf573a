package io.flowstore;

/** The store was written by a newer flowstore (a higher format version); this one will not touch it. */
public class IncompatibleStoreException extends FlowStoreException {
  private static final long serialVersionUID = 1L;

  public IncompatibleStoreException(String message) {
    super(message);
  }
}
