package io.flowstore;

/**
 * How much ingest time one queue file (one roll cycle) covers. Immutable.
 *
 * <p>Every period here holds at least one million events per second averaged over the period,
 * so a fast collector cannot overflow a cycle. Shorter periods make retention finer-grained and
 * sealed segments smaller; longer ones mean fewer files. The default is {@link #HOUR}.
 */
public enum RollPeriod {
  /** Five-minute files; up to 3.5 M events/s. */
  FIVE_MINUTES(300_000L),
  /** Ten-minute files; up to 1.7 M events/s. */
  TEN_MINUTES(600_000L),
  /** Hourly files; up to 1.19 M events/s. The default. */
  HOUR(3_600_000L),
  /** Daily files; up to 1.59 M events/s. */
  DAY(86_400_000L);

  private final long millis;

  RollPeriod(long millis) {
    this.millis = millis;
  }

  public long millis() {
    return millis;
  }
}
