package io.flowstore.internal.audit;

import io.flowstore.AuditEvent;
import io.flowstore.FlowStore;
import io.flowstore.IpAddress;
import io.flowstore.RollPeriod;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.internal.storage.QueueReader;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit indexes answer exactly as a brute-force pass over the stored events, before and after reopening. */
class AuditIndexTest {
  @TempDir
  Path dir;

  @Test
  void shouldAnswerEveryDimensionTimeAndAddressExactly() {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    SplittableRandom random = new SplittableRandom(41);
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      for (int batch = 0; batch < 4; batch++) {
        store.ingest(AuditGenerator.builder().seed(4100 + batch).build().ndjson(600 + random.nextInt(600)), "b" + batch);
        clock.advance(Duration.ofMinutes(5));
      }
      check(store, random);
    }
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      check(store, random); // rebuilt from the queue
    }
  }

  private static void check(FlowStore store, SplittableRandom random) {
    AuditIndex index = FlowStore.engineOf(store).auditIndex();
    AuditIndex.Snapshot snap = index.snapshot();
    assertThat(snap.segments()).hasSize(4);
    assertThat(index.events()).isEqualTo(store.auditCount());
    long total = 0;
    AuditRecordCodec codec = new AuditRecordCodec();
    try (QueueReader reader = index.reader()) {
      for (AuditIndex.SegmentView v : snap.segments()) {
        List<AuditEvent> rows = new ArrayList<>();
        v.events().forEach((int r) -> rows.add(v.read(reader, codec, r)));
        assertThat(rows).hasSize(v.rows());
        total += rows.size();
        for (AuditDim d : AuditDim.values()) {
          List<String> keys = v.keys(d);
          assertThat(keys).as("%s of cycle %d", d, v.cycle()).isNotEmpty();
          for (int i = 0; i < 6; i++) {
            String key = i == 0 ? "no such value" : keys.get(random.nextInt(keys.size()));
            same(v.dim(d, key), rows, e -> valuesOf(d, e).contains(key), d + " = " + key);
          }
          same(v.present(d), rows, e -> !valuesOf(d, e).isEmpty(), d + " present");
        }
        long lo = v.minTime() + random.nextLong(Math.max(1, v.maxTime() - v.minTime()));
        long hi = lo + random.nextLong(60_000_000_000L);
        same(v.time(lo, hi), rows, e -> {
          long ns = e.eventTime().getEpochSecond() * 1_000_000_000L + e.eventTime().getNano();
          return ns >= lo && ns <= hi;
        }, "time in [" + lo + ", " + hi + "]");
        // 10.0.0.0/16 (internal callers) and a IPv6 /48
        same(v.address(true, 0, 0x0A00_0000L, 0, 0x0A00_FFFFL), rows,
            e -> e.remoteIp() != null && e.remoteIp().isV4() && (e.remoteIp().v4Bits() >>> 16) == 0x0A00, "10.0/16");
        IpAddress net = IpAddress.parse("2a02:6b8:b081::");
        same(v.address(false, net.high(), 0, net.high() | 0xFFFFL, -1L), rows,
            e -> e.remoteIp() != null && !e.remoteIp().isV4() && (e.remoteIp().high() >>> 16) == (net.high() >>> 16),
            "2a02:6b8:b081::/48");
      }
    }
    assertThat(total).isEqualTo(store.auditCount());
  }

  private static List<String> valuesOf(AuditDim d, AuditEvent e) {
    String v;
    switch (d) {
      case EVENT_TYPE: v = e.eventType(); break;
      case EVENT_SOURCE: v = e.eventSource(); break;
      case STATUS: v = e.status(); break;
      case ACT_TYPE: v = e.actType(); break;
      case SUBJECT_ID: v = e.subjectId(); break;
      case SUBJECT_TYPE: v = e.subjectType(); break;
      case SUBJECT_NAME: v = e.subjectName(); break;
      case SRC_PROD_TYPE_NAME: v = e.srcProdTypeName(); break;
      case SRC_REGION: v = e.srcRegion(); break;
      case RESOURCE_ID: return e.resourceIds();
      default: v = e.family().name();
    }
    return v == null ? List.of() : List.of(v);
  }

  private static void same(org.roaringbitmap.buffer.ImmutableRoaringBitmap actual, List<AuditEvent> rows,
      Predicate<AuditEvent> check, String what) {
    MutableRoaringBitmap expected = new MutableRoaringBitmap();
    for (int r = 0; r < rows.size(); r++) {
      if (check.test(rows.get(r))) {
        expected.add(r);
      }
    }
    assertThat(actual.toMutableRoaringBitmap()).as(what).isEqualTo(expected);
  }
}
