package io.flowstore.internal.index;

import io.flowstore.FlowStore;
import io.flowstore.RollPeriod;
import io.flowstore.StoreIOException;
import io.flowstore.VerifyReport;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.codec.LE;
import io.flowstore.internal.storage.DiskUsage;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Index files are derived: damage is repaired from the queue, answers never change. */
class IndexRecoveryTest {
  @TempDir
  Path dir;

  private ManualClock clock;

  private FlowStore open() {
    return FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).maxSegmentRows(3000)
        .checkpointInterval(Duration.ofMillis(1)).open();
  }

  /** Three cycles, several sealed segments and an open one with a checkpoint. */
  private void populate() {
    clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    try (FlowStore store = open()) {
      for (int i = 0; i < 5; i++) {
        store.ingest(FlowGenerator.builder().seed(300 + i).build().ndjson(2500), "b" + i);
        if (i % 2 == 0) {
          clock.advance(Duration.ofMinutes(5));
        }
      }
      FlowStore.engineOf(store).segments().awaitMaintenance();
    }
  }

  /** What queries see: per segment, event count and every dimension and range answer. */
  private static List<String> answers(FlowStore store) {
    List<String> out = new ArrayList<>();
    try (Segments.Acquired a = FlowStore.engineOf(store).segments().acquire()) {
      for (SegmentView v : a.views()) {
        out.add(v.meta().cycle() + "/" + v.meta().firstSeq() + " rows=" + v.meta().rows() + " events="
            + v.events().getCardinality());
        for (Dim d : Dim.values()) {
          for (long key : new long[] {1, 2, 3, 5, 8, 13, 21, 34, 443, 6, 17}) {
            out.add(d + "=" + key + ":" + v.dim(d, key).getCardinality());
          }
        }
        out.add("bytes>1000:" + v.range(RangeField.BYTES, 1001, Long.MAX_VALUE).getCardinality());
        out.add("src in 10/8:" + v.range(RangeField.SRC_ADDR, 10L << 24, (11L << 24) - 1).getCardinality());
        out.add("v6:" + v.v6(true, 0, 0, -1, -1).getCardinality());
      }
    }
    return out;
  }

  enum Damage { DELETE, TRUNCATE, FLIP }

  enum Target { SEALED, CHECKPOINT, DICTIONARY, ALL }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void shouldRebuildDamagedIndexFilesAndAnswerTheSame(Damage damage) throws IOException {
    for (Target target : Target.values()) {
      Path sub = dir;
      dir = sub.resolve(damage + "-" + target);
      populate();
      List<String> before;
      try (FlowStore store = open()) {
        before = answers(store);
      }
      List<Path> files = indexFiles(target);
      assertThat(files).as("%s files", target).isNotEmpty();
      for (Path f : files) {
        damage(f, damage);
      }
      try (FlowStore store = open()) {
        FlowStore.engineOf(store).segments().awaitMaintenance();
        assertThat(answers(store)).as("%s of %s", damage, target).isEqualTo(before);
        VerifyReport report = store.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(store.count());
        // and the store goes on
        store.ingest(FlowGenerator.builder().seed(99).build().ndjson(100), "after");
      }
      dir = sub;
    }
  }

  private List<Path> indexFiles(Target target) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("index").resolve("flows"))) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        switch (target) {
          case SEALED:
            return n.endsWith(".fsix");
          case CHECKPOINT:
            return n.endsWith(".fsck");
          case DICTIONARY:
            return n.endsWith(".fsdc");
          default:
            return true;
        }
      }).sorted().toList();
    }
  }

  private static void damage(Path f, Damage d) throws IOException {
    switch (d) {
      case DELETE:
        Files.delete(f);
        break;
      case TRUNCATE:
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 3));
        break;
      default:
        byte[] c = Files.readAllBytes(f);
        for (int i = 40; i < c.length; i += Math.max(1, c.length / 7)) {
          c[i] ^= 0x5A;
        }
        Files.write(f, c);
    }
  }

  @Test
  void shouldReportAnIndexThatDisagreesWithItsRecords() throws IOException {
    populate();
    Path sealed = indexFiles(Target.SEALED).get(0);
    // a bitmap changed and the checksum fixed up: the file loads, but verify compares with the records
    SegmentFile.Parsed p;
    try {
      p = SegmentFile.read(sealed);
    } catch (SegmentFile.InvalidIndexException e) {
      throw new AssertionError(e);
    }
    int eventsAt = findBytes(Files.readAllBytes(sealed), p.events);
    byte[] b = Files.readAllBytes(sealed);
    b[eventsAt + p.events.capacity() - 1] ^= 0x01; // a bit of the last container of the event bitmap
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    LE.putInt(b, b.length - 4, (int) crc.getValue());
    Files.write(sealed, b);
    try (FlowStore store = open()) {
      VerifyReport report = store.verify();
      assertThat(report.consistent()).isFalse();
      assertThat(report.problems()).anySatisfy(line -> assertThat(line).startsWith("segment "
          + sealed.getFileName().toString().replace(".fsix", "") + ": "));
    }
  }

  private static int findBytes(byte[] file, java.nio.ByteBuffer part) {
    byte[] needle = new byte[part.capacity()];
    part.duplicate().position(0).get(needle);
    outer:
    for (int i = 0; i + needle.length <= file.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (file[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("bitmap not found in its file");
  }

  @Test
  void shouldLeaveADictionarySnapshotCoveringTheWholeQueueAfterEveryClose() throws Exception {
    populate();
    long last;
    for (int i = 0; i < 2; i++) { // the second open appends nothing: its close must still say "all of it"
      try (FlowStore store = open()) {
        last = FlowStore.engineOf(store).flowsQueue().lastIndex();
      }
      long covered = DictionarySnapshot.read(dir.resolve("index/flows/dictionary.fsdc"),
          new io.flowstore.internal.dict.Dictionary());
      assertThat(covered).as("open %d", i).isEqualTo(last);
    }
  }

  @Test
  void shouldDropExactlyTheExpiredCyclesAndFreeTheirSpace() throws Exception {
    clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .retainFor(Duration.ofMinutes(12)).open()) {
      long[] perCycle = new long[5];
      for (int c = 0; c < 5; c++) {
        perCycle[c] = store.ingest(FlowGenerator.builder().seed(c).build().ndjson(3000 + 500 * c), "c" + c).accepted();
        clock.advance(Duration.ofMinutes(5));
      }
      store.ingest(FlowGenerator.builder().seed(9).build().ndjson(10), "now"); // cycle 6 is being written
      Segments segments = FlowStore.engineOf(store).segments();
      segments.awaitMaintenance();
      long filesBefore = cycleFiles();
      long diskBefore = DiskUsage.of(dir.resolve("flows"));
      // now = 10:25 + ; cycles ending at or before 10:13 are past 12 minutes: 10:00-10:05 and 10:05-10:10
      Segments.Acquired held = segments.acquire(); // a query still reading the oldest cycle
      assertThat(store.applyRetention()).isEqualTo(2);
      assertThat(store.count()).isEqualTo(perCycle[2] + perCycle[3] + perCycle[4] + 10);
      assertThat(cycleFiles()).isEqualTo(filesBefore); // not yet: the held query reads them
      held.views().get(0).rows().load(0); // still readable
      held.close();
      segments.awaitMaintenance();
      assertThat(cycleFiles()).isEqualTo(filesBefore - 2);
      assertThat(DiskUsage.of(dir.resolve("flows"))).isLessThan(diskBefore);
      assertThat(store.applyRetention()).isZero();
      assertThat(store.verify().consistent()).isTrue();
    }
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      assertThat(store.scan(v -> true)).isEqualTo(store.count());
    }
  }

  @Test
  void shouldDropTheOldestCyclesWhileTheStoreIsOverItsSizeLimit() throws Exception {
    clock = new ManualClock(Instant.parse("2025-11-21T10:00:00Z"));
    long limit;
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).open()) {
      for (int c = 0; c < 4; c++) {
        store.ingest(FlowGenerator.builder().seed(c).build().ndjson(20_000), "c" + c);
        clock.advance(Duration.ofMinutes(5));
      }
      store.sync();
      limit = DiskUsage.of(dir) - 1; // just under what it is: one cycle must go
    }
    try (FlowStore store = FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock)
        .maxStoreSize(limit).open()) {
      store.ingest(FlowGenerator.builder().seed(7).build().ndjson(10), "now");
      FlowStore.engineOf(store).segments().awaitMaintenance();
      // one cycle must go; a second may, when the store was measured while an index file was
      // being rewritten beside its predecessor (sealing writes the new file before removing the
      // checkpoint), which the size limit counts as it counts any file on disk
      int dropped = store.applyRetention();
      assertThat(dropped).isBetween(1, 2);
      assertThat(store.count()).isEqualTo((4 - dropped) * 20_000L + 10);
      assertThat(store.applyRetention()).isZero();
      assertThat(DiskUsage.of(dir)).isLessThanOrEqualTo(limit);
    }
  }

  private long cycleFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("flows"))) {
      return s.filter(p -> p.toString().endsWith(".cq4")).count();
    }
  }

  @Test
  void shouldRefuseAppendsWhileTheDiskIsNearlyFullAndKeepServingReads() {
    try (FlowStore store = FlowStore.open(dir)) {
      store.ingest(FlowGenerator.builder().seed(1).build().ndjson(500), "ok");
    }
    try (FlowStore store = FlowStore.builder(dir).minFreeDiskSpace(Long.MAX_VALUE / 4).open()) {
      assertThatThrownBy(() -> store.ingest(FlowGenerator.builder().seed(2).build().ndjson(500), "refused"))
          .isInstanceOf(StoreIOException.class)
          .hasMessageStartingWith("disk almost full, refusing to append: stream=flows, path=" + dir.resolve("flows"))
          .hasMessageContaining(", reserve=" + Long.MAX_VALUE / 4);
      assertThat(store.count()).isEqualTo(500);
      assertThat(store.scan(v -> true)).isEqualTo(500);
    }
    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.ingest(FlowGenerator.builder().seed(3).build().ndjson(500), "ok").accepted()).isEqualTo(500);
      assertThat(store.count()).isEqualTo(1000);
    }
  }

  @Test
  void shouldNeverShowARowTheIndexDoesNotCoverNorABitForAnUnreadableRow() throws Exception {
    try (FlowStore store = FlowStore.builder(dir).maxSegmentRows(20_000).open()) {
      Segments segments = FlowStore.engineOf(store).segments();
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread r = new Thread(() -> {
          long lastTotal = 0;
          try {
            while (!done.get()) {
              long total = 0;
              try (Segments.Acquired a = segments.acquire()) {
                for (SegmentView v : a.views()) {
                  int rows = v.meta().rows();
                  ImmutableRoaringBitmap events = v.events();
                  total += events.getCardinality();
                  if (!events.isEmpty()) {
                    assertThat(events.last()).isLessThan(rows);
                  }
                  ImmutableRoaringBitmap covered = ImmutableRoaringBitmap.or(v.present(Dim.DIRECTION),
                      v.present(Dim.EVENT_TYPE));
                  assertThat(ImmutableRoaringBitmap.andNot(covered, events).isEmpty()).isTrue();
                  assertThat(ImmutableRoaringBitmap.andNot(events, v.present(Dim.EVENT_TYPE)).isEmpty()).isTrue();
                  SegmentRows reader = v.rows();
                  if (!events.isEmpty()) {
                    int last = events.last();
                    assertThat(reader.load(last)).isTrue(); // the newest indexed row is readable
                  }
                }
              }
              assertThat(total).isGreaterThanOrEqualTo(lastTotal); // counts never go backwards
              lastTotal = total;
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        readers.add(r);
        r.start();
      }
      for (int i = 0; i < 15; i++) {
        store.ingest(FlowGenerator.builder().seed(i).build().ndjson(5000), "w" + i);
      }
      done.set(true);
      for (Thread r : readers) {
        r.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(store.count()).isEqualTo(75_000);
      segments.awaitMaintenance();
      assertThat(store.verify().consistent()).isTrue();
    }
  }
}
