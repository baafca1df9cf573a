package io.flowstore.reliability;

import io.flowstore.CorruptStoreException;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.FlowStoreException;
import io.flowstore.RollPeriod;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage a closed store at random (byte flips, truncations, deletions) in its queue files, its
 * index files and its configuration files, then use it: the store either repairs itself (the
 * derived files are rebuilt) and answers exactly as before, or refuses with a
 * {@link CorruptStoreException} (or another {@link FlowStoreException}) whose message names the
 * damaged file and where in it; it never answers wrongly without saying so. Every trial's
 * outcome is tallied and printed, for the closing note.
 */
class CorruptionTest {
  static final int TRIALS = 120;
  static final Instant START = Instant.parse("2025-11-21T10:00:00Z");

  @TempDir
  static Path base;

  static Path pristine;
  static Answers expected;
  static final Map<String, Integer> OUTCOMES = new ConcurrentHashMap<>();

  enum Damage { FLIP, TRUNCATE, DELETE }

  /** What the store holds, as every query-facing path sees it. */
  record Answers(long flows, long audit, long quarantined, long idHash, long rejects, long bytesOver, String flowLogs) {}

  static FlowStore open(Path dir) {
    return FlowStore.builder(dir).rollPeriod(RollPeriod.FIVE_MINUTES).clock(new ManualClock(START.plus(Duration.ofMinutes(30))))
        .maxSegmentRows(1500).open();
  }

  @BeforeAll
  static void populate() throws Exception {
    pristine = base.resolve("pristine");
    ManualClock clock = new ManualClock(START);
    try (FlowStore s = FlowStore.builder(pristine).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).maxSegmentRows(1500)
        .open()) {
      for (int i = 0; i < 3; i++) {
        s.ingest(FlowGenerator.builder().seed(40 + i).build().ndjson(2000), "flows-" + i);
        s.ingest(AuditGenerator.builder().seed(40 + i).build().ndjson(50), "audit-" + i);
        s.ingest(("{\"eventType\":\"x.Unknown\",\"n\":" + i + "}\n{\"cut").getBytes(StandardCharsets.UTF_8), "bad-" + i);
        clock.advance(Duration.ofMinutes(5));
      }
      s.flowLogs().create(CrashMatrixTest.flowLog(1));
      s.flowLogs().create(CrashMatrixTest.flowLog(2));
      FlowStore.engineOf(s).segments().awaitMaintenance();
    }
    try (FlowStore s = open(pristine)) {
      expected = answers(s);
    }
    assertThat(expected.flows()).isEqualTo(6000);
  }

  static Answers answers(FlowStore s) {
    long[] hash = {0};
    long[] rejects = {0};
    long[] over = {0};
    long scanned = s.scan(v -> {
      hash[0] += v.string(FlowField.EVENT_ID).hashCode();
      if ("REJECT".equals(v.string(FlowField.ACTION))) {
        rejects[0]++;
      }
      if (v.has(FlowField.BYTES) && v.int64(FlowField.BYTES) > 1000) {
        over[0]++;
      }
      return true;
    });
    assertThat(scanned).as("scan agrees with count").isEqualTo(s.count());
    long[] audit = {0};
    s.scanAudit(e -> {
      hash[0] += 31L * e.json().hashCode();
      audit[0]++;
      return true;
    });
    long[] quarantined = {0};
    s.scanQuarantine(q -> {
      hash[0] += 17L * q.rawText().hashCode();
      quarantined[0]++;
    });
    List<String> logs = new ArrayList<>();
    s.flowLogs().list().forEach(f -> logs.add(f.id() + "=" + f.name()));
    return new Answers(scanned, audit[0], quarantined[0], hash[0], rejects[0], over[0], String.join(",", logs));
  }

  static Stream<Integer> trials() {
    return IntStream.range(0, TRIALS).boxed();
  }

  @ParameterizedTest(name = "trial {0}")
  @MethodSource("trials")
  void shouldRepairOrRefuseButNeverAnswerWrongly(int trial) throws Exception {
    SplittableRandom r = new SplittableRandom(9000 + trial);
    Path dir = base.resolve("t" + trial);
    copy(pristine, dir);
    List<Path> files;
    try (Stream<Path> w = Files.walk(dir)) {
      files = w.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("lock"))
          .sorted(Comparator.naturalOrder()).toList();
    }
    Path victim = files.get(r.nextInt(files.size()));
    Damage damage = Damage.values()[r.nextInt(Damage.values().length)];
    boolean oldestCycle = damage == Damage.DELETE && victim.getFileName().toString().endsWith(".cq4")
        && victim.equals(firstCycleFile(victim.getParent()));
    String where = damage(victim, damage, r);
    String what = dir.relativize(victim) + " " + damage + " " + where;
    String outcome;
    try (FlowStore s = open(dir)) {
      Answers got = answers(s);
      if (got.equals(expected)) {
        outcome = "repaired or unharmed";
      } else if (oldestCycle) {
        // retention by hand: the oldest cycle of a stream goes, whole; the rest is untouched
        String stream = victim.getParent().getFileName().toString();
        assertThat(got.flows()).as(what).isEqualTo(stream.equals("flows") ? got.flows() : expected.flows());
        assertThat(got.audit()).as(what).isEqualTo(stream.equals("audit") ? got.audit() : expected.audit());
        assertThat(got.quarantined()).as(what).isEqualTo(stream.equals("quarantine") ? got.quarantined() : expected.quarantined());
        assertThat(stream.equals("flows") ? got.flows() : stream.equals("audit") ? got.audit() : got.quarantined())
            .as(what).isLessThan(stream.equals("flows") ? expected.flows() : stream.equals("audit") ? expected.audit()
                : expected.quarantined());
        assertThat(s.verify().problems()).as(what).isEmpty();
        outcome = "oldest cycle dropped whole (retention by hand)";
      } else {
        // a missing piece may only be missing if the store says so: it never does silently
        throw new AssertionError("wrong answers after " + what + ": expected " + expected + " but got " + got);
      }
    } catch (CorruptStoreException e) {
      assertThat(e.getMessage()).as(what).containsAnyOf(victim.getFileName().toString(), victim.getParent().getFileName().toString());
      outcome = "refused: CorruptStoreException";
    } catch (FlowStoreException e) {
      assertThat(e.getMessage()).as(what).containsAnyOf(victim.getFileName().toString(), victim.getParent().getFileName().toString());
      outcome = "refused: " + e.getClass().getSimpleName();
    }
    String category = category(victim);
    OUTCOMES.merge(category + " " + damage + ": " + outcome, 1, Integer::sum);
    System.out.println("corruption " + trial + ": " + what + " -> " + outcome);
    if (trial == TRIALS - 1) {
      new TreeMap<>(OUTCOMES).forEach((k, v) -> System.out.println("corruption tally: " + k + " x" + v));
    }
  }

  static Path firstCycleFile(Path streamDir) throws IOException {
    try (Stream<Path> s = Files.list(streamDir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().findFirst().orElse(null);
    }
  }

  static String category(Path f) {
    String n = f.getFileName().toString();
    if (n.endsWith(".cq4") || n.endsWith(".cq4t")) {
      return "queue(" + f.getParent().getFileName() + ")";
    }
    if (n.endsWith(".fsix") || n.endsWith(".fsck") || n.endsWith(".fsdc")) {
      return "index";
    }
    return "config(" + n + ")";
  }

  /** Applies the damage; returns where (offset or length). */
  static String damage(Path f, Damage d, SplittableRandom r) throws IOException {
    long size = Files.size(f);
    switch (d) {
      case DELETE:
        Files.delete(f);
        return "";
      case TRUNCATE: {
        long to = size == 0 ? 0 : usedOffset(f, size, r);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
          raf.setLength(to);
        }
        return "to " + to + " of " + size;
      }
      default: {
        if (size == 0) {
          return "empty";
        }
        long at = usedOffset(f, size, r);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
          raf.seek(at);
          int b = raf.read();
          raf.seek(at);
          raf.write(b ^ (1 << r.nextInt(8)));
        }
        return "at " + at;
      }
    }
  }

  /**
   * An offset within the file's written part: Chronicle preallocates its files, so a flip in the
   * zeros past the end would test nothing; this picks among the non-zero bytes.
   */
  static long usedOffset(Path f, long size, SplittableRandom r) throws IOException {
    long last = 0;
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
      byte[] b = new byte[1 << 20];
      for (long end = size; end > 0 && last == 0; end -= b.length) {
        long from = Math.max(0, end - b.length);
        raf.seek(from);
        raf.readFully(b, 0, (int) (end - from));
        for (int i = (int) (end - from) - 1; i >= 0; i--) {
          if (b[i] != 0) {
            last = from + i;
            break;
          }
        }
      }
    }
    return r.nextLong(last + 1);
  }

  /** Copies a store, keeping Chronicle's preallocated files sparse (a plain copy writes every zero). */
  static void copy(Path from, Path to) throws Exception {
    Process p = new ProcessBuilder("cp", "-a", "--sparse=always", from.toString(), to.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }
}
