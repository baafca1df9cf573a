package io.flowstore.query;

import io.flowstore.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.flowstore.query.Flow.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterParserTest {

  @Test
  void shouldParseTheIssueExample() {
    Condition c = Condition.parse("action = REJECT and dstPort in (22, 3389) and not srcAddr in 10.0.0.0/8");
    assertThat(c).isEqualTo(ACTION.eq("REJECT").and(DST_PORT.in(22, 3389)).and(SRC_ADDR.within("10.0.0.0/8").not()));
    assertThat(c.toString()).isEqualTo("action = REJECT and dstPort in (22, 3389) and not srcAddr in 10.0.0.0/8");
  }

  @Test
  void shouldReadSnakeCaseCamelCaseAndAnyKeywordCase() {
    assertThat(Condition.parse("dst_port = 22 AND Action = REJECT OR NOT subnet_id = 'a b'"))
        .isEqualTo(DST_PORT.eq(22).and(ACTION.eq("REJECT")).or(SUBNET_ID.eq("a b").not()));
    assertThat(Condition.parse("details.dstPort >= 1024")).isEqualTo(DST_PORT.ge(1024));
  }

  @Test
  void shouldPrintCanonicallyAndReadItBack() {
    Condition[] cases = {
      Condition.always(), Condition.never(),
      ACTION.eq("REJECT").or(ACTION.eq("ACCEPT")).and(DIRECTION.ne("INGRESS")),
      ACTION.eq("REJECT").and(DIRECTION.eq("INGRESS")).or(BYTES.between(10, 20)).not(),
      SUBNET_ID.eq("and"), SUBNET_ID.eq("with space"), SUBNET_ID.eq("quo\"te\\"), SUBNET_ID.eq(""),
      EVENT_TIME.ge(Instant.parse("2025-11-21T10:00:00.123456789Z")).and(EVENT_TIME.lt(Instant.parse("0001-01-01T00:00:00Z"))),
      SRC_ADDR.within("2001:db8::/32").or(DST_ADDR.eq("::ffff:1.2.3.4")).or(DST_ADDR.in("10.0.0.1", "10.0.0.2")),
      TCP_FLAGS.eq(0x12L), KIND.eq("BAREMETAL"), RESOURCE_ID.in("b1g", "b1h"),
    };
    for (Condition c : cases) {
      assertThat(Condition.parse(c.toString())).as(c.toString()).isEqualTo(c);
    }
  }

  @Test
  void shouldNormalizeWhileBuilding() {
    assertThat(Condition.always().and(ACTION.eq("A"))).isEqualTo(ACTION.eq("A"));
    assertThat(Condition.never().or(ACTION.eq("A"))).isEqualTo(ACTION.eq("A"));
    assertThat(ACTION.eq("A").and(Condition.never())).isEqualTo(Condition.never());
    assertThat(ACTION.eq("A").not().not()).isEqualTo(ACTION.eq("A"));
    assertThat(DST_PORT.in(22)).isEqualTo(DST_PORT.eq(22));
    assertThat(DST_PORT.in(3389, 22, 22)).isEqualTo(DST_PORT.in(22, 3389));
    assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
  }

  @Test
  void shouldExpandNfdumpShorthands() {
    assertThat(Condition.parse("proto tcp")).isEqualTo(PROTO.eq(6));
    assertThat(Condition.parse("proto 17")).isEqualTo(PROTO.eq(17));
    assertThat(Condition.parse("proto = udp")).isEqualTo(PROTO.eq(17));
    assertThat(Condition.parse("src port 22")).isEqualTo(SRC_PORT.eq(22));
    assertThat(Condition.parse("dst port 3389")).isEqualTo(DST_PORT.eq(3389));
    assertThat(Condition.parse("port 53")).isEqualTo(SRC_PORT.eq(53).or(DST_PORT.eq(53)));
    assertThat(Condition.parse("src net 10.0.0.0/8")).isEqualTo(SRC_ADDR.within("10.0.0.0/8"));
    assertThat(Condition.parse("dst net 2001:db8::/32")).isEqualTo(DST_ADDR.within("2001:db8::/32"));
    assertThat(Condition.parse("net 192.168.0.0/16"))
        .isEqualTo(SRC_ADDR.within("192.168.0.0/16").or(DST_ADDR.within("192.168.0.0/16")));
    assertThat(Condition.parse("src ip 1.2.3.4")).isEqualTo(SRC_ADDR.eq("1.2.3.4"));
    assertThat(Condition.parse("dst ip 1.2.3.4")).isEqualTo(DST_ADDR.eq("1.2.3.4"));
    assertThat(Condition.parse("ip 1.2.3.4 and proto tcp and not dst port 22"))
        .isEqualTo(SRC_ADDR.eq("1.2.3.4").or(DST_ADDR.eq("1.2.3.4")).and(PROTO.eq(6)).and(DST_PORT.eq(22).not()));
  }

  @Test
  void shouldNameTheColumnAndWhatWasExpected() {
    assertError("action = REJECT and dstPort =", "expected value after '=' at column 30");
    assertError("action = ", "expected value after '=' at column 10");
    assertError("action REJECT", "expected an operator (=, !=, <, <=, >, >=, in, between) after 'action' at column 8");
    assertError("dstPrt = 22", "unknown field 'dstPrt' at column 1; did you mean dstPort?");
    assertError("srcadr = 1.2.3.4", "unknown field 'srcadr' at column 1; did you mean srcAddr?");
    assertError("zzzzzzzz = 1", "unknown field 'zzzzzzzz' at column 1; fields are eventId, eventSource, eventType, "
        + "eventTime, eventStatus, ifaceIdx, ifaceGen, session, flowIdx, action, vers, proto, srcAddr, dstAddr, "
        + "direction, reason, nat, srcPort, dstPort, aggStart, aggEnd, packets, bytes, tcpFlags, vmUuid, subnetId, "
        + "folderId, kind, resourceId");
    assertError("dstPort = abc", "expected an integer for dstPort, found 'abc' at column 11");
    assertError("eventTime > yesterday", "expected an RFC 3339 time for eventTime, found 'yesterday' at column 13");
    assertError("srcAddr = 1.2.3", "expected an IP address for srcAddr, found '1.2.3' at column 11");
    assertError("srcAddr in 10.0.0.0/33", "prefix length out of range: bits=33, expected 0..32 at column 12");
    assertError("dstPort in 22", "expected '(' after 'in' at column 12");
    assertError("dstPort in (22, 23", "expected ',' or ')' in the list at column 19");
    assertError("(action = REJECT", "expected ')' to close '(' at column 1 at column 17");
    assertError("action = REJECT)", "expected 'and', 'or' or end of input, found ')' at column 16");
    assertError("bytes between 1 10", "expected 'and' after the first value of 'between' at column 17");
    assertError("action = 'REJECT", "unterminated string starting at column 10");
    assertError("action ! REJECT", "expected '!=' at column 8");
    assertError("src 22", "expected 'port', 'net' or 'ip' after 'src' at column 5");
    assertError("port http", "expected port number after 'port', found 'http' at column 6");
    assertError("net 10.0.0.0/x", "expected a CIDR after 'net', found '10.0.0.0/x' at column 5");
    assertError("action = REJECT and", "expected a condition at column 20");
  }

  private static void assertError(String text, String message) {
    assertThatThrownBy(() -> Condition.parse(text)).isInstanceOf(QuerySyntaxException.class).hasMessage(message);
  }

  @Test
  void shouldRoundTripQueriesAndAggregations() {
    Query q = Query.where(ACTION.eq("REJECT"))
        .between(Instant.parse("2025-11-21T00:00:00Z"), Instant.parse("2025-11-22T00:00:00Z"))
        .window(null, Instant.parse("2025-11-21T12:00:00.5Z"))
        .orderBy(BYTES.descending()).limit(10).after(new Cursor(-5, 1234));
    assertThat(q.toString()).isEqualTo("action = REJECT time 2025-11-21T00:00:00Z to 2025-11-22T00:00:00Z window * to "
        + "2025-11-21T12:00:00.5Z order by bytes desc limit 10 after -5:1234");
    assertThat(Query.parse(q.toString())).isEqualTo(q);
    assertThat(Query.parse("limit 5")).isEqualTo(Query.flows().limit(5));
    assertThat(Query.parse("")).isEqualTo(Query.flows());

    Aggregation a = Query.where(DIRECTION.eq("EGRESS")).groupBy(DST_ADDR.prefix(24), EVENT_TIME.bucket(Duration.ofMinutes(5)))
        .sum(BYTES).avg(PACKETS).having(Metric.count().ge(2)).top(10);
    assertThat(a.toString()).isEqualTo("direction = EGRESS group by dstAddr/24, eventTime/5m compute count, sum(bytes), "
        + "avg(packets) having count >= 2 order by avg(packets) desc limit 10");
    assertThat(Aggregation.parse(a.toString())).isEqualTo(a);
    assertThat(Aggregation.parse("compute count")).isEqualTo(Query.flows().groupBy());
    assertThatThrownBy(() -> Aggregation.parse("group by dstAddr/x compute count"))
        .hasMessage("expected a prefix length 0..128 after 'dstAddr/' at column 10");
    assertThatThrownBy(() -> Aggregation.parse("group by subnetId")).hasMessage("expected 'compute' and the metrics at column 18");
    assertThatThrownBy(() -> Query.parse("action = A order by action")).hasMessage(
        "cannot order by action: only number and time fields order results at column 21");
  }

  @Test
  void shouldKeepAddressesAndCidrsExact() {
    Cidr c = Cidr.parse("2001:db8::/33");
    assertThat(c.contains(IpAddress.parse("2001:db8:7fff::1"))).isTrue();
    assertThat(c.contains(IpAddress.parse("2001:db8:8000::"))).isFalse();
    assertThat(Cidr.parse("10.0.0.0/0").last()).isEqualTo(IpAddress.parse("255.255.255.255"));
    assertThat(Cidr.parse("::/0").last()).isEqualTo(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  }
}
