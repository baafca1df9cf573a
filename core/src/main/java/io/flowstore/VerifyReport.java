package io.flowstore;

import java.util.List;

/**
 * What {@link FlowStore#verify()} found. Immutable and thread-safe.
 *
 * @param segments segments checked
 * @param rows excerpts checked (events and dictionary entries)
 * @param events flow events checked
 * @param problems one line per index entry that disagrees with the records; empty when consistent
 */
public record VerifyReport(int segments, long rows, long events, List<String> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** True when every index bit, range index and position agrees with the records. */
  public boolean consistent() {
    return problems.isEmpty();
  }
}
