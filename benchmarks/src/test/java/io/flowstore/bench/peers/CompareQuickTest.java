package io.flowstore.bench.peers;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison's quick mode, end to end through JMH, so the suite cannot rot. */
class CompareQuickTest {
  @Test
  void shouldRunEveryEngineAndQueryAndWriteTheReport() throws Exception {
    Path out = Path.of("target", "RESULTS-quick.md");
    Compare.run(true, List.of(20_000), out);
    String md = Files.readString(out);
    assertThat(md).contains("## 20,000 events", "quick mode", "| flowstore |", "| duckdb |", "| duckdb, 2 query threads |",
        "| lucene |", "| sqlite |", "Baselines: a bare jackson-core token scan", "flowstore at most 128 bytes per event");
    // every cell of the engines' rows is filled (no missing result)
    for (String line : md.lines().filter(l -> l.startsWith("| flowstore |") || l.startsWith("| lucene |")).toList()) {
      assertThat(line.split("\\|")).as(line).hasSize(12).allSatisfy(c -> assertThat(c).isNotEqualTo("  "));
    }
    assertThat(md).doesNotContain("NaN", "null");
  }
}
