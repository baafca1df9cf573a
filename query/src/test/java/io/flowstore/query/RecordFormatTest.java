package io.flowstore.query;

import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import io.flowstore.internal.StoreEngine;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow record format 2 stores the aggregation window in seconds from the event's time and
 * {@code bytes}/{@code packets} in 32 bits, escaping what does not fit. These tests ingest the
 * values at and past every such edge, in format 2 and in format 1 (as stores written before it
 * hold them), and check that both read back the same events and answer every query on those
 * fields as a brute-force evaluation does, with indexes and with scans of the records.
 */
class RecordFormatTest {
  private static final String FORMAT = "flowstore.internal.recordFormat";

  @TempDir
  Path dir;

  /** One event per edge of format 2's slots (each line's comment says which). */
  private static final String[] EDGES = {
    // aggregation bounds with fractions; bytes at 2^32-1, packets at 2^32
    event("2025-11-21T10:05:30.25Z", "2025-11-21T10:00:00.123456789Z", "2025-11-21T10:05:00.5Z", "4294967295", "4294967296"),
    // no eventTime: the base is 0, and 2039 is more than 2^31 s from it; bytes -1
    event(null, "2025-11-21T10:00:00Z", "2039-01-01T00:00:00Z", "-1", "0"),
    // eventTime in 1700: 2025 is more than 68 years from it
    event("1700-01-01T00:00:00.000000001Z", "2025-11-21T10:00:00Z", "1700-01-01T00:00:00Z", "1", "1"),
    // eventTime in year 1 (escaped, base 0); the last nanosecond before 1970, and 1970 itself
    event("0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "0", "4294967295"),
    // bounds outside 1677..2262; int64 extremes
    event("2025-11-21T10:05:30Z", "9999-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "9223372036854775807",
        "-9223372036854775808"),
    // an aggregation start 2^31 s after the event, and an end 2^31 s before it
    event("2000-01-01T00:00:00Z", "2068-01-19T03:14:08Z", "1931-12-13T20:45:52Z", "4294967296", "2147483648"),
    // neither window nor counters
    event("2025-11-21T10:05:30.999999999Z", null, null, null, null),
  };

  private static String event(String time, String aggStart, String aggEnd, String bytes, String packets) {
    StringBuilder s = new StringBuilder("{\"eventType\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\"");
    if (time != null) {
      s.append(",\"eventTime\":\"").append(time).append('"');
    }
    s.append(",\"details\":{\"action\":\"ACCEPT\",\"srcAddr\":\"10.1.2.3\",\"dstPort\":443");
    if (aggStart != null) {
      s.append(",\"aggStart\":\"").append(aggStart).append('"');
    }
    if (aggEnd != null) {
      s.append(",\"aggEnd\":\"").append(aggEnd).append('"');
    }
    if (bytes != null) {
      s.append(",\"bytes\":\"").append(bytes).append('"');
    }
    if (packets != null) {
      s.append(",\"packets\":").append(packets);
    }
    return s.append("}}\n").toString();
  }

  private static byte[] input() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String e : EDGES) {
      out.writeBytes(e.getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(FlowGenerator.builder().seed(77).edgeCases(true).build().ndjson(3000));
    for (String e : EDGES) {
      out.writeBytes(e.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private List<FlowEvent> ingest(String name, int format, boolean indexes, byte[] input) {
    String before = System.getProperty(FORMAT);
    System.setProperty(FORMAT, Integer.toString(format));
    try (FlowStore store = FlowStore.builder(dir.resolve(name)).indexes(indexes).maxSegmentRows(1024).open()) {
      IngestResult r = store.ingest(input, name);
      assertThat(r.errors()).isEmpty();
      assertThat(r.quarantined()).isZero();
    } finally {
      if (before == null) {
        System.clearProperty(FORMAT);
      } else {
        System.setProperty(FORMAT, before);
      }
    }
    try (FlowStore store = FlowStore.builder(dir.resolve(name)).indexes(indexes).maxSegmentRows(1024).open()) {
      byte expected = format == 2 ? FlowRecordDescriptor.TYPE_FLOW_V2 : FlowRecordDescriptor.TYPE_FLOW_V1;
      long records = 0;
      try (StoreEngine.FlowCursor c = FlowStore.engineOf(store).flowCursor()) {
        while (c.next()) {
          assertThat(c.view().layout().type).as("record type in the format %d store", format).isEqualTo(expected);
          records++;
        }
      }
      assertThat(records).isEqualTo(store.count());
      return Stores.flows(store);
    }
  }

  @Test
  void shouldReadBackTheSameEventsFromBothFormats() {
    byte[] input = input();
    List<FlowEvent> v2 = ingest("v2", 2, true, input);
    List<FlowEvent> v1 = ingest("v1", 1, true, input);
    assertThat(v2).hasSize(3000 + 2 * EDGES.length).isEqualTo(v1);
    assertThat(Stores.normalized(input)).isEqualTo(Stores.normalized(v2));
    FlowEvent first = v2.get(0);
    assertThat(first.aggStart().toInstant()).isEqualTo(Instant.parse("2025-11-21T10:00:00.123456789Z"));
    assertThat(first.aggEnd().toInstant()).isEqualTo(Instant.parse("2025-11-21T10:05:00.5Z"));
    assertThat(first.bytes()).isEqualTo(4294967295L);
    assertThat(first.packets()).isEqualTo(4294967296L);
    FlowEvent noTime = v2.get(1);
    assertThat(noTime.eventTime()).isNull();
    assertThat(noTime.aggEnd().toInstant()).isEqualTo(Instant.parse("2039-01-01T00:00:00Z"));
    assertThat(noTime.bytes()).isEqualTo(-1L);
    assertThat(v2.get(6).aggStart()).isNull();
    assertThat(v2.get(6).bytes()).isNull();
  }

  @Test
  void shouldAnswerQueriesOnTheWindowAndCountersInBothFormatsWithAndWithoutIndexes() {
    byte[] input = input();
    for (int format : new int[] {2, 1}) {
      for (boolean indexes : new boolean[] {true, false}) {
        String name = "q" + format + (indexes ? "i" : "s");
        ingest(name, format, indexes, input);
        try (FlowStore store = FlowStore.builder(dir.resolve(name)).indexes(indexes).maxSegmentRows(1024).open()) {
          FlowStore.engineOf(store).segments().awaitMaintenance();
          List<FlowEvent> events = Stores.flows(store);
          FlowSearcher searcher = FlowSearcher.of(store);
          for (Query q : queries(events)) {
            String what = "format " + format + (indexes ? ", indexed" : ", scanned") + ": " + q;
            assertThat(searcher.count(q)).as(what).isEqualTo(Reference.filter(events, q.effectiveCondition()).size());
            assertThat(searcher.fetch(q)).as(what).isEqualTo(Reference.fetch(events, q));
          }
        }
      }
    }
  }

  /** Comparisons at every edge value and at values taken from the events, and orderings by them. */
  private static List<Query> queries(List<FlowEvent> events) {
    List<Query> out = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (String t : new String[] {"0001-01-01T00:00:00Z", "1677-09-21T00:12:43Z", "1700-01-01T00:00:00Z",
      "1931-12-13T20:45:52Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2025-11-21T10:00:00Z",
      "2025-11-21T10:00:00.123456789Z", "2025-11-21T10:00:00.123456790Z", "2025-11-21T10:05:00.5Z", "2039-01-01T00:00:00Z",
      "2068-01-19T03:14:08Z", "2262-04-11T23:47:16Z", "9999-12-31T23:59:59.999999999Z"}) {
      times.add(Instant.parse(t));
    }
    List<Long> counts = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, 2147483648L, 4294967295L, 4294967296L,
        Long.MAX_VALUE));
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20; i++) {
      FlowEvent e = events.get(random.nextInt(events.size()));
      if (e.aggStart() != null) {
        times.add(e.aggStart().toInstant());
      }
      if (e.aggEnd() != null) {
        times.add(e.aggEnd().toInstant());
      }
      if (e.bytes() != null) {
        counts.add(e.bytes());
      }
      if (e.packets() != null) {
        counts.add(e.packets());
      }
    }
    for (TimeField f : new TimeField[] {Flow.AGG_START, Flow.AGG_END}) {
      for (Instant t : times) {
        out.add(Query.where(f.lt(t)));
        out.add(Query.where(f.ge(t)));
        out.add(Query.where(f.eq(t)));
        out.add(Query.where(f.gt(t).and(Flow.DST_PORT.eq(443L))));
      }
      out.add(Query.where(Flow.ACTION.eq("ACCEPT")).orderBy(new Order(f, true)).limit(25));
      out.add(Query.where(Flow.ACTION.eq("ACCEPT")).orderBy(new Order(f, false)).limit(25));
    }
    for (LongField f : new LongField[] {Flow.BYTES, Flow.PACKETS}) {
      for (long v : counts) {
        out.add(Query.where(f.lt(v)));
        out.add(Query.where(f.ge(v)));
        out.add(Query.where(f.eq(v)));
        out.add(Query.where(f.gt(v).and(Flow.SRC_ADDR.within(Cidr.parse("10.0.0.0/8")))));
      }
      out.add(Query.where(Flow.DST_PORT.eq(443L)).orderBy(new Order(f, true)).limit(25));
      out.add(Query.where(Flow.DST_PORT.eq(443L)).orderBy(new Order(f, false)).limit(25));
    }
    out.add(Query.where(Condition.always()).window(Instant.parse("2025-11-21T10:00:00.2Z"),
        Instant.parse("2025-11-21T10:04:00Z")));
    return out;
  }
}
