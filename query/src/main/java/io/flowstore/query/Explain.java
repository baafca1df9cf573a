package io.flowstore.query;

import java.util.List;

/**
 * How a query ran, in words: per segment, whether it was pruned and why, which indexes answered
 * which condition in which order, the estimated (candidate) and actual row counts, and how
 * many records were read. Immutable. {@link #toString()} is the text {@code flowstore explain}
 * prints.
 */
public record Explain(String query, String condition, List<SegmentPlan> segments, long matched, String strategy) {
  public Explain {
    segments = List.copyOf(segments);
  }

  /**
   * One segment's part of the plan.
   *
   * @param segment its name (cycle, first row) and state (open or sealed)
   * @param rows rows in the segment
   * @param pruned why the metadata ruled it out, or null when it was kept
   * @param steps the indexes used, in order, with the rows each selected
   * @param candidates rows the indexes left (the estimate)
   * @param exact whether the candidates were the answer without reading records
   * @param scanned records read to test the rest of the condition
   * @param matched rows that matched
   */
  public record SegmentPlan(String segment, long rows, String pruned, List<String> steps, long candidates,
      boolean exact, long scanned, long matched) {
    public SegmentPlan {
      steps = List.copyOf(steps);
    }
  }

  public long segmentsPruned() {
    return segments.stream().filter(s -> s.pruned() != null).count();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("query: ").append(query).append('\n');
    sb.append("condition: ").append(condition).append('\n');
    sb.append("strategy: ").append(strategy).append('\n');
    sb.append(String.format("segments: %d, pruned %d, kept %d%n", segments.size(), segmentsPruned(),
        segments.size() - segmentsPruned()));
    for (SegmentPlan s : segments) {
      sb.append(String.format("  segment %s, %,d rows: ", s.segment(), s.rows()));
      if (s.pruned() != null) {
        sb.append("pruned (").append(s.pruned()).append(")\n");
        continue;
      }
      sb.append("kept\n");
      for (int i = 0; i < s.steps().size(); i++) {
        sb.append("    ").append(i + 1).append(". ").append(s.steps().get(i)).append('\n');
      }
      sb.append(String.format("    estimated %,d rows from the indexes%s; scanned %,d records; actual %,d rows%n",
          s.candidates(), s.exact() ? " (exact)" : "", s.scanned(), s.matched()));
    }
    sb.append(String.format("matched: %,d%n", matched));
    return sb.toString();
  }
}
