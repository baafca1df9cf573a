package io.flowstore.reliability;

import io.flowstore.FlowField;
import io.flowstore.FlowLog;
import io.flowstore.FlowStore;
import io.flowstore.RollPeriod;
import io.flowstore.VerifyReport;
import io.flowstore.internal.CrashPoints;
import io.flowstore.testing.IdBatches;
import io.flowstore.testing.Jvm;
import io.flowstore.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash matrix: a child JVM ingests, rolls cycles, seals segments, checkpoints indexes,
 * applies retention and writes flow log configurations, all at once and quickly, and dies by
 * SIGKILL at a chosen step ({@link CrashPoints}: the N-th time it reaches an append, a roll,
 * a seal, a checkpoint, a retention delete or a flow log write, N drawn at random). After
 * each of the {@value #ROUNDS_PER_POINT} kills per step the parent reopens the store and checks:
 * {@code verify()} finds every index consistent with the records, every record passes its
 * checksum, every acknowledged event is there exactly once (unless retention had expired its
 * cycle), every acknowledged flow log is there, and ingest resumes.
 */
class CrashMatrixTest {
  static final int ROUNDS_PER_POINT = 9;
  static final int PER_BATCH = 400;
  /** Clock time per batch: a five-minute cycle holds 2.5 batches, so rolls come often. */
  static final Duration STEP = Duration.ofMinutes(2);
  static final Duration RETAIN = Duration.ofMinutes(30);
  static final Instant START = Instant.parse("2025-11-21T00:00:00Z");

  @TempDir
  Path dir;

  static FlowStore open(Path store, ManualClock clock, boolean retention) {
    FlowStore.Builder b = FlowStore.builder(store).rollPeriod(RollPeriod.FIVE_MINUTES).clock(clock).maxSegmentRows(4096)
        .checkpointInterval(Duration.ofMillis(20)).checkpointEveryEvents(250);
    if (retention) {
      b.retainFor(RETAIN);
    }
    return b.open();
  }

  /**
   * The child: each step moves its clock by {@link #STEP}, ingests batch {@code b}, applies
   * retention, prints {@code ack b millis}; every third batch it also creates a flow log and
   * prints {@code log id}. It runs until the crash point kills it.
   */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path store = Path.of(args[0]);
      int batch = Integer.parseInt(args[1]);
      ManualClock clock = new ManualClock(Instant.ofEpochMilli(Long.parseLong(args[2])));
      try (FlowStore s = open(store, clock, true)) {
        System.out.println("open " + s.count());
        System.out.flush();
        for (int i = 0; ; i++, batch++) {
          clock.advance(STEP);
          s.ingest(batch(batch), "batch-" + batch);
          System.out.println("ack " + batch + " " + clock.millis());
          System.out.flush();
          s.applyRetention();
          if (i % 3 == 0) {
            FlowLog f = s.flowLogs().create(flowLog(batch));
            System.out.println("log " + f.id() + " " + f.name());
            System.out.flush();
          }
        }
      }
    }
  }

  static String flowLog(int b) {
    String port = String.format("%08x-0000-4000-8000-%012x", b, b);
    return "{\"flow_log\": {\"name\": \"log-" + b + "\", \"resource_type\": \"port\", \"resource_id\": \"" + port
        + "\", \"traffic_type\": \"all\", \"log_group_id\": \"05c4052d-8d14-488f-aa00-19fea5a25fdd\","
        + " \"log_topic_id\": \"a9d7dee7-37d2-4cba-a208-a016252aaa63\"}}";
  }

  /** Batch {@code b}: events whose eventId is {@code b-i}, so the parent knows every id. */
  static byte[] batch(int b) {
    return IdBatches.batch(b, PER_BATCH, b % 16);
  }

  /** How far into its run each step kills the child: the N-th time it reaches the point, N in [1, max]. */
  static final Map<String, Integer> POINTS = new LinkedHashMap<>();

  static {
    POINTS.put(CrashPoints.APPEND, 6000);
    POINTS.put(CrashPoints.ROLL, 4);
    POINTS.put(CrashPoints.SEAL, 4);
    POINTS.put(CrashPoints.CHECKPOINT, 12);
    POINTS.put(CrashPoints.RETENTION, 2);
    POINTS.put(CrashPoints.FLOW_LOG, 4);
  }

  @Test
  void shouldSurviveASigkillAtEveryStepThatMustBeCrashSafe() throws Exception {
    SplittableRandom random = new SplittableRandom(2026);
    Map<Integer, Long> acked = new HashMap<>(); // batch -> clock millis when it was stored
    Map<String, String> logs = new HashMap<>(); // flow log id -> name
    int nextBatch = 0;
    long lastMillis = START.toEpochMilli();
    int kills = 0;
    List<String> schedule = new ArrayList<>();
    for (int round = 0; round < ROUNDS_PER_POINT; round++) {
      schedule.addAll(POINTS.keySet());
    }
    for (String point : schedule) {
      int n = 1 + random.nextInt(POINTS.get(point));
      long t0 = System.nanoTime();
      List<String> cmd = Jvm.command(Child.class, true, dir.toString(), Integer.toString(nextBatch),
          Long.toString(lastMillis));
      cmd.add(1, "-Dflowstore.crashAt=" + point + ":" + n);
      cmd.add(1, "-XX:TieredStopAtLevel=1"); // short-lived children: quick start beats peak speed
      cmd.add(1, "-XX:+UseSerialGC");
      Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      // a child that never reaches its point is killed too, and the assertion below names it
      java.util.concurrent.CompletableFuture.delayedExecutor(90, TimeUnit.SECONDS).execute(child::destroyForcibly);
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> tail = new ArrayList<>();
      String line;
      boolean crashed = false;
      while ((line = out.readLine()) != null) { // until the child is dead: every ack it printed is read
        if (line.startsWith("ack ")) {
          String[] w = line.split(" ");
          acked.put(Integer.parseInt(w[1]), Long.parseLong(w[2]));
          nextBatch = Math.max(nextBatch, Integer.parseInt(w[1]) + 1);
          lastMillis = Math.max(lastMillis, Long.parseLong(w[2]));
        } else if (line.startsWith("log ")) {
          String[] w = line.split(" ");
          logs.put(w[1], w[2]);
        } else if (line.equals("crashpoint " + point)) {
          crashed = true;
        } else if (!line.startsWith("open ")) {
          tail.add(line);
        }
      }
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child ended").isTrue();
      assertThat(crashed).as("kill %d at %s:%d; child said %s", kills, point, n, tail).isTrue();
      assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL
      kills++;
      nextBatch += 10; // a batch the child began but did not acknowledge is never reused
      lastMillis += STEP.toMillis();
      long t1 = System.nanoTime();
      lastMillis = check(acked, logs, kills, point, nextBatch++, lastMillis);
      assertThat((System.nanoTime() - t1) / 1_000_000).as("kill %d at %s: reopen and check took too long", kills, point)
          .isLessThan(15_000);
      System.out.printf("crash matrix: kill %d at %s:%d after %d acknowledged batches; child %d ms, check %d ms%n",
          kills, point, n, acked.size(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }
    assertThat(kills).isGreaterThanOrEqualTo(50);
  }

  /**
   * Reopens and checks the store after a kill; ingests one batch to show ingest resumes (it
   * counts as acknowledged from then on). Returns the clock time of that batch.
   */
  private long check(Map<Integer, Long> acked, Map<String, String> logs, int kill, String point, int resumeBatch,
      long millis) {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(millis));
    try (FlowStore store = open(dir, clock, false)) {
      VerifyReport report = store.verify();
      assertThat(report.problems()).as("kill %d at %s: verify", kill, point).isEmpty();
      Map<Integer, Integer> perBatch = new HashMap<>();
      Set<String> ids = new HashSet<>();
      long[] duplicates = {0};
      store.scan(v -> { // the scan verifies every record's checksum
        String id = v.string(FlowField.EVENT_ID);
        if (!ids.add(id)) {
          duplicates[0]++;
        }
        perBatch.merge(Integer.parseInt(id.substring(0, id.indexOf('-'))), 1, Integer::sum);
        return true;
      });
      assertThat(duplicates[0]).as("kill %d at %s: duplicates", kill, point).isZero();
      assertThat(store.count()).as("kill %d at %s: count", kill, point).isEqualTo(ids.size());
      // retention may have dropped the cycles that ended RETAIN before the child's clock, never later ones
      long expiredBefore = millis - RETAIN.toMillis();
      long cycle = RollPeriod.FIVE_MINUTES.millis();
      for (Map.Entry<Integer, Long> a : acked.entrySet()) {
        long cycleEnd = Math.floorDiv(a.getValue(), cycle) * cycle + cycle;
        int found = perBatch.getOrDefault(a.getKey(), 0);
        if (cycleEnd > expiredBefore) {
          assertThat(found).as("kill %d at %s: acknowledged batch %d", kill, point, a.getKey()).isEqualTo(PER_BATCH);
        } else {
          assertThat(found).as("kill %d at %s: expired batch %d whole or gone", kill, point, a.getKey())
              .isIn(0, PER_BATCH);
        }
      }
      for (Map.Entry<String, String> l : logs.entrySet()) {
        assertThat(store.flowLogs().show(l.getKey()).name()).as("kill %d at %s: flow log", kill, point)
            .isEqualTo(l.getValue());
      }
      assertThat(store.ingest(batch(resumeBatch), "after-kill").accepted()).isEqualTo(PER_BATCH);
      acked.put(resumeBatch, millis);
    }
    return millis;
  }
}
