package io.flowstore.bench.peers;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lucene 9.12 as a user would index flow events: keyword fields for the dimensions, points for
 * numbers, times (ns) and addresses ({@link InetAddressPoint}, for CIDR), doc values for sorting
 * and aggregating (bytes, eventTime, the destination address and the source /24 prefix as
 * keywords), the source line stored. Each line is parsed with jackson-core ({@link PeerRow});
 * N threads add the documents of file slices to one IndexWriter. Aggregations are collectors
 * over the doc values. The query cache is off: the benchmarks repeat each query, and a cached
 * answer would measure the cache (flowstore and DuckDB keep none).
 */
public final class LuceneEngine implements PeerEngine {
  private final Path dir;
  private final FSDirectory directory;
  private DirectoryReader reader;
  private IndexSearcher searcher;

  LuceneEngine(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.directory = FSDirectory.open(dir);
  }

  @Override
  public String name() {
    return "lucene";
  }

  @Override
  public long ingest(PeerWorkload w, int threads) throws Exception {
    IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setRAMBufferSizeMB(256);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      Slices.inParallel(w.ndjson, threads, (in, from) -> PeerRow.read(in, r -> {
        try {
          writer.addDocument(document(r));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
      writer.commit();
    }
    attach();
    return reader.numDocs();
  }

  @Override
  public void attach() throws IOException {
    if (reader == null) {
      reader = DirectoryReader.open(directory);
      searcher = new IndexSearcher(reader);
      searcher.setQueryCache(null); // a benchmark repeats each query: measure the search, not Lucene's result cache
    }
  }

  private static Document document(PeerRow r) throws IOException {
    Document d = new Document();
    d.add(new StoredField("source", r.line));
    d.add(new StringField("event_id", r.eventId, Field.Store.YES));
    d.add(new SortedDocValuesField("event_id", new BytesRef(r.eventId)));
    keyword(d, "event_source", r.eventSource);
    keyword(d, "event_type", r.eventType);
    keyword(d, "event_status", r.eventStatus);
    keyword(d, "action", r.action);
    keyword(d, "direction", r.direction);
    keyword(d, "reason", r.reason);
    keyword(d, "nat", r.nat);
    keyword(d, "vm_uuid", r.vmUuid);
    keyword(d, "subnet_id", r.subnetId);
    keyword(d, "folder_id", r.folderId);
    d.add(new LongPoint("event_time", r.eventTime));
    d.add(new NumericDocValuesField("event_time", r.eventTime));
    number(d, "iface_idx", r.ifaceIdx);
    number(d, "iface_gen", r.ifaceGen);
    number(d, "session", r.session);
    number(d, "flow_idx", r.flowIdx);
    number(d, "vers", r.vers);
    number(d, "proto", r.proto);
    number(d, "src_port", r.srcPort);
    number(d, "dst_port", r.dstPort);
    number(d, "agg_start", r.aggStart);
    number(d, "agg_end", r.aggEnd);
    number(d, "packets", r.packets);
    number(d, "tcp_flags", r.tcpFlags);
    if (r.bytes != null) {
      d.add(new LongPoint("bytes", r.bytes));
      d.add(new NumericDocValuesField("bytes", r.bytes));
    }
    if (r.srcAddr != null) {
      d.add(new InetAddressPoint("src_addr", r.srcIp.toInetAddress()));
      d.add(new SortedDocValuesField("src_prefix24", new BytesRef(r.srcPrefix24)));
    }
    if (r.dstAddr != null) {
      io.flowstore.IpAddress dst = io.flowstore.IpAddress.parse(r.dstAddr);
      d.add(new InetAddressPoint("dst_addr", dst.toInetAddress()));
      d.add(new SortedDocValuesField("dst_key", new BytesRef(dst.toString())));
    }
    return d;
  }

  private static void keyword(Document d, String name, String v) {
    if (v != null) {
      d.add(new StringField(name, v, Field.Store.NO));
    }
  }

  private static void number(Document d, String name, Long v) {
    if (v != null) {
      d.add(new LongPoint(name, v));
    }
  }

  @Override
  public long bytesOnDisk() throws IOException {
    return io.flowstore.bench.Benchmarks.bytesBelow(dir);
  }

  private static Query all(Query... parts) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Query q : parts) {
      b.add(q, BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  private static Query term(String field, String value) {
    return new TermQuery(new Term(field, value));
  }

  @Override
  public long q1(PeerWorkload w) throws IOException {
    return searcher.count(all(term("subnet_id", w.subnet), term("action", "REJECT"), term("direction", "INGRESS")));
  }

  @Override
  public long q2(PeerWorkload w) throws IOException {
    return searcher.count(all(term("action", "REJECT"), LongPoint.newSetQuery("dst_port", 22, 3389)));
  }

  @Override
  public long q3(PeerWorkload w) throws IOException {
    return searcher.count(all(InetAddressPoint.newPrefixQuery("src_addr", InetAddress.getByName("10.0.0.0"), 8),
        LongPoint.newRangeQuery("bytes", 1_000_001L, Long.MAX_VALUE)));
  }

  @Override
  public List<Answers.KeySum> q4(PeerWorkload w) throws IOException {
    return top(term("direction", "EGRESS"), "dst_key");
  }

  @Override
  public List<String> q5(PeerWorkload w) throws IOException {
    Sort sort = new Sort(new SortField("event_time", SortField.Type.LONG, true),
        new SortField("event_id", SortField.Type.STRING));
    TopFieldDocs top = searcher.search(all(term("subnet_id", w.subnet), term("action", "REJECT")), 100, sort);
    List<String> out = new ArrayList<>();
    for (ScoreDoc d : top.scoreDocs) {
      out.add(searcher.storedFields().document(d.doc).get("event_id"));
    }
    return out;
  }

  @Override
  public long q6(PeerWorkload w) throws IOException {
    long from = w.hour.getEpochSecond() * 1_000_000_000L;
    return searcher.count(all(LongPoint.newRangeQuery("event_time", from, from + 3_600_000_000_000L - 1),
        term("action", "REJECT")));
  }

  @Override
  public List<Answers.KeySum> q7(PeerWorkload w) throws IOException {
    return top(new MatchAllDocsQuery(), "src_prefix24");
  }

  /** The 10 values of keyword doc values {@code key} with the largest sum of bytes over the matches. */
  private List<Answers.KeySum> top(Query q, String key) throws IOException {
    Map<String, Long> sums = new HashMap<>();
    searcher.search(q, new SimpleCollector() {
      SortedDocValues keys;
      NumericDocValues bytes;
      long[] byOrd;

      @Override
      protected void doSetNextReader(LeafReaderContext context) throws IOException {
        flush();
        keys = context.reader().getSortedDocValues(key);
        bytes = context.reader().getNumericDocValues("bytes");
        byOrd = keys == null ? null : new long[keys.getValueCount()];
      }

      @Override
      public void collect(int doc) throws IOException {
        if (keys != null && keys.advanceExact(doc) && bytes != null && bytes.advanceExact(doc)) {
          byOrd[keys.ordValue()] += bytes.longValue();
        }
      }

      @Override
      public void finish() throws IOException {
        flush();
      }

      private void flush() throws IOException {
        if (byOrd != null) {
          for (int o = 0; o < byOrd.length; o++) {
            if (byOrd[o] != 0) {
              sums.merge(keys.lookupOrd(o).utf8ToString(), byOrd[o], Long::sum);
            }
          }
          byOrd = null;
        }
      }

      @Override
      public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
      }
    });
    List<Answers.KeySum> all = new ArrayList<>();
    sums.forEach((k, v) -> all.add(new Answers.KeySum(k, v)));
    List<Answers.KeySum> sorted = Answers.sorted(all);
    return sorted.subList(0, Math.min(10, sorted.size()));
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    directory.close();
  }
}
