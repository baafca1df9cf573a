package io.flowstore.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlowLogCaptureBenchmarkTest {
  @Test
  void shouldCountEachCaptureOnSmallData() throws Exception {
    FlowLogCaptureBenchmark b = new FlowLogCaptureBenchmark();
    b.events = 20_000;
    b.build(); // checks each count against the events read
    try {
      long network = b.countNetworkCapture();
      assertThat(network).isPositive().isLessThan(b.countIndexedRule()); // two of five parts were DOWN
      assertThat(b.countVpcCapture()).isGreaterThan(network);
    } finally {
      b.close();
    }
  }
}
