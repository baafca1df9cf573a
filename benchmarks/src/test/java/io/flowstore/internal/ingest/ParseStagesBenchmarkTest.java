package io.flowstore.internal.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each stage once on the benchmark's data and checks that every stage saw every event. */
class ParseStagesBenchmarkTest {
  @Test
  void shouldRunEveryStage() throws Exception {
    ParseStagesBenchmark b = new ParseStagesBenchmark();
    b.data();
    long tokens = b.tokenScan();
    assertThat(tokens).isBetween(ParseStagesBenchmark.EVENTS * 40L, ParseStagesBenchmark.EVENTS * 120L);
    assertThat(b.scanDecodingStrings()).isPositive();
    assertThat(b.parse()).isPositive();
    assertThat(b.parseAndEncode()).isGreaterThan(ParseStagesBenchmark.EVENTS * 72L); // at least the fixed part each
    assertThat(b.encodeOnly()).isGreaterThan(ParseStagesBenchmark.EVENTS * 72L);
  }
}
