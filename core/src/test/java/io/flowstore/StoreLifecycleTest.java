package io.flowstore;

import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.storage.DiskUsage;
import io.flowstore.testing.ManualClock;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreLifecycleTest {
  @TempDir
  Path dir;

  @Test
  void shouldFindEverythingAfterReopen() {
    byte[] data = FlowGenerator.builder().seed(1).build().ndjson(5000);
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(data, "a");
      store.ingest("{\"event_type\":\"nope\"}".getBytes(StandardCharsets.UTF_8), "b");
    }
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.count()).isEqualTo(5000);
      assertThat(store.quarantinedCount()).isEqualTo(1);
      store.ingest(data, "again");
      assertThat(store.count()).isEqualTo(10_000);
      assertThat(Stores.flows(store)).hasSize(10_000);
    }
  }

  @Test
  void shouldRefuseASecondWriterInTheSameJvmAndLeaveTheFirstUnharmed() {
    try (FlowStore first = FlowStore.open(dir)) {
      first.ingest(FlowGenerator.builder().seed(1).build().ndjson(10), "a");
      assertThatThrownBy(() -> FlowStore.open(dir)).isInstanceOf(StoreLockedException.class)
          .hasMessage("store is already open for writing in this JVM: path=" + dir.toAbsolutePath());
      assertThat(first.ingest(FlowGenerator.builder().seed(2).build().ndjson(10), "b").accepted()).isEqualTo(10);
      assertThat(first.count()).isEqualTo(20);
    }
    try (FlowStore again = FlowStore.open(dir)) {
      assertThat(again.count()).isEqualTo(20);
    }
  }

  @Test
  void shouldReadBesideAWriterWhenOpenedReadOnly() {
    try (FlowStore writer = FlowStore.open(dir)) {
      writer.ingest(FlowGenerator.builder().seed(1).build().ndjson(100), "a");
      try (FlowStore reader = FlowStore.builder(dir).readOnly(true).open()) {
        assertThat(reader.count()).isEqualTo(100);
        writer.ingest(FlowGenerator.builder().seed(2).build().ndjson(50), "b");
        assertThat(reader.scan(v -> true)).isEqualTo(150);
        assertThatThrownBy(() -> reader.ingest(new byte[0], "x")).isInstanceOf(IllegalStateException.class)
            .hasMessage("store is open read-only: path=" + dir.toAbsolutePath());
      }
    }
  }

  @Test
  void shouldRefuseToOpenAMissingStoreReadOnly() {
    assertThatThrownBy(() -> FlowStore.builder(dir.resolve("none")).readOnly(true).open())
        .isInstanceOf(StoreIOException.class)
        .hasMessage("no store at this path: path=" + dir.resolve("none").toAbsolutePath());
  }

  @Test
  void shouldRefuseAStoreFromANewerFormat() throws Exception {
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(FlowGenerator.builder().seed(1).build().ndjson(10), "a");
    }
    Files.writeString(dir.resolve("flowstore.properties"), "format=2\n");
    assertThatThrownBy(() -> FlowStore.open(dir)).isInstanceOf(IncompatibleStoreException.class)
        .hasMessage("store format is newer than this flowstore: path=" + dir.toAbsolutePath()
            + ", storeFormat=2, supported=1");
    Files.writeString(dir.resolve("flowstore.properties"), "format=1\n");
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.count()).isEqualTo(10);
    }
  }

  @Test
  void shouldRecreateTheDerivedFormatFile() throws Exception {
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(FlowGenerator.builder().seed(1).build().ndjson(10), "a");
    }
    Files.delete(dir.resolve("flowstore.properties"));
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.count()).isEqualTo(10);
    }
    assertThat(dir.resolve("flowstore.properties")).exists();
  }

  @Test
  void shouldRollCyclesWithTheClockAndKeepEachCycleSelfContained() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    FlowGenerator gen = FlowGenerator.builder().seed(3).build();
    List<FlowEvent> later = new ArrayList<>();
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      store.ingest(gen.ndjson(1000), "cycle-1");
      clock.advance(Duration.ofMinutes(5));
      store.ingest(gen.ndjson(1000), "cycle-2");
      clock.advance(Duration.ofMinutes(5));
      store.ingest(gen.ndjson(1000), "cycle-3");
      later.addAll(Stores.flows(store).subList(1000, 3000));
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("flows"))) {
      files = s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
    }
    assertThat(files).hasSize(3);
    // retention-style deletion of the oldest cycle: the others still decode, their dictionary is their own
    Files.delete(files.get(0));
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      assertThat(store.count()).isEqualTo(2000);
      assertThat(Stores.flows(store)).isEqualTo(later);
    }
  }

  @Test
  void shouldIngestFromManyThreadsAtOnceWithoutLosingOrMixingEvents() throws Exception {
    int threads = 4;
    int perThread = 3000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FlowStore store = FlowStore.open(dir)) {
      List<Future<IngestResult>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] data = FlowGenerator.builder().seed(100 + t).build().ndjson(perThread);
        results.add(pool.submit(() -> {
          IngestResult last = null;
          for (int off = 0; off < 3; off++) {
            last = store.ingest(data, "thread");
          }
          return last;
        }));
      }
      for (Future<IngestResult> f : results) {
        assertThat(f.get().accepted()).isEqualTo(perThread);
      }
      assertThat(store.count()).isEqualTo(threads * perThread * 3L);
      Set<String> ids = new HashSet<>();
      store.scan(v -> {
        ids.add(v.string(FlowField.EVENT_ID) + "/" + v.position());
        return true;
      });
      assertThat(ids).hasSize(threads * perThread * 3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldLetReadersScanWhileIngestRuns() throws Exception {
    try (FlowStore store = FlowStore.open(dir)) {
      byte[] data = FlowGenerator.builder().seed(5).build().ndjson(2000);
      AtomicLong maxSeen = new AtomicLong();
      Thread reader = new Thread(() -> {
        for (int i = 0; i < 20; i++) {
          long n = store.scan(v -> v.kind() != null);
          assertThat(n).isGreaterThanOrEqualTo(maxSeen.get());
          maxSeen.set(n);
        }
      });
      reader.start();
      for (int i = 0; i < 10; i++) {
        store.ingest(data, "x");
      }
      reader.join();
      assertThat(store.scan(v -> true)).isEqualTo(20_000);
    }
  }

  @Test
  void shouldStoreAFlowEventInAtMost128BytesOnDisk() {
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(FlowGenerator.builder().seed(2025).build().ndjson(200_000), "gen");
      store.sync();
      double perEvent = DiskUsage.of(dir) / (double) store.count();
      assertThat(perEvent).isLessThanOrEqualTo(128.0);
    }
  }

  @Test
  void shouldSyncOnRequestAndWhenAsked() {
    try (FlowStore store = FlowStore.builder(dir).syncEveryEvents(10).syncInterval(Duration.ofMillis(5)).open()) {
      IngestResult r = store.ingest(FlowGenerator.builder().seed(1).build().ndjson(100), "a",
          IngestOptions.DEFAULT.withDurable(true));
      assertThat(r.accepted()).isEqualTo(100);
      store.sync();
    }
  }

  @Test
  void shouldCheckBuilderOptionsWhenSet() {
    FlowStore.Builder b = FlowStore.builder(dir).rollPeriod(RollPeriod.HOUR);
    assertThatThrownBy(() -> b.rollPeriod(RollPeriod.DAY)).isInstanceOf(IllegalStateException.class)
        .hasMessage("rollPeriod was already set");
    assertThatThrownBy(() -> b.syncEveryEvents(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("syncEveryEvents must be >= 1: value=0");
    assertThatThrownBy(() -> b.maxEventSize(10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventSize must be >= 1024: value=10");
  }

  @Test
  void shouldRejectUseAfterClose() {
    FlowStore store = FlowStore.open(dir);
    store.close();
    store.close();
    assertThatThrownBy(store::count).isInstanceOf(IllegalStateException.class)
        .hasMessage("store is closed: path=" + dir.toAbsolutePath());
  }
}
