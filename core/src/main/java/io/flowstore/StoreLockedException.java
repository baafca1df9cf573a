package io.flowstore;

/** Another writer (process or open store in this JVM) holds the store. */
public class StoreLockedException extends FlowStoreException {
  private static final long serialVersionUID = 1L;

  public StoreLockedException(String message) {
    super(message);
  }
}
