package io.flowstore.internal.index;

import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.storage.CycleData;
import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A sealed segment: its index file mapped read-only, bitmaps read in place, nothing copied onto
 * the heap but the small key tables. Immutable; thread-safe (each view call works on
 * duplicates of the mapped buffers). Internal.
 */
public final class SealedSegment implements SegmentView {
  private static final ImmutableRoaringBitmap EMPTY = new MutableRoaringBitmap();

  private final Path file;
  private final SegmentFile.Parsed p;
  private final CycleData data;
  private final Dictionary dictionary;
  private final ImmutableRoaringBitmap events;

  SealedSegment(Path file, SegmentFile.Parsed p, CycleData data, Dictionary dictionary) {
    this.file = file;
    this.p = p;
    this.data = data;
    this.dictionary = dictionary;
    this.events = bitmap(p.events);
  }

  Path file() {
    return file;
  }

  private static ImmutableRoaringBitmap bitmap(ByteBuffer b) {
    return b == null ? EMPTY : new ImmutableRoaringBitmap(b.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN));
  }

  @Override
  public SegmentMeta meta() {
    return p.meta;
  }

  @Override
  public ImmutableRoaringBitmap events() {
    return events;
  }

  @Override
  public ImmutableRoaringBitmap dim(Dim d, long key) {
    if (!p.indexed) {
      return RowScan.dim(this, dictionary, d, key);
    }
    long[] keys = p.dimKeys[d.ordinal()];
    if (keys == null) {
      return EMPTY;
    }
    int i = Arrays.binarySearch(keys, key);
    if (i < 0) {
      return EMPTY;
    }
    long[] off = p.dimOffsets[d.ordinal()];
    if (off[i + 1] == off[i]) {
      return range(RangeField.of(d.field()), key, key); // a sparse port value: see SegmentFile
    }
    return bitmap(SegmentFile.slice(p.dimBlobs[d.ordinal()], (int) off[i], (int) (off[i + 1] - off[i])));
  }

  /** How many values of {@code d} have no bitmap of their own (answered by the range index). */
  int sparseKeys(Dim d) {
    long[] off = p.indexed ? p.dimOffsets[d.ordinal()] : null;
    int n = 0;
    for (int i = 0; off != null && i + 1 < off.length; i++) {
      n += off[i + 1] == off[i] ? 1 : 0;
    }
    return n;
  }

  @Override
  public boolean rollup(Rollup.Kind kind, java.util.function.IntPredicate shapes, Rollup.Visitor visitor) {
    ByteBuffer b = p.rollups[kind.ordinal()];
    if (b == null) {
      return false;
    }
    new Rollup.Mapped(b).visit(shapes, visitor);
    return true;
  }

  @Override
  public long[] rollupV6(Rollup.Kind kind) {
    ByteBuffer b = p.rollups[kind.ordinal()];
    return b == null ? new long[0] : new Rollup.Mapped(b).v6Table();
  }

  @Override
  public boolean rollupSumsExact(Rollup.Kind kind) {
    ByteBuffer b = p.rollups[kind.ordinal()];
    return b != null && new Rollup.Mapped(b).sumsExact();
  }

  @Override
  public long[] keys(Dim d) {
    if (!p.indexed) {
      return RowScan.keys(this, dictionary, d);
    }
    long[] k = p.dimKeys[d.ordinal()];
    return k == null ? new long[0] : k.clone();
  }

  @Override
  public ImmutableRoaringBitmap present(Dim d) {
    if (!p.indexed) {
      return RowScan.present(this, dictionary, d);
    }
    ByteBuffer b = p.present[d.ordinal()];
    return b == null ? events : bitmap(b);
  }

  @Override
  public ImmutableRoaringBitmap range(RangeField f, long lo, long hi) {
    return range(f, lo, hi, null, null);
  }

  /**
   * Evaluates the range bitmap on {@code within}'s containers only and keeps only its rows: no
   * dense intermediate result (a CIDR matching 2.6 M of 4 Mi rows) is built, copied and cut.
   */
  @Override
  public ImmutableRoaringBitmap range(RangeField f, long lo, long hi, ImmutableRoaringBitmap within) {
    return range(f, lo, hi, within.toRoaringBitmap(), within);
  }

  private static final RoaringBitmap SAMPLE = RoaringBitmap.bitmapOfRange(0, SegmentView.SAMPLE_ROWS);

  @Override
  public ImmutableRoaringBitmap sampleRange(RangeField f, long lo, long hi) {
    return range(f, lo, hi, SAMPLE, null);
  }

  /**
   * The rows (of {@code context}, when not null) whose value of {@code f} lies in [lo, hi];
   * {@code within} is the context as given, null for the sample.
   */
  private ImmutableRoaringBitmap range(RangeField f, long lo, long hi, RoaringBitmap context,
      ImmutableRoaringBitmap within) {
    if (lo > hi) {
      return EMPTY;
    }
    if (!p.indexed) {
      return RowScan.range(this, scanned(events, context, within), dictionary, f, lo, hi);
    }
    int i = f.ordinal();
    ImmutableRoaringBitmap presence = bitmap(p.rangePresence[i]);
    if (presence.isEmpty()) {
      return EMPTY;
    }
    ByteBuffer bits = p.rangeBits[i];
    if (bits == null) {
      // the field's spread overflows 63 bits: no range bitmap, read the records
      return RowScan.range(this, scanned(presence, context, within), dictionary, f, lo, hi);
    }
    long base = p.rangeBase[i];
    long maxRel = p.rangeMax[i];
    if (hi < base) {
      return EMPTY;
    }
    long loRel = lo <= base ? 0 : lo - base;
    // hi - base may exceed the field's spread, or even overflow: then everything up to maxRel matches
    long hiRel = hi - base < 0 || hi - base > maxRel ? maxRel : hi - base;
    if (loRel < 0 || loRel > maxRel) {
      return EMPTY;
    }
    HighValues high = p.rangeHighs[i];
    if (high != null && high.covers(loRel)) {
      // a bound among the highest values: the high values hold every matching row
      MutableRoaringBitmap out = new MutableRoaringBitmap();
      high.rows(loRel, hiRel, Integer.MAX_VALUE, context == null ? out::add : r -> {
        if (context.contains(r)) {
          out.add(r);
        }
      });
      return out;
    }
    Ranks ranks = p.rangeRanks[i];
    long max = maxRel;
    if (ranks != null) {
      // the bitmap holds ranks among the distinct values: [lo, hi] is a range of ranks
      loRel = ranks.lowerRank(base + loRel);
      hiRel = ranks.upperRank(base + hiRel);
      if (loRel > hiRel) {
        return EMPTY;
      }
      max = ranks.size() - 1;
    }
    RangeBitmap rb = RangeBitmap.map(bits.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN));
    RoaringBitmap r = RangeChunks.between(rb, loRel, hiRel, max, context);
    MutableRoaringBitmap out = r.toMutableRoaringBitmap();
    out.and(presence);
    return out;
  }

  /** The rows a record scan reads: all of {@code rows}, the sample's, or those of {@code within}. */
  private static ImmutableRoaringBitmap scanned(ImmutableRoaringBitmap rows, RoaringBitmap context,
      ImmutableRoaringBitmap within) {
    if (context == null) {
      return rows;
    }
    return within == null ? SegmentView.sample(rows) : ImmutableRoaringBitmap.and(rows, within);
  }

  @Override
  public ImmutableRoaringBitmap v6(boolean src, long loHigh, long loLow, long hiHigh, long hiLow) {
    if (!p.indexed) {
      return RowScan.v6(this, events, dictionary, src, loHigh, loLow, hiHigh, hiLow);
    }
    int k = src ? 0 : 1;
    if (p.v6[k] == null || p.v6Count[k] == 0) {
      return EMPTY;
    }
    return new V6Column(p.v6[k].duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN), p.v6Count[k])
        .range(loHigh, loLow, hiHigh, hiLow);
  }

  /** The value that field {@code f}'s range index and high values are relative to. */
  long rangeBase(int f) {
    return p.rangeBase[f];
  }

  /** The distinct values of field {@code f} when its range bitmap holds ranks among them, or null. */
  Ranks rangeRanks(int f) {
    return p.rangeRanks[f];
  }

  /** The highest values of field {@code f} with their rows (relative to {@link #rangeBase}), or null. */
  HighValues rangeHighs(int f) {
    return p.rangeHighs[f];
  }

  /** The serialized range index of field {@code f}, or null. */
  ByteBuffer rangeBits(int f) {
    return p.rangeBits[f];
  }

  @Override
  public SegmentRows rows() {
    return new SegmentRows(data, p.firstIndex, p.positions, p.meta.rows(), dictionary);
  }

  @Override
  public boolean sealed() {
    return true;
  }

  @Override
  public boolean indexed() {
    return p.indexed;
  }

  @Override
  public String toString() {
    return "sealed " + p.meta + " file=" + file.getFileName();
  }
}
