package io.flowstore.bench.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite (xerial JDBC, a database file in its directory) as a user would load it: each line
 * parsed with jackson-core into a typed row ({@link PeerRow}), inserted in batches through one
 * prepared statement in one transaction, then indexes on subnet_id, action and direction.
 * SQLite has one writer, so it ingests on one thread whatever the thread count.
 */
public final class SqliteEngine implements PeerEngine {
  private final Path dir;
  private final Connection c;

  SqliteEngine(Path dir) throws Exception {
    this.dir = dir;
    Files.createDirectories(dir);
    this.c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("flows.db"));
  }

  @Override
  public String name() {
    return "sqlite";
  }

  private static final String[] COLUMNS = {"event_id TEXT", "event_source TEXT", "event_type TEXT",
    "event_time INTEGER", "path TEXT", "event_status TEXT", "iface_idx INTEGER", "iface_gen INTEGER",
    "session INTEGER", "flow_idx INTEGER", "action TEXT", "vers INTEGER", "proto INTEGER", "src_addr TEXT",
    "dst_addr TEXT", "direction TEXT", "reason TEXT", "nat TEXT", "src_port INTEGER", "dst_port INTEGER",
    "agg_start INTEGER", "agg_end INTEGER", "packets INTEGER", "bytes INTEGER", "tcp_flags INTEGER",
    "vm_uuid TEXT", "subnet_id TEXT", "folder_id TEXT", "src_ip4 INTEGER", "src_prefix24 TEXT"};

  @Override
  public long ingest(PeerWorkload w, int threads) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute("CREATE TABLE flows (" + String.join(", ", COLUMNS) + ")");
    }
    c.setAutoCommit(false);
    String marks = "?" + ", ?".repeat(COLUMNS.length - 1);
    long[] n = {0};
    try (PreparedStatement p = c.prepareStatement("INSERT INTO flows VALUES (" + marks + ")")) {
      PeerRow.read(w.ndjson, 0, Long.MAX_VALUE, r -> {
        try {
          Object[] v = {r.eventId, r.eventSource, r.eventType, r.eventTime, r.path, r.eventStatus, r.ifaceIdx,
            r.ifaceGen, r.session, r.flowIdx, r.action, r.vers, r.proto, r.srcAddr, r.dstAddr, r.direction, r.reason,
            r.nat, r.srcPort, r.dstPort, r.aggStart, r.aggEnd, r.packets, r.bytes, r.tcpFlags, r.vmUuid, r.subnetId,
            r.folderId, r.srcIp4, r.srcPrefix24};
          for (int i = 0; i < v.length; i++) {
            if (v[i] == null) {
              p.setNull(i + 1, COLUMNS[i].endsWith("INTEGER") ? Types.BIGINT : Types.VARCHAR);
            } else if (v[i] instanceof Long l) {
              p.setLong(i + 1, l);
            } else {
              p.setString(i + 1, (String) v[i]);
            }
          }
          p.addBatch();
          if (++n[0] % 10_000 == 0) {
            p.executeBatch();
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      p.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE INDEX flows_subnet ON flows (subnet_id)");
      s.execute("CREATE INDEX flows_action ON flows (action)");
      s.execute("CREATE INDEX flows_direction ON flows (direction)");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return count("SELECT count(*) FROM flows");
  }

  @Override
  public long bytesOnDisk() throws Exception {
    return io.flowstore.bench.Benchmarks.bytesBelow(dir);
  }

  private long count(String sql, Object... args) throws SQLException {
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
        + " ORDER BY b DESC, dst_addr LIMIT 10", true);
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
  public long q6(PeerWorkload w) throws SQLException {
    long from = w.hour.getEpochSecond() * 1_000_000_000L;
    return count("SELECT count(*) FROM flows WHERE event_time >= ? AND event_time < ? AND action = 'REJECT'",
        from, from + 3_600_000_000_000L);
  }

  @Override
  public List<Answers.KeySum> q7(PeerWorkload w) throws SQLException {
    return top("SELECT src_prefix24, sum(bytes) AS b FROM flows GROUP BY src_prefix24 ORDER BY b DESC LIMIT 10", false);
  }

  private List<Answers.KeySum> top(String sql, boolean address) throws SQLException {
    List<Answers.KeySum> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(new Answers.KeySum(address ? Answers.address(r.getString(1)) : r.getString(1), r.getLong(2)));
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
