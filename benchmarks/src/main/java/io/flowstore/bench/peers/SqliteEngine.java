package io.flowstore.bench.peers;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * SQLite (xerial JDBC, a database file in its directory) as a user would load it: each line
 * parsed with jackson-core into a typed row ({@link PeerRow}), inserted in batches through one
 * prepared statement in one transaction, then indexes on subnet_id, action and direction.
 * SQLite has one writer, so it ingests on one thread whatever the thread count.
 */
public final class SqliteEngine extends SqlEngine {
  SqliteEngine(Path dir) throws Exception {
    super(dir, "jdbc:sqlite:" + dir.resolve("flows.db"));
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
    try (PreparedStatement p = c.prepareStatement("INSERT INTO flows VALUES (" + marks + ")");
         java.io.InputStream in = java.nio.file.Files.newInputStream(w.ndjson)) {
      PeerRow.read(in, r -> {
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
  public long q6(PeerWorkload w) throws SQLException {
    long from = w.hour.getEpochSecond() * 1_000_000_000L;
    return count("SELECT count(*) FROM flows WHERE event_time >= ? AND event_time < ? AND action = 'REJECT'",
        from, from + 3_600_000_000_000L);
  }

  @Override
  public List<Answers.KeySum> q7(PeerWorkload w) throws SQLException {
    return top("SELECT src_prefix24, sum(bytes) AS b FROM flows GROUP BY src_prefix24 ORDER BY b DESC LIMIT 10",
        SqlEngine::string);
  }
}
