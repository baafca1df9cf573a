package io.flowstore;

/**
 * The root of every environmental or data failure flowstore reports: corruption, I/O, bad
 * input in fail-fast mode, a locked store, missing JVM flags. Caller mistakes are
 * {@link IllegalArgumentException} and {@link IllegalStateException} instead.
 *
 * <p>Messages name the fact, then the values: {@code store is locked by another writer:
 * path=/var/lib/flowstore}.
 */
public class FlowStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlowStoreException(String message) {
    super(message);
  }

  public FlowStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
