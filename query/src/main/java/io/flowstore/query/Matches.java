package io.flowstore.query;

import io.flowstore.internal.StoreEngine;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.index.SegmentMeta;
import io.flowstore.internal.index.SegmentRows;
import io.flowstore.internal.index.SegmentView;
import io.flowstore.internal.index.Segments;
import org.roaringbitmap.PeekableIntIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows that match a query, segment by segment, pulled one at a time. Holds references to
 * the segments (retention waits for them) until closed. Not thread-safe.
 */
final class Matches implements AutoCloseable {
  private final StoreEngine engine;
  private final Segments.Acquired acquired;
  private final List<SegmentView> views;
  private final Condition condition;
  private final RowTests.RowTest test;
  private final Dictionary dictionary;
  private final boolean needRecord;
  private final long afterPosition;
  private final List<Explain.SegmentPlan> explain;
  private final java.util.Set<Integer> only;
  private final boolean owned;
  private boolean closed;

  private int segment = -1;
  private SegmentView view;
  private SegmentRows rows;
  private PeekableIntIterator it;
  private Planner.Candidates candidates;
  private List<String> steps;
  private long scanned;
  private long matched;
  private long totalMatched;
  private int row;
  private final RawRow raw = new RawRow();

  /**
   * @param needRecord load every matching record (else only the ones the indexes cannot decide)
   * @param afterPosition skip rows at or before this stream position (-1: none)
   * @param explain receives each segment's plan when not null
   */
  Matches(StoreEngine engine, Condition condition, boolean needRecord, long afterPosition,
      List<Explain.SegmentPlan> explain) {
    this(engine, condition, needRecord, afterPosition, explain, null, null);
  }

  /**
   * {@code shared}: segments already acquired by the caller (who releases them), or null to
   * acquire here; {@code only}: the indexes of the segments to read among them, or null for all.
   */
  Matches(StoreEngine engine, Condition condition, boolean needRecord, long afterPosition,
      List<Explain.SegmentPlan> explain, Segments.Acquired shared, java.util.Set<Integer> only) {
    this.only = only;
    this.owned = shared == null;
    this.engine = engine;
    this.acquired = shared != null ? shared : engine.segments().acquire();
    this.views = acquired.views();
    this.condition = condition;
    this.dictionary = engine.flowDictionary();
    this.test = RowTests.compile(condition, dictionary);
    this.needRecord = needRecord;
    this.afterPosition = afterPosition;
    this.explain = explain;
  }

  List<SegmentView> views() {
    return views;
  }

  /** Moves to the next matching row; false when there is none. */
  boolean next() {
    while (true) {
      if (it == null && !nextSegment()) {
        return false;
      }
      while (it.hasNext()) {
        int r = it.next();
        if (!candidates.exact() || needRecord) {
          if (!rows.locate(r)) {
            continue;
          }
          raw.at(rows, r);
          if (!candidates.exact()) {
            scanned++;
            if (!test.test(raw)) {
              continue;
            }
          }
        }
        row = r;
        matched++;
        totalMatched++;
        return true;
      }
      endSegment();
    }
  }

  private boolean nextSegment() {
    while (++segment < views.size()) {
      if (only != null && !only.contains(segment)) {
        continue;
      }
      view = views.get(segment);
      SegmentMeta meta = view.meta();
      String pruned = Planner.pruneReason(condition, meta, dictionary);
      long first = engine.flowsQueue().index(meta.cycle(), meta.firstSeq());
      int minRow = 0;
      if (pruned == null && afterPosition >= first) {
        long m = afterPosition - first + 1;
        if (m >= meta.rows()) {
          pruned = "before the cursor";
        } else {
          minRow = (int) m;
        }
      }
      if (pruned != null) {
        if (explain != null) {
          explain.add(new Explain.SegmentPlan(name(), meta.rows(), pruned, List.of(), 0, false, 0, 0));
        }
        continue;
      }
      steps = explain != null ? new ArrayList<>() : null;
      candidates = new Planner(dictionary, steps).candidates(condition, view);
      it = candidates.rows().getIntIterator();
      if (minRow > 0) {
        it.advanceIfNeeded(minRow);
      }
      rows = candidates.exact() && !needRecord ? null : view.rows();
      scanned = 0;
      matched = 0;
      return true;
    }
    return false;
  }

  private void endSegment() {
    if (explain != null) {
      SegmentMeta meta = view.meta();
      explain.add(new Explain.SegmentPlan(name(),
          meta.rows(), null, steps, candidates.rows().getLongCardinality(), candidates.exact(), scanned, matched));
    }
    it = null;
  }

  /** Index of the current row's segment in {@link #views()}. */
  int segment() {
    return segment;
  }

  int row() {
    return row;
  }

  /** The current record in place (valid when the matches were asked to read records). */
  RawRow raw() {
    return raw;
  }

  /** The current record, decoded and checksum-verified. */
  RecordFlowView view() {
    return raw.full();
  }

  /** Counts the matching rows of every segment, reading records only where the indexes are not exact. */
  long countAll() {
    while (nextSegment()) {
      if (candidates.exact()) {
        long n = candidates.rows().getLongCardinality();
        matched += n;
        totalMatched += n;
      } else if (candidates.rows().getLongCardinality() == view.meta().events()) {
        // every event row is a candidate: walk the rows in order, no bitmap to iterate
        for (int r = 0, n = rows.rows(); r < n; r++) {
          countRow(r);
        }
      } else {
        while (it.hasNext()) {
          countRow(it.next());
        }
      }
      endSegment();
    }
    return totalMatched;
  }

  private void countRow(int r) {
    if (rows.locate(r)) {
      scanned++;
      raw.at(rows, r);
      if (test.test(raw)) {
        matched++;
        totalMatched++;
      }
    }
  }

  /** The current segment's name in explain: cycle, first row, open or sealed. */
  private String name() {
    SegmentMeta meta = view.meta();
    return meta.cycle() + "-" + meta.firstSeq() + (view.sealed() ? " sealed" : " open");
  }

  @Override
  public void close() {
    if (owned && !closed) {
      closed = true;
      acquired.close();
    }
  }
}
