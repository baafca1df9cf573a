package io.flowstore.query;

/**
 * A live tail started by {@link FlowSearcher#subscribe}: delivers each matching event ingested
 * after it started until {@link #close()}. Thread-safe.
 */
public interface Subscription extends AutoCloseable {
  /** Events delivered so far. */
  long delivered();

  /** Whether the subscription still runs (false after close or after the handler failed). */
  boolean isActive();

  /** The handler's failure that ended the subscription, or null. */
  Throwable failure();

  /** Stops delivery and waits for the handler to return; idempotent. */
  @Override
  void close();
}
