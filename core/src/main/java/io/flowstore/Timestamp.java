package io.flowstore;

import io.flowstore.internal.text.Rfc3339;

import java.time.Instant;

/**
 * An RFC 3339 time with nanosecond resolution and the precision it was written with.
 * Immutable and thread-safe.
 *
 * <p>Cloud audit logs write times with 0 to 9 fraction digits ({@code 2021-04-29T04:26:11Z} and
 * {@code 2021-04-29T04:22:27.169917133Z} in one file) over years 0001 to 9999. A timestamp keeps
 * the instant and the number of digits, so that read-back writes each time as precisely as it
 * came in, always in UTC. Two timestamps are {@link #equals equal} when both the instant and
 * the digits are; {@link #compareTo} orders by instant, then digits.
 */
public final class Timestamp implements Comparable<Timestamp> {
  private final long epochSecond;
  private final int nano;
  private final int fractionDigits;

  private Timestamp(long epochSecond, int nano, int fractionDigits) {
    this.epochSecond = epochSecond;
    this.nano = nano;
    this.fractionDigits = fractionDigits;
  }

  /**
   * A timestamp of {@code epochSecond} and {@code nano}, to be written with
   * {@code fractionDigits} digits.
   *
   * @throws IllegalArgumentException when the values are out of range, or when {@code nano}
   *     needs more digits than {@code fractionDigits}
   */
  public static Timestamp of(long epochSecond, int nano, int fractionDigits) {
    if (epochSecond < Rfc3339.MIN_SECOND || epochSecond > Rfc3339.MAX_SECOND) {
      throw new IllegalArgumentException("time out of range: epochSecond=" + epochSecond
          + ", min=0000-01-01T00:00:00Z, max=9999-12-31T23:59:59Z");
    }
    if (nano < 0 || nano > 999_999_999 || fractionDigits < 0 || fractionDigits > 9
        || !Rfc3339.fits(nano, fractionDigits)) {
      throw new IllegalArgumentException("invalid time: nano=" + nano + ", fractionDigits=" + fractionDigits);
    }
    return new Timestamp(epochSecond, nano, fractionDigits);
  }

  /** A timestamp of {@code instant}, written with the fewest digits that represent it exactly. */
  public static Timestamp of(Instant instant) {
    return of(instant.getEpochSecond(), instant.getNano(), Rfc3339.minimalDigits(instant.getNano()));
  }

  /**
   * Parses RFC 3339 text with any offset ({@code Z}, {@code +03:00}, {@code -05:30}).
   *
   * @throws IllegalArgumentException when the text is not an RFC 3339 time in range
   */
  public static Timestamp parse(CharSequence text) {
    char[] c = text.toString().toCharArray();
    Rfc3339.Parsed p = new Rfc3339.Parsed();
    if (!Rfc3339.parse(c, 0, c.length, p)) {
      throw new IllegalArgumentException("invalid RFC 3339 time: value=" + text);
    }
    return new Timestamp(p.epochSecond, p.nano, p.digits);
  }

  public long epochSecond() {
    return epochSecond;
  }

  public int nano() {
    return nano;
  }

  /** The number of fraction digits, 0 to 9, the time is written with. */
  public int fractionDigits() {
    return fractionDigits;
  }

  public Instant toInstant() {
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  @Override
  public int compareTo(Timestamp o) {
    int c = Long.compare(epochSecond, o.epochSecond);
    if (c == 0) {
      c = Integer.compare(nano, o.nano);
    }
    return c != 0 ? c : Integer.compare(fractionDigits, o.fractionDigits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Timestamp && ((Timestamp) o).epochSecond == epochSecond
        && ((Timestamp) o).nano == nano && ((Timestamp) o).fractionDigits == fractionDigits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(epochSecond) * 31 * 31 + nano * 31 + fractionDigits;
  }

  /** RFC 3339 in UTC with {@link #fractionDigits()} digits, e.g. {@code 2025-11-21T04:12:38.068Z}. */
  @Override
  public String toString() {
    return Rfc3339.format(epochSecond, nano, fractionDigits);
  }
}
