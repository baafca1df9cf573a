package io.flowstore.internal.storage;

import net.openhft.chronicle.core.time.TimeProvider;

import java.time.Clock;

/**
 * The queue's notion of "now", moved forward only by the writer thread. Thread-safe. Internal.
 *
 * <p>Chronicle picks the roll cycle of an append from its time provider. If that were the wall
 * clock, a cycle could roll between two records of one batch, and the writer would not know
 * that the dictionary entries it wrote belong to the previous cycle file. Here the writer
 * reads the injected {@link Clock} once per batch and publishes it; Chronicle sees a time that
 * changes only between batches, so the writer decides when a cycle rolls. The time never goes
 * backwards, even if the clock does.
 */
public final class WriterClock implements TimeProvider {
  private final Clock clock;
  private volatile long now;

  public WriterClock(Clock clock) {
    this.clock = clock;
    this.now = clock.millis();
  }

  @Override
  public long currentTimeMillis() {
    return now;
  }

  /** Reads the clock and publishes it; returns the new time. Writer thread only. */
  public long advance() {
    long t = clock.millis();
    if (t > now) {
      now = t;
    }
    return now;
  }

  public Clock clock() {
    return clock;
  }
}
