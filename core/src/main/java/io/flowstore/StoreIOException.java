package io.flowstore;

/** Reading input or writing the store failed at the operating-system level (disk full, I/O error). */
public class StoreIOException extends FlowStoreException {
  private static final long serialVersionUID = 1L;

  public StoreIOException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreIOException(String message) {
    super(message);
  }
}
