package io.flowstore.bench.peers;

import io.flowstore.FlowStore;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;
import io.flowstore.query.Cidr;
import io.flowstore.query.Condition;
import io.flowstore.query.FlowSearcher;
import io.flowstore.query.Group;
import io.flowstore.query.Metric;
import io.flowstore.query.Order;
import io.flowstore.query.Query;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.flowstore.query.Flow.*;

/**
 * flowstore as a user embeds it: {@link FlowStore#ingest} of the NDJSON (with N threads:
 * {@code IngestOptions.withThreads(N)}, which cuts the file into N slices parsed at once, one
 * writer per stream behind them), the
 * queries through {@link FlowSearcher} with the typed DSL.
 */
public final class FlowstoreEngine implements PeerEngine {
  private final Path dir;
  private final FlowStore store;
  private final FlowSearcher searcher;

  FlowstoreEngine(Path dir) {
    this.dir = dir;
    this.store = FlowStore.open(dir);
    this.searcher = FlowSearcher.of(store);
    // steady state: the index thread finishes what the reopen gave it (reading back the open
    // segment's range chunks from their records: a second or two for 1 M events; queries meanwhile
    // are exact but read those chunks' records)
    FlowStore.engineOf(store).segments().awaitMaintenance();
  }

  @Override
  public String name() {
    return "flowstore";
  }

  @Override
  public long ingest(PeerWorkload w, int threads) throws Exception {
    return check(store.ingest(w.ndjson, IngestOptions.DEFAULT.withThreads(threads)));
  }

  private static long check(IngestResult r) {
    if (r.quarantined() != 0) {
      throw new IllegalStateException("flowstore quarantined events of the workload: " + r.errors());
    }
    return r.accepted();
  }

  @Override
  public long bytesOnDisk() throws IOException {
    store.sync();
    return io.flowstore.bench.Benchmarks.bytesBelow(dir);
  }

  private static final Condition REJECT = ACTION.eq("REJECT");

  @Override
  public long q1(PeerWorkload w) {
    return searcher.count(Query.where(SUBNET_ID.eq(w.subnet).and(REJECT).and(DIRECTION.eq("INGRESS"))));
  }

  @Override
  public long q2(PeerWorkload w) {
    return searcher.count(Query.where(REJECT.and(DST_PORT.in(22, 3389))));
  }

  @Override
  public long q3(PeerWorkload w) {
    return searcher.count(Query.where(SRC_ADDR.within(Cidr.parse("10.0.0.0/8")).and(BYTES.gt(1_000_000))));
  }

  @Override
  public List<Answers.KeySum> q4(PeerWorkload w) {
    return top(searcher.aggregate(Query.where(DIRECTION.eq("EGRESS")).groupBy(DST_ADDR).sum(BYTES)
        .orderBy(Metric.sum(BYTES), true).limit(10)));
  }

  @Override
  public List<String> q5(PeerWorkload w) {
    List<String> ids = new ArrayList<>();
    searcher.forEach(Query.where(SUBNET_ID.eq(w.subnet).and(REJECT)).orderBy(new Order(EVENT_TIME, true)).limit(100),
        v -> {
          ids.add(v.string(io.flowstore.FlowField.EVENT_ID));
          return true;
        });
    return ids;
  }

  @Override
  public long q6(PeerWorkload w) {
    return searcher.count(Query.where(REJECT).between(w.hour, w.hourEnd()));
  }

  @Override
  public List<Answers.KeySum> q7(PeerWorkload w) {
    return top(searcher.aggregate(Query.flows().groupBy(SRC_ADDR.prefix(24)).sum(BYTES)
        .orderBy(Metric.sum(BYTES), true).limit(10)));
  }

  private static List<Answers.KeySum> top(List<Group> groups) {
    List<Answers.KeySum> out = new ArrayList<>();
    for (Group g : groups) {
      out.add(new Answers.KeySum(g.key(), g.sum(BYTES)));
    }
    return out;
  }

  @Override
  public void close() {
    store.close();
  }
}
