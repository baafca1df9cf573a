package io.flowstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampTest {

  @Test
  void shouldKeepTheFractionDigitsItWasWrittenWith() {
    assertThat(Timestamp.parse("2021-04-29T04:26:11Z").fractionDigits()).isZero();
    Timestamp nine = Timestamp.parse("2021-04-29T04:22:27.169917133Z");
    assertThat(nine.fractionDigits()).isEqualTo(9);
    assertThat(nine.nano()).isEqualTo(169_917_133);
    assertThat(nine.toString()).isEqualTo("2021-04-29T04:22:27.169917133Z");
    assertThat(Timestamp.parse("2021-04-29T04:22:27.100Z").toString()).isEqualTo("2021-04-29T04:22:27.100Z");
  }

  @Test
  void shouldCoverYearsOneToNineThousandNineHundredNinetyNine() {
    Timestamp first = Timestamp.parse("0001-01-01T00:00:00Z");
    Timestamp last = Timestamp.parse("9999-12-31T23:59:59.999999999Z");
    assertThat(first.toInstant()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(last.toInstant()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
    assertThat(first.toString()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(last.toString()).isEqualTo("9999-12-31T23:59:59.999999999Z");
  }

  @Test
  void shouldConvertAnyOffsetToUtc() {
    assertThat(Timestamp.parse("2025-11-21T03:00:00+03:00").toString()).isEqualTo("2025-11-21T00:00:00Z");
    assertThat(Timestamp.parse("2025-11-20T18:30:00.5-05:30").toString()).isEqualTo("2025-11-21T00:00:00.5Z");
    assertThat(Timestamp.parse("2025-11-21t00:00:00z").toString()).isEqualTo("2025-11-21T00:00:00Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-02-30T00:00:00Z", "2025-11-21T24:00:00Z", "2025-11-21T00:00:60Z",
      "2025-11-21T00:00:00", "2025-11-21T00:00:00.1234567890Z", "2025-11-21T00:00:00+0300",
      "2025-11-21T00:00:00.Z", "0000-12-31T00:00:00Z", "25-11-21T00:00:00Z", "2025-13-01T00:00:00Z", ""})
  void shouldRejectTextThatIsNotAnRfc3339TimeInRange(String text) {
    assertThatThrownBy(() -> Timestamp.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid RFC 3339 time: value=" + text);
  }

  @Test
  void shouldAgreeWithJavaTimeOnRandomInstants() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      long sec = r.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
          Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
      int digits = r.nextInt(10);
      int nano = r.nextInt(1_000_000_000);
      int div = (int) Math.pow(10, 9 - digits);
      nano = nano / div * div;
      Timestamp t = Timestamp.of(sec, nano, digits);
      assertThat(Instant.parse(t.toString())).as("seed 3, i=%d", i).isEqualTo(Instant.ofEpochSecond(sec, nano));
      assertThat(Timestamp.parse(t.toString())).isEqualTo(t);
    }
  }

  @Test
  void shouldOrderByInstantThenDigits() {
    assertThat(Timestamp.parse("2025-01-01T00:00:00Z")).isLessThan(Timestamp.parse("2025-01-01T00:00:00.000Z"));
    assertThat(Timestamp.parse("2024-12-31T23:59:59.9Z")).isLessThan(Timestamp.parse("2025-01-01T00:00:00Z"));
    assertThat(Timestamp.of(Instant.parse("2025-01-01T00:00:00.120Z")).fractionDigits()).isEqualTo(2);
  }
}
