package io.flowstore.bench.peers;

import io.flowstore.bench.Benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the SQL peers share: one JDBC connection to a database file in the engine's directory,
 * a table {@code flows} with the same column names, and the queries whose SQL is the same in
 * both. Q6 (times) and Q7 (the prefix key) differ per engine.
 */
abstract class SqlEngine implements PeerEngine {
  final Path dir;
  final Connection c;

  SqlEngine(Path dir, String url) throws Exception {
    this.dir = dir;
    Files.createDirectories(dir);
    this.c = DriverManager.getConnection(url);
  }

  @Override
  public long bytesOnDisk() {
    return Benchmarks.bytesBelow(dir);
  }

  long count(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The rows of a (key, sum) query, the key turned into flowstore's text by {@code key}. */
  List<Answers.KeySum> top(String sql, Function<ResultSet, String> key) throws SQLException {
    List<Answers.KeySum> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(new Answers.KeySum(key.apply(r), r.getLong(2)));
      }
    }
    return out;
  }

  static String string(ResultSet r) {
    try {
      return r.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public long q1(PeerWorkload w) throws SQLException {
    return count("SELECT count(*) FROM flows WHERE subnet_id = ? AND action = 'REJECT' AND direction = 'INGRESS'",
        w.subnet);
  }

  @Override
  public long q2(PeerWorkload w) throws SQLException {
    return count("SELECT count(*) FROM flows WHERE action = 'REJECT' AND dst_port IN (22, 3389)");
  }

  @Override
  public long q3(PeerWorkload w) throws SQLException {
    return count("SELECT count(*) FROM flows WHERE src_ip4 BETWEEN 167772160 AND 184549375 AND bytes > 1000000");
  }

  @Override
  public List<Answers.KeySum> q4(PeerWorkload w) throws SQLException {
    return top("SELECT dst_addr, sum(bytes) AS b FROM flows WHERE direction = 'EGRESS' GROUP BY dst_addr"
        + " ORDER BY b DESC, dst_addr LIMIT 10", r -> Answers.address(string(r)));
  }

  @Override
  public List<String> q5(PeerWorkload w) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT event_id FROM flows WHERE subnet_id = ? AND action = 'REJECT'"
        + " ORDER BY event_time DESC, event_id LIMIT 100")) {
      p.setString(1, w.subnet);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
