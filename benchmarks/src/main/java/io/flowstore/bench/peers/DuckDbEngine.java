package io.flowstore.bench.peers;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * DuckDB (JDBC, a database file in its directory) as a user would load the NDJSON:
 * {@code read_json} with the columns declared, into one typed table with every field (times as
 * {@code TIMESTAMP_NS}, int64 fields as {@code BIGINT}, {@code tcp_flags} from its hex, the
 * resource path as a list of structs, addresses as written plus the IPv4 value and the /24
 * prefix key computed at load, as DuckDB's inet extension is not available offline). Threads:
 * DuckDB's {@code threads} setting, for the load and the queries.
 */
public final class DuckDbEngine extends SqlEngine {
  DuckDbEngine(Path dir) throws Exception {
    super(dir, "jdbc:duckdb:" + dir.resolve("flows.duckdb"));
  }

  @Override
  public String name() {
    return "duckdb";
  }

  private static final String DETAILS = "STRUCT(iface_idx VARCHAR, iface_gen VARCHAR, session VARCHAR, flow_idx VARCHAR,"
      + " action VARCHAR, vers VARCHAR, proto VARCHAR, src_addr VARCHAR, dst_addr VARCHAR, direction VARCHAR,"
      + " reason VARCHAR, nat VARCHAR, src_port VARCHAR, dst_port VARCHAR, agg_start VARCHAR, agg_end VARCHAR,"
      + " packets VARCHAR, bytes VARCHAR, tcp_flags VARCHAR, vm_uuid VARCHAR, subnet_id VARCHAR, folder_id VARCHAR)";

  /** The top 24 bits of an address column as a number, IPv4 and IPv6 apart by the key's sign bit. */
  private static String prefix24(String a) {
    return "CASE WHEN strpos(" + a + ", ':') = 0 THEN"
        + " split_part(" + a + ", '.', 1)::BIGINT * 65536 + split_part(" + a + ", '.', 2)::BIGINT * 256"
        + " + split_part(" + a + ", '.', 3)::BIGINT"
        + " ELSE -1 - (coalesce(nullif(('0x' || split_part(" + a + ", ':', 1)), '0x')::BIGINT, 0) * 256"
        + " + coalesce(nullif(('0x' || split_part(" + a + ", ':', 2)), '0x')::BIGINT, 0) // 256) END";
  }

  private static String ipv4(String a) {
    return "CASE WHEN strpos(" + a + ", ':') = 0 THEN split_part(" + a + ", '.', 1)::BIGINT * 16777216"
        + " + split_part(" + a + ", '.', 2)::BIGINT * 65536 + split_part(" + a + ", '.', 3)::BIGINT * 256"
        + " + split_part(" + a + ", '.', 4)::BIGINT END";
  }

  @Override
  public long ingest(PeerWorkload w, int threads) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("CREATE TABLE flows AS SELECT event_id, event_source, event_type,"
          + " CAST(event_time AS TIMESTAMP_NS) AS event_time, resource_metadata.path AS path, event_status,"
          + " CAST(details.iface_idx AS BIGINT) AS iface_idx, CAST(details.iface_gen AS BIGINT) AS iface_gen,"
          + " CAST(details.session AS BIGINT) AS session, CAST(details.flow_idx AS BIGINT) AS flow_idx,"
          + " details.action AS action, CAST(details.vers AS BIGINT) AS vers, CAST(details.proto AS BIGINT) AS proto,"
          + " details.src_addr AS src_addr, details.dst_addr AS dst_addr, details.direction AS direction,"
          + " details.reason AS reason, details.nat AS nat, CAST(details.src_port AS BIGINT) AS src_port,"
          + " CAST(details.dst_port AS BIGINT) AS dst_port, CAST(details.agg_start AS TIMESTAMP_NS) AS agg_start,"
          + " CAST(details.agg_end AS TIMESTAMP_NS) AS agg_end, CAST(details.packets AS BIGINT) AS packets,"
          + " CAST(details.bytes AS BIGINT) AS bytes, CAST(details.tcp_flags AS BIGINT) AS tcp_flags,"
          + " details.vm_uuid AS vm_uuid, details.subnet_id AS subnet_id, details.folder_id AS folder_id,"
          + " " + ipv4("details.src_addr") + " AS src_ip4,"
          + " " + prefix24("details.src_addr") + " AS src_prefix24"
          + " FROM read_json('" + w.ndjson.toString().replace("'", "''") + "', format = 'newline_delimited',"
          + " columns = {event_id: 'VARCHAR', event_source: 'VARCHAR', event_type: 'VARCHAR', event_time: 'VARCHAR',"
          + " resource_metadata: 'STRUCT(path STRUCT(resource_type VARCHAR, resource_id VARCHAR, resource_name VARCHAR)[])',"
          + " event_status: 'VARCHAR', details: '" + DETAILS + "'})");
      s.execute("CHECKPOINT");
    }
    return count("SELECT count(*) FROM flows");
  }

  @Override
  public void queryThreads(int n) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET threads = " + n);
    }
  }

  @Override
  public long q6(PeerWorkload w) throws SQLException {
    return count("SELECT count(*) FROM flows WHERE event_time >= '" + w.hour.toString().replace("Z", "")
        + "'::TIMESTAMP_NS AND event_time < '" + w.hourEnd().toString().replace("Z", "")
        + "'::TIMESTAMP_NS AND action = 'REJECT'");
  }

  @Override
  public List<Answers.KeySum> q7(PeerWorkload w) throws SQLException {
    return top("SELECT src_prefix24, sum(bytes) AS b FROM flows WHERE src_prefix24 IS NOT NULL"
        + " GROUP BY src_prefix24 ORDER BY b DESC LIMIT 10", r -> {
          long k = Long.parseLong(string(r));
          return k >= 0 ? Answers.v4Prefix(k) : Answers.v6Prefix(-1 - k);
        });
  }
}
