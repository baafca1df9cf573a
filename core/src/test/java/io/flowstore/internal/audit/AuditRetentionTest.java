package io.flowstore.internal.audit;

import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.RollPeriod;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention by age drops whole audit cycles, as it drops flow cycles, and never the one being written. */
class AuditRetentionTest {
  @TempDir
  Path dir;

  @Test
  void shouldDropAuditCyclesPastTheRetentionAge() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .retainFor(Duration.ofMinutes(12)).open()) {
      for (int c = 0; c < 4; c++) {
        store.ingest(AuditGenerator.builder().seed(c).build().ndjson(300), "a" + c);
        store.ingest(FlowGenerator.builder().seed(c).build().ndjson(100), "f" + c);
        clock.advance(Duration.ofMinutes(5));
      }
      assertThat(store.auditCount()).isEqualTo(1200);
      assertThat(cycleFiles("audit")).isEqualTo(4);
      // now 10:20; cycles ending at or before 10:08 go: 10:00-10:05 only
      int dropped = store.applyRetention();
      assertThat(dropped).isEqualTo(2); // one flow cycle and one audit cycle
      assertThat(store.auditCount()).isEqualTo(900);
      assertThat(cycleFiles("audit")).isEqualTo(3);
      List<AuditEvent> left = store.auditEvents();
      assertThat(left).hasSize(900);
      // much later: everything but the cycle being written goes
      clock.advance(Duration.ofHours(1));
      store.applyRetention();
      assertThat(store.auditCount()).isEqualTo(300);
      assertThat(store.auditEvents()).hasSize(300).isEqualTo(left.subList(600, 900));
    }
    try (FlowStore again = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      assertThat(again.auditCount()).isEqualTo(300);
    }
  }

  private long cycleFiles(String stream) throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve(stream))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).count();
    }
  }
}
