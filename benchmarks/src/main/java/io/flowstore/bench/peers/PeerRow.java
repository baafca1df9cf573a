package io.flowstore.bench.peers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowstore.IpAddress;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One ExternalFlow event as the row the SQL and Lucene peers store: every field typed (int64
 * fields as longs, times as ns since 1970, {@code tcp_flags} from hex), the path as its JSON
 * text, the source line kept; plus what a user would compute at load for the queries: the
 * source address's IPv4 value and its /24 prefix key. Read with jackson-core, as such a user
 * would. Not thread-safe.
 */
final class PeerRow {
  String line;
  String eventId;
  String eventSource;
  String eventType;
  long eventTime;
  String path;
  String eventStatus;
  Long ifaceIdx;
  Long ifaceGen;
  Long session;
  Long flowIdx;
  String action;
  Long vers;
  Long proto;
  String srcAddr;
  String dstAddr;
  String direction;
  String reason;
  String nat;
  Long srcPort;
  Long dstPort;
  Long aggStart;
  Long aggEnd;
  Long packets;
  Long bytes;
  Long tcpFlags;
  String vmUuid;
  String subnetId;
  String folderId;
  /** The source address, parsed. */
  IpAddress srcIp;
  /** The IPv4 source address as an unsigned value, or null (IPv6). */
  Long srcIp4;
  /** The /24 prefix of the source address in flowstore's text. */
  String srcPrefix24;

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Reads the lines of {@code in} into rows, handing each to {@code sink}; returns how many. */
  static long read(java.io.InputStream in, Consumer<PeerRow> sink) throws IOException {
    BufferedReader r = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String line;
    PeerRow row = new PeerRow();
    long n = 0;
    while ((line = r.readLine()) != null) {
      if (!line.isBlank()) {
        row.parse(line);
        sink.accept(row);
        n++;
      }
    }
    return n;
  }

  void parse(String json) throws IOException {
    line = json;
    eventId = eventSource = eventType = path = eventStatus = action = srcAddr = dstAddr = direction = null;
    reason = nat = vmUuid = subnetId = folderId = srcPrefix24 = null;
    ifaceIdx = ifaceGen = session = flowIdx = vers = proto = srcPort = dstPort = aggStart = aggEnd = null;
    packets = bytes = tcpFlags = srcIp4 = null;
    srcIp = null;
    eventTime = 0;
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "event_id" -> eventId = p.getText();
          case "event_source" -> eventSource = p.getText();
          case "event_type" -> eventType = p.getText();
          case "event_time" -> eventTime = nanos(p.getText());
          case "event_status" -> eventStatus = p.getText();
          case "resource_metadata" -> path = resourcePath(p);
          case "details" -> details(p);
          default -> p.skipChildren();
        }
      }
    }
    if (srcAddr != null) {
      IpAddress a = srcIp = IpAddress.parse(srcAddr);
      if (a.isV4()) {
        srcIp4 = a.low() & 0xFFFF_FFFFL;
        srcPrefix24 = Answers.v4Prefix(srcIp4 >>> 8);
      } else {
        srcPrefix24 = Answers.v6Prefix(a.high() >>> 40);
      }
    }
  }

  private static String resourcePath(JsonParser p) throws IOException {
    // the resource metadata as compact JSON text, as a user would keep a nested list in one column
    io.flowstore.internal.text.CharBuf out = new io.flowstore.internal.text.CharBuf(256);
    io.flowstore.internal.json.JsonCopier.copyValue(p, out);
    return out.toString();
  }

  private void details(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      String v = p.getText();
      switch (name) {
        case "iface_idx" -> ifaceIdx = Long.parseLong(v);
        case "iface_gen" -> ifaceGen = Long.parseLong(v);
        case "session" -> session = Long.parseUnsignedLong(v);
        case "flow_idx" -> flowIdx = Long.parseLong(v);
        case "action" -> action = v;
        case "vers" -> vers = Long.parseLong(v);
        case "proto" -> proto = Long.parseLong(v);
        case "src_addr" -> srcAddr = v;
        case "dst_addr" -> dstAddr = v;
        case "direction" -> direction = v;
        case "reason" -> reason = v;
        case "nat" -> nat = v;
        case "src_port" -> srcPort = Long.parseLong(v);
        case "dst_port" -> dstPort = Long.parseLong(v);
        case "agg_start" -> aggStart = nanos(v);
        case "agg_end" -> aggEnd = nanos(v);
        case "packets" -> packets = Long.parseLong(v);
        case "bytes" -> bytes = Long.parseLong(v);
        case "tcp_flags" -> tcpFlags = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        case "vm_uuid" -> vmUuid = v;
        case "subnet_id" -> subnetId = v;
        case "folder_id" -> folderId = v;
        default -> p.skipChildren();
      }
    }
  }

  static long nanos(String rfc3339) {
    Instant t = Instant.parse(rfc3339);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
