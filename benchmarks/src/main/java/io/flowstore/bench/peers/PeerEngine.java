package io.flowstore.bench.peers;

import java.nio.file.Path;

/**
 * One engine of the comparison, on its own directory: ingests the workload's NDJSON, then
 * answers the seven queries. Implementations are real libraries doing what a user of each would
 * do (see each class). Not thread-safe.
 */
public interface PeerEngine extends AutoCloseable {
  /** The engines of the comparison. */
  java.util.List<String> ALL = java.util.List.of("flowstore", "duckdb", "lucene", "sqlite");

  /** flowstore, duckdb, lucene, sqlite. */
  String name();

  /** Ingests the workload's file with {@code threads} threads; returns the events stored. */
  long ingest(PeerWorkload w, int threads) throws Exception;

  /** The threads the engine's queries may use (only DuckDB runs one query on several). */
  default void queryThreads(int n) throws Exception {}

  /** Opens what an earlier {@link #ingest} left in the directory, for querying. */
  default void attach() throws Exception {}

  /** Bytes the engine's files take on disk after ingest. */
  long bytesOnDisk() throws Exception;

  long q1(PeerWorkload w) throws Exception;

  long q2(PeerWorkload w) throws Exception;

  long q3(PeerWorkload w) throws Exception;

  java.util.List<Answers.KeySum> q4(PeerWorkload w) throws Exception;

  java.util.List<String> q5(PeerWorkload w) throws Exception;

  long q6(PeerWorkload w) throws Exception;

  java.util.List<Answers.KeySum> q7(PeerWorkload w) throws Exception;

  /** Every answer, for the agreement test. */
  default Answers answers(PeerWorkload w) throws Exception {
    return new Answers(q1(w), q2(w), q3(w), Answers.sorted(q4(w)), q5(w), q6(w), Answers.sorted(q7(w)));
  }

  /** Opens engine {@code name} on {@code dir} (created, empty). */
  static PeerEngine open(String name, Path dir) throws Exception {
    switch (name) {
      case "flowstore":
        return new FlowstoreEngine(dir);
      case "duckdb":
        return new DuckDbEngine(dir);
      case "sqlite":
        return new SqliteEngine(dir);
      case "lucene":
        return new LuceneEngine(dir);
      default:
        throw new IllegalArgumentException("unknown engine: " + name + " (flowstore, duckdb, sqlite, lucene)");
    }
  }

  @Override
  void close() throws java.io.IOException, java.sql.SQLException;
}
