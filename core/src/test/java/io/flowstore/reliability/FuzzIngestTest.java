package io.flowstore.reliability;

import io.flowstore.FlowJsonWriter;
import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.AuditGenerator;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the ingest with a seeded structural mutator (Jazzer's coverage guidance is not used:
 * see the README). Seeds: the real samples in {@code ../shared/data/real} where they are, the
 * generator's flow and audit events in every layout, and the regression corpus in
 * {@code src/test/resources/fuzz-corpus} (inputs that once broke something, kept for good).
 * Each input is ingested into one store; for every input: no exception escapes, it finishes
 * within its time limit, every event is stored or quarantined (the store's counts grow by the
 * result's counts, every quarantine entry has a source, a position and a reason), and what was
 * stored reads back and re-ingests into the same canonical events. Memory is bounded by the
 * ingest limits (this fork runs in the Surefire heap).
 */
class FuzzIngestTest {
  static final int MUTANTS = 4000;
  static final long SEED = 20261207L;
  static final long PER_INPUT_SECONDS = 10;
  static final Path CORPUS = Path.of("src/test/resources/fuzz-corpus");
  static final Path REAL = Path.of("../../shared/data/real");

  @TempDir
  Path dir;

  @Test
  void shouldStoreOrQuarantineEveryEventOfEveryMutatedInput() throws Exception {
    List<byte[]> seeds = seeds();
    List<byte[]> corpus = new ArrayList<>();
    if (Files.isDirectory(CORPUS)) {
      try (Stream<Path> s = Files.list(CORPUS)) {
        for (Path p : s.filter(p -> !p.toString().endsWith(".md")).sorted().toList()) {
          corpus.add(Files.readAllBytes(p));
        }
      }
    }
    assertThat(corpus).as("the regression corpus").hasSizeGreaterThan(10);
    SplittableRandom r = new SplittableRandom(SEED);
    ExecutorService worker = Executors.newSingleThreadExecutor(t -> {
      Thread th = new Thread(t, "fuzz-ingest");
      th.setDaemon(true);
      return th;
    });
    long executions = 0;
    long accepted = 0;
    long quarantined = 0;
    try (FlowStore store = FlowStore.builder(dir.resolve("s")).maxEventSize(1 << 20).maxStringLength(256 * 1024)
        .maxDecompressedSize(64L << 20).open()) {
      List<byte[]> inputs = new ArrayList<>(corpus);
      inputs.addAll(seeds);
      for (int i = 0; i < MUTANTS; i++) {
        inputs.add(Mutator.mutate(seeds.get(r.nextInt(seeds.size())), seeds, r));
      }
      for (int i = 0; i < inputs.size(); i++) {
        byte[] in = inputs.get(i);
        long flowsBefore = store.count() + store.auditCount();
        long quarantineBefore = store.quarantinedCount();
        String source = "fuzz-" + i;
        Future<IngestResult> f = worker.submit(() -> store.ingest(in, source));
        IngestResult res;
        try {
          res = f.get(PER_INPUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError(keep(in, "hang") + ": ingest did not finish in " + PER_INPUT_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
          throw new AssertionError(keep(in, "exception") + ": an exception escaped the ingest", e.getCause());
        }
        executions++;
        accepted += res.accepted();
        quarantined += res.quarantined();
        assertThat(store.count() + store.auditCount() - flowsBefore).as(() -> keep(in, "count")).isEqualTo(res.accepted());
        assertThat(store.quarantinedCount() - quarantineBefore).as(() -> keep(in, "quarantine")).isEqualTo(res.quarantined());
        if (!blank(in)) {
          assertThat(res.accepted() + res.quarantined()).as(() -> keep(in, "nothing")).isPositive();
        }
      }
      long[] bad = {0};
      store.scanQuarantine(q -> {
        if (q.source() == null || q.reason() == null || q.reason().isBlank() || q.error().byteOffset() < 0) {
          bad[0]++;
        }
      });
      assertThat(bad[0]).as("quarantine entries without source, position or reason").isZero();
      // what was stored reads back, and its canonical JSON ingests into the same events
      ByteArrayOutputStream canonical = new ByteArrayOutputStream();
      try (FlowJsonWriter w = new FlowJsonWriter(canonical)) {
        store.scan(v -> {
          w.write(v);
          return true;
        });
      }
      try (FlowStore again = FlowStore.open(dir.resolve("again"))) {
        IngestResult back = again.ingest(canonical.toByteArray(), "canonical");
        assertThat(back.quarantined()).isZero();
        assertThat(back.accepted()).isEqualTo(store.count());
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        try (FlowJsonWriter w = new FlowJsonWriter(twice)) {
          again.scan(v -> {
            w.write(v);
            return true;
          });
        }
        assertThat(twice.toString(StandardCharsets.UTF_8)).isEqualTo(canonical.toString(StandardCharsets.UTF_8));
      }
      assertThat(store.verify().problems()).isEmpty();
    } finally {
      worker.shutdownNow();
    }
    System.out.printf("fuzz: %d executions (%d corpus, %d seeds, %d mutants), %d events stored, %d quarantined%n",
        executions, corpus.size(), seeds.size(), MUTANTS, accepted, quarantined);
  }

  /** Nothing that could be an event: blanks and the brackets and commas of an (unclosed) empty array. */
  private static boolean blank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t' && x != '[' && x != ']' && x != ',') {
        return false;
      }
    }
    return true;
  }

  /** Saves a failing input where the regression corpus can take it; returns a description. */
  private static String keep(byte[] in, String why) {
    try {
      Path out = Path.of("target", "fuzz-failures");
      Files.createDirectories(out);
      Path f = out.resolve(why + "-" + Integer.toHexString(java.util.Arrays.hashCode(in)) + ".bin");
      Files.write(f, in);
      return "input kept in " + f.toAbsolutePath() + " (" + in.length + " bytes)";
    } catch (IOException e) {
      return "input of " + in.length + " bytes (not kept: " + e + ")";
    }
  }

  /** The seed inputs: generated events in each layout, and the real samples where they are. */
  static List<byte[]> seeds() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(FlowGenerator.builder().seed(1).build().ndjson(20));
    seeds.add(FlowGenerator.builder().seed(2).build().jsonArray(20));
    seeds.add(FlowGenerator.builder().seed(3).edgeCases(true).build().ndjson(20));
    seeds.add(AuditGenerator.builder().seed(4).build().ndjson(10));
    seeds.add(gzip(FlowGenerator.builder().seed(5).build().ndjson(10)));
    if (Files.isDirectory(REAL)) {
      try (Stream<Path> s = Files.walk(REAL)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          String n = p.getFileName().toString();
          if ((n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".gz") || n.endsWith(".sample"))
              && Files.size(p) < 256 * 1024) {
            seeds.add(Files.readAllBytes(p));
          }
        }
      }
    }
    return seeds;
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  /** Structural mutations of JSON bytes. */
  static final class Mutator {
    private Mutator() {}

    static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-0", "1e999",
      "99999999999999999999999", "\"\\ud800\"", "\"\\u0000\"", "\\", "\u00ff", "NaN", "\"0x\"", "\"2025-13-45T99:99:99Z\"",
      "\"::ffff:1.2.3.4\"", "\"999.1.1.1\"", "\n", "\r\n", "\uFEFF", "{\"details\":{\"bytes\":{}}}",
      "{\"event_type\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\"}", "[[[[[[[[[[[[[[[[[[[[", "\"\u202e\""};

    static byte[] mutate(byte[] seed, List<byte[]> all, SplittableRandom r) {
      byte[] b = seed;
      int rounds = 1 + r.nextInt(4);
      for (int i = 0; i < rounds; i++) {
        b = once(b, all, r);
      }
      return b;
    }

    private static byte[] once(byte[] b, List<byte[]> all, SplittableRandom r) {
      int n = b.length;
      int at = n == 0 ? 0 : r.nextInt(n);
      switch (r.nextInt(9)) {
        case 0: { // flip a bit
          if (n == 0) {
            return b;
          }
          byte[] c = b.clone();
          c[at] ^= (byte) (1 << r.nextInt(8));
          return c;
        }
        case 1: // delete a range
          return splice(b, at, Math.min(n, at + 1 + r.nextInt(64)), new byte[0]);
        case 2: // duplicate a range
          return splice(b, at, at, slice(b, at, Math.min(n, at + 1 + r.nextInt(256))));
        case 3: // insert a token
          return splice(b, at, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        case 4: // truncate
          return slice(b, 0, at);
        case 5: { // splice another input's tail
          byte[] o = all.get(r.nextInt(all.size()));
          return splice(slice(b, 0, at), at, at, slice(o, o.length == 0 ? 0 : r.nextInt(o.length), o.length));
        }
        case 6: { // replace a value after a colon by a value of another type
          int colon = indexOf(b, (byte) ':', at);
          if (colon < 0) {
            return b;
          }
          int end = colon + 1;
          while (end < n && b[end] != ',' && b[end] != '}') {
            end++;
          }
          return splice(b, colon + 1, end, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        }
        case 7: { // a huge string
          String big = "\"" + "x".repeat(1 + r.nextInt(300_000)) + "\"";
          int colon = indexOf(b, (byte) ':', at);
          return colon < 0 ? b : splice(b, colon + 1, colon + 1, (big + ",\"y\":").getBytes(StandardCharsets.UTF_8));
        }
        default: { // deep nesting
          int depth = 1 + r.nextInt(3000);
          int colon = indexOf(b, (byte) ':', at);
          return colon < 0 ? b : splice(b, colon + 1, colon + 1, ("[".repeat(depth) + "]".repeat(depth) + ",\"z\":")
              .getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    private static int indexOf(byte[] b, byte x, int from) {
      for (int i = from; i < b.length; i++) {
        if (b[i] == x) {
          return i;
        }
      }
      return -1;
    }

    static byte[] slice(byte[] b, int from, int to) {
      return java.util.Arrays.copyOfRange(b, from, Math.max(from, to));
    }

    static byte[] splice(byte[] b, int from, int to, byte[] with) {
      byte[] c = new byte[b.length - (to - from) + with.length];
      System.arraycopy(b, 0, c, 0, from);
      System.arraycopy(with, 0, c, from, with.length);
      System.arraycopy(b, to, c, from + with.length, b.length - to);
      return c;
    }
  }
}
