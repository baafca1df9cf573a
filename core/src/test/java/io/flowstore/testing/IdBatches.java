package io.flowstore.testing;

import io.flowstore.gen.FlowGenerator;
import java.nio.charset.StandardCharsets;

/**
 * Batches of generated events whose eventIds name them: batch {@code b} holds events
 * {@code b-0 .. b-(n-1)}, so a test that knows which batches were acknowledged knows every id
 * that must be in the store, and can name each delivery.
 */
public final class IdBatches {
  private IdBatches() {}

  /**
   * NDJSON of {@code n} events from the shared generator seeded with {@code seed}, their eventIds
   * replaced by {@code b-i}. Few distinct seeds keep the dictionary at a realistic size.
   */
  public static byte[] batch(int b, int n, long seed) {
    StringBuilder sb = new StringBuilder();
    FlowGenerator gen = FlowGenerator.builder().seed(seed).build();
    for (int i = 0; i < n; i++) {
      String e = gen.nextJson();
      int at = e.indexOf("\"event_id\":\"") + 12;
      int end = e.indexOf('"', at);
      sb.append(e, 0, at).append(b).append('-').append(i).append(e, end, e.length()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
