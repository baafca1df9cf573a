package io.flowstore;

import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code IngestOptions.withThreads(n)}: a file cut into slices and parsed by several threads
 * stores exactly what one thread stores (the same events, the same quarantine) and reports the
 * same errors at the same places in the file; pretty-printed objects are never cut; inputs that
 * cannot be cut (gzip, a JSON array, a small file) are read by one thread.
 */
class ParallelIngestTest {
  @TempDir
  Path dir;

  /** About 5 MiB: NDJSON events, a few pretty-printed ones, bad lines in between. */
  private Path workload() throws IOException {
    String[] lines = new String(FlowGenerator.builder().seed(42).build().ndjson(6_000), StandardCharsets.UTF_8)
        .split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i % 997 == 5) {
        sb.append("{\"eventType\": broken json\n"); // a syntax error: resynced at the next line
      }
      if (i % 1201 == 7) {
        sb.append(lines[i].replace("\"bytes\":\"", "\"bytes\":\"x")).append('\n'); // a wrong value
        continue;
      }
      if (i % 500 == 3) { // pretty-printed over several lines, indented
        sb.append(lines[i].replace(",\"", ",\n   \"").replace("{\"", "{\n   \"")).append("\n\n");
        continue;
      }
      sb.append(lines[i]).append('\n');
    }
    Path file = dir.resolve("flows.ndjson");
    String once = sb.toString();
    Files.writeString(file, once + once); // twice: about 6 MiB
    assertThat(Files.size(file)).isGreaterThan(4L << 20);
    return file;
  }

  private static List<String> ids(FlowStore store) {
    return store.flows().map(e -> e.eventId() + "/" + e.bytes()).sorted().collect(Collectors.toList());
  }

  @Test
  void shouldStoreAndReportExactlyWhatOneThreadDoes() throws IOException {
    Path file = workload();
    long[] cuts = io.flowstore.internal.ingest.FileSlices.cut(file, 4);
    assertThat(cuts).hasSize(5); // really cut in four
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 1; i < 4; i++) { // each slice starts at the line of a new object, after one ended
      int at = (int) cuts[i];
      assertThat(bytes[at - 1]).isEqualTo((byte) '\n');
      assertThat(new String(bytes, at, 40, StandardCharsets.UTF_8).trim()).startsWith("{");
      assertThat(new String(bytes, at - 40, 40, StandardCharsets.UTF_8).trim()).endsWith("}");
    }
    IngestOptions all = IngestOptions.DEFAULT.withMaxReportedErrors(1000);
    try (FlowStore one = FlowStore.open(dir.resolve("one")); FlowStore four = FlowStore.open(dir.resolve("four"))) {
      IngestResult a = one.ingest(file, all);
      IngestResult b = four.ingest(file, all.withThreads(4));
      assertThat(a.accepted()).isGreaterThan(11_000);
      assertThat(a.quarantined()).isGreaterThan(20);
      assertThat(b.accepted()).isEqualTo(a.accepted());
      assertThat(b.quarantined()).isEqualTo(a.quarantined());
      assertThat(b.bytesRead()).isEqualTo(a.bytesRead());
      assertThat(b.errors()).containsExactlyInAnyOrderElementsOf(a.errors());
      assertThat(four.count()).isEqualTo(one.count());
      assertThat(ids(four)).isEqualTo(ids(one));
      assertThat(four.quarantinedCount()).isEqualTo(one.quarantinedCount());
    }
  }

  @Test
  void shouldReadInputsThatCannotBeCutWithOneThread() throws IOException {
    byte[] events = FlowGenerator.builder().seed(43).build().ndjson(3_000);
    Path gz = dir.resolve("flows.ndjson.gz");
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(z)) {
      out.write(events);
    }
    Files.write(gz, z.toByteArray());
    String asArray = "[" + new String(events, StandardCharsets.UTF_8).trim().replace("\n", ",\n") + "]";
    Path array = dir.resolve("flows.json");
    Files.writeString(array, asArray + "\n");
    Path small = dir.resolve("small.ndjson");
    Files.write(small, FlowGenerator.builder().seed(44).build().ndjson(100));
    try (FlowStore store = FlowStore.open(dir.resolve("s"))) {
      assertThat(store.ingest(gz, IngestOptions.DEFAULT.withThreads(4)).accepted()).isEqualTo(3_000);
      assertThat(store.ingest(array, IngestOptions.DEFAULT.withThreads(4)).accepted()).isEqualTo(3_000);
      assertThat(store.ingest(small, IngestOptions.DEFAULT.withThreads(4)).accepted()).isEqualTo(100);
      assertThat(store.count()).isEqualTo(6_100);
    }
  }
}
