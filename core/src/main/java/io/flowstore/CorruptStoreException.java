package io.flowstore;

/** Stored data failed a check (checksum, layout, dictionary): the store will not guess. */
public class CorruptStoreException extends FlowStoreException {
  private static final long serialVersionUID = 1L;

  public CorruptStoreException(String message) {
    super(message);
  }

  public CorruptStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
