package io.flowstore;

import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipInputTest {
  @TempDir
  Path dir;

  @Test
  void shouldReadGzipFilesAndConcatenatedMembers() throws IOException {
    FlowGenerator gen = FlowGenerator.builder().seed(8).build();
    byte[] a = RoundTripTest.gzip(gen.jsonArray(300));
    byte[] b = RoundTripTest.gzip(gen.ndjson(200));
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    Path f = dir.resolve("041238068.json.gz");
    Files.write(f, both);
    try (FlowStore store = FlowStore.open(dir.resolve("store"))) {
      IngestResult r = store.ingest(f);
      assertThat(r.accepted()).isEqualTo(500);
      assertThat(r.quarantined()).isZero();
    }
  }

  @Test
  void shouldKeepWhatPrecedesTheCutOfATruncatedGzipStream() throws IOException {
    byte[] json = FlowGenerator.builder().seed(8).build().ndjson(2000);
    byte[] gz = RoundTripTest.gzip(json);
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(cut, "cut.gz");
      assertThat(r.accepted()).isBetween(500L, 1500L);
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(r.errors().get(0).reason()).isEqualTo("truncated compressed input: the gzip stream ends early");
      assertThat(r.errors().get(0).ordinal()).isEqualTo(r.accepted() + 1);
    }
  }

  @Test
  void shouldRefuseCorruptCompressedData() throws IOException {
    byte[] gz = RoundTripTest.gzip(FlowGenerator.builder().seed(8).build().ndjson(2000));
    for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
      gz[i] ^= 0x5A;
    }
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(gz, "corrupt.gz");
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(r.errors().get(0).reason()).startsWith("corrupt compressed input: detail=");
      assertThat(store.count()).isEqualTo(r.accepted());
    }
  }

  @Test
  void shouldStopAGzipBombAtTheRatioLimit() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        gz.write(zeros); // 200 MB of zeros compress to about 200 KB
      }
    }
    try (FlowStore store = FlowStore.open(dir)) {
      IngestResult r = store.ingest(out.toByteArray(), "bomb.gz");
      assertThat(r.accepted()).isZero();
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(r.errors().get(0).reason()).startsWith("compression ratio limit exceeded: decompressed=");
    }
  }

  @Test
  void shouldStopAtTheDecompressedSizeLimit() throws IOException {
    byte[] gz = RoundTripTest.gzip(FlowGenerator.builder().seed(8).build().ndjson(3000));
    try (FlowStore store = FlowStore.builder(dir).maxDecompressedSize(1_000_000).open()) {
      IngestResult r = store.ingest(gz, "big.gz");
      assertThat(r.accepted()).isBetween(1000L, 1200L);
      assertThat(r.errors()).extracting(IngestError::reason)
          .containsExactly("decompressed size limit exceeded: limit=1000000");
    }
  }
}
