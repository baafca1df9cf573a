package io.flowstore;

import io.flowstore.testing.IdBatches;
import io.flowstore.testing.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL a child JVM in the middle of ingest, reopen, verify: the store opens, {@code verify()}
 * finds every index consistent with the records, every event whose ingest call returned is
 * there exactly once, no record fails its checksum, ingest goes on.
 */
class CrashTest {
  @TempDir
  Path dir;

  /** The child: ingests batches with known event ids and prints each acknowledged batch number. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path store = Path.of(args[0]);
      int firstBatch = Integer.parseInt(args[1]);
      try (FlowStore s = open(store)) {
        System.out.println("open " + s.count());
        System.out.flush();
        for (int b = firstBatch; ; b++) {
          s.ingest(batch(b), "batch-" + b);
          System.out.println("ack " + b);
          System.out.flush();
        }
      }
    }
  }

  static final int PER_BATCH = 500;

  /** Small segments and frequent checkpoints, so that kills land during sealing and checkpointing too. */
  static FlowStore open(Path store) {
    return FlowStore.builder(store).maxSegmentRows(4000).checkpointInterval(java.time.Duration.ofMillis(50)).open();
  }

  /** Batch {@code b}: events whose eventId is {@code b-i}, so the parent knows every id. */
  static byte[] batch(int b) {
    return IdBatches.batch(b, PER_BATCH, b);
  }

  @Test
  void shouldKeepEveryAcknowledgedEventThroughRepeatedKills() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    int nextBatch = 0;
    Set<Integer> acknowledged = new HashSet<>();
    for (int kill = 0; kill < 8; kill++) {
      Process child = new ProcessBuilder(Jvm.command(Child.class, true, dir.toString(), Integer.toString(nextBatch)))
          .redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int acks = 0;
      int wanted = 1 + random.nextInt(6);
      String line;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        if (line.startsWith("ack ")) {
          acknowledged.add(Integer.parseInt(line.substring(4)));
          if (++acks >= wanted) {
            Thread.sleep(random.nextInt(40)); // land somewhere inside the next batch
            break;
          }
        }
      }
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acks).as("kill %d: the child acknowledged batches before it was killed", kill).isPositive();
      // acks the child printed after we stopped reading are not counted (we check fewer, never more);
      // batch numbers jump so that a batch the child began after our last read is never repeated
      nextBatch += 1000;
      verify(acknowledged, kill);
    }
  }

  private void verify(Set<Integer> acknowledged, int kill) {
    try (FlowStore store = open(dir)) {
      VerifyReport report = store.verify();
      assertThat(report.problems()).as("kill %d: verify", kill).isEmpty();
      Set<String> ids = new HashSet<>();
      long[] duplicates = {0};
      store.scan(v -> { // every record's checksum is verified by the scan
        if (!ids.add(v.string(FlowField.EVENT_ID))) {
          duplicates[0]++;
        }
        return true;
      });
      assertThat(duplicates[0]).as("kill %d: duplicates", kill).isZero();
      for (int b : acknowledged) {
        for (int i = 0; i < PER_BATCH; i++) {
          assertThat(ids).as("kill %d: acknowledged event %d-%d", kill, b, i).contains(b + "-" + i);
        }
      }
      assertThat(store.count()).isEqualTo(ids.size());
      assertThat(store.ingest(batch(1_000_000 + kill), "after-kill").accepted()).isEqualTo(PER_BATCH);
    }
  }
}
