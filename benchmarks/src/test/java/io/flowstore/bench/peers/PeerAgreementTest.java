package io.flowstore.bench.peers;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every engine answers every query of the comparison the same on the same small data. */
class PeerAgreementTest {
  @TempDir
  static Path dir;
  static PeerWorkload w;
  static Answers expected;

  @BeforeAll
  static void flowstore() throws Exception {
    w = PeerWorkload.create(dir, 30_000, 3);
    try (PeerEngine e = PeerEngine.open("flowstore", dir.resolve("flowstore"))) {
      assertThat(e.ingest(w, 1)).isEqualTo(30_000);
      expected = e.answers(w);
      assertThat(e.bytesOnDisk()).isPositive();
    }
    // the queries are not vacuous on this data
    assertThat(expected.q1()).isPositive();
    assertThat(expected.q2()).isPositive();
    assertThat(expected.q6()).isPositive().isLessThan(30_000 / 10);
    assertThat(expected.q4()).hasSize(10);
    assertThat(expected.q5()).hasSize(100);
    assertThat(expected.q7()).hasSize(10);
  }

  @Test
  void flowstoreWithTwoThreadsAgrees() throws Exception {
    try (PeerEngine e = PeerEngine.open("flowstore", dir.resolve("flowstore-2"))) {
      assertThat(e.ingest(w, 2)).isEqualTo(30_000);
      assertThat(e.answers(w)).isEqualTo(expected);
    }
  }

  @Test
  void sqliteAgrees() throws Exception {
    try (PeerEngine e = PeerEngine.open("sqlite", dir.resolve("sqlite"))) {
      assertThat(e.ingest(w, 1)).isEqualTo(30_000);
      assertThat(e.answers(w)).isEqualTo(expected);
      assertThat(e.bytesOnDisk()).isPositive();
    }
  }

  @Test
  void luceneAgrees() throws Exception {
    for (int threads : new int[] {1, 2}) {
      try (PeerEngine e = PeerEngine.open("lucene", dir.resolve("lucene-" + threads))) {
        assertThat(e.ingest(w, threads)).isEqualTo(30_000);
        assertThat(e.answers(w)).isEqualTo(expected);
        assertThat(e.bytesOnDisk()).isPositive();
      }
    }
  }

  @Test
  void duckdbAgrees() throws Exception {
    for (int threads : new int[] {1, 2}) {
      try (PeerEngine e = PeerEngine.open("duckdb", dir.resolve("duckdb-" + threads))) {
        assertThat(e.ingest(w, threads)).isEqualTo(30_000);
        assertThat(e.answers(w)).isEqualTo(expected);
        assertThat(e.bytesOnDisk()).isPositive();
      }
    }
  }
}
