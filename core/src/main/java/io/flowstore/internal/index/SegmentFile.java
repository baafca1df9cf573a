package io.flowstore.internal.index;

import io.flowstore.StoreIOException;
import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The index file of one segment (sealed) or a checkpoint of the open segment, format version
 * 7 (a file of version 6 is read as well: it lacks only the optional sections 12 and 13; a file
 * of an earlier version is rebuilt from the queue like a damaged one; 6 differs from 5 only in
 * how range bitmaps choose their containers, see {@link RangeBitmapWriter}; 7 is written so
 * that a reader of 6, which would take rank bitmaps for values, rebuilds it). Internal.
 *
 * <p>Guarantees: a file is written whole to a temporary name, forced to disk and renamed into
 * place, so a reader finds either the previous file or the complete new one. Every byte is
 * covered by a CRC32C in the last four bytes; a file that fails it, has another magic or
 * version, or does not match the queue is rebuilt from the queue, which is the source of truth.
 *
 * <p>Layout, little-endian:
 * <pre>
 *   0 | magic "FSIX" (i32) | version (u16) = 6 | flags (u16): 1 = checkpoint of an open segment,
 *     | 2 = store without indexes (only the event rows, positions and metadata)
 *   8 | cycle (i32) | rows (i32)
 *  16 | firstSeq (i64) | firstIndex (i64) | firstPosition (i64) | endPosition (i64) | events (i64)
 *  56 | min/max eventTime, min/max aggStart, min/max aggEnd (6 x i64, ns)
 * 104 | eventTypeCount (i32) | positionCount (i32)
 * 112 | eventType string ids (i32 each), padded to 8 | positions (i64 each: header position of
 *     | every 256th row)
 *     | sections: kind (u8) | field (u8) | 0 (u16) | 0 (i32) | length (i64) | payload, padded to 8
 * end | sectionCount (i32) | 0 (i32) | CRC32C of every byte before it (i32)
 * </pre>
 * Section kinds: 1 event rows (bitmap); 2 a dimension: count n (i32), 0 (i32), n sorted keys
 * (i64), n + 1 offsets (i64) into the bitmap bytes that follow (in a sealed segment, a srcPort or
 * dstPort value whose bitmap would cost more than about {@link #SPARSE_BYTES_PER_ROW} bytes per
 * row has zero bytes: its rows are those of the same value in the field's range index); 3 rows where a dimension has a
 * value, when that is not every event row (bitmap); 4 a range field: base (i64), maximum value
 * above base (i64, -1 when the field has no range bitmap), presence bitmap length (i64),
 * presence bitmap padded to 8, RangeBitmap of value - base for every row; 5 (no longer written:
 * rows with times outside 1677..2262, skipped when read); 6 IPv6 column of source (field 0) or destination (field 1)
 * addresses (count (i32), 0 (i32), entries of {@link V6Column}); 7 rows with an IPv6 source or
 * destination (bitmap, checkpoints); 8 per range field minimum then maximum (i64 each); 9 a
 * {@link Rollup} of the flow events, field: its {@link Rollup.Kind} (0 by (shape, place), 1 by
 * (shape, source address), 2 by (shape, destination address)), absent when it gave up; 10 (checkpoints)
 * the bitmap of every shape (field 0) or place (field 1) tuple id, laid out as a dimension. A
 * checkpoint holds, of the dimensions (kind 2), only proto and vers: the ports are in kind 11,
 * {@link ChunkedDim} postings (field: the dimension), the others are derived from its tuples,
 * as the open segment derives them. 12 (sealed, optional) the {@link HighValues} of a range field
 * (field: its ordinal), values relative to the field's base; a file without it answers those
 * ranges from the range bitmap. 13 (sealed, optional) the {@link Ranks} of a range field (field:
 * its ordinal): when present, the field's range bitmap (kind 4) holds each row's rank among
 * these values rather than its value minus base (base and maximum stay those of the values).
 * Bitmaps are RoaringBitmap's portable serialization, run-optimized.
 */
public final class SegmentFile {
  public static final int MAGIC = 0x58495346; // "FSIX" little-endian
  public static final int VERSION = 7;
  /** Above this many bytes per row, a port value's bitmap is left to the port's range index. */
  static final int SPARSE_BYTES_PER_ROW = 3;
  public static final int FLAG_CHECKPOINT = 1;
  public static final int FLAG_UNINDEXED = 2;
  static final int EVENTS = 1;
  static final int DIM = 2;
  static final int PRESENT = 3;
  static final int RANGE = 4;
  static final int INEXACT = 5;
  static final int V6 = 6;
  static final int V6_ROWS = 7;
  static final int MINMAX = 8;
  static final int ROLLUP = 9;
  static final int TUPLES = 10;
  static final int CHUNKS = 11;
  static final int HIGH = 12;
  static final int RANKS = 13;
  /** The oldest version read: 6 lacks only the optional sections 12 and 13. */
  static final int READ_VERSION = 6;
  /** Parsed dimension slots past the last {@link Dim}: the checkpoint's shape and place bitmaps. */
  static final int SHAPES_SLOT = Dim.values().length;
  static final int PLACES_SLOT = Dim.values().length + 1;

  private SegmentFile() {}

  /** Range data of a sealed segment: one bit-sliced index per field. */
  static final class RangeData {
    final long[] base = new long[RangeField.values().length];
    final long[] maxRel = new long[RangeField.values().length];
    final MutableRoaringBitmap[] presence = new MutableRoaringBitmap[RangeField.values().length];
    final RangeBitmapWriter[] appenders = new RangeBitmapWriter[RangeField.values().length];
    /** Per field that keeps them ({@link RangeField#keepsHighValues()}): its highest values, relative to base; null otherwise. */
    final HighValues[] highs = new HighValues[RangeField.values().length];
    /** Per field indexed by rank: its distinct values; null otherwise. */
    final Ranks[] ranks = new Ranks[RangeField.values().length];
    long[][] v6Src = new long[0][];
    int v6SrcCount;
    long[][] v6Dst = new long[0][];
    int v6DstCount;
  }

  /**
   * Writes {@code s} (and, for a sealed segment, {@code ranges}) to {@code file} atomically.
   * The parts of {@code ranges} are dropped from it as they are written (it is spent after this).
   */
  static void write(Path file, LiveSegment.Snapshot s, RangeData ranges, boolean checkpoint, boolean indexed) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Out out = new Out(ch);
      SegmentMeta m = s.meta;
      out.i32(MAGIC).u16(VERSION).u16((checkpoint ? FLAG_CHECKPOINT : 0) | (indexed ? 0 : FLAG_UNINDEXED))
          .i32(m.cycle()).i32(m.rows());
      out.i64(m.firstSeq()).i64(s.firstIndex).i64(m.firstPosition()).i64(m.endPosition()).i64(m.events());
      out.i64(m.minEventTime()).i64(m.maxEventTime()).i64(m.minAggStart()).i64(m.maxAggStart())
          .i64(m.minAggEnd()).i64(m.maxAggEnd());
      out.i32(m.eventTypes().length).i32(s.positions.length);
      for (int t : m.eventTypes()) {
        out.i32(t);
      }
      out.pad();
      for (long p : s.positions) {
        out.i64(p);
      }
      Emitter sections = new Emitter(out);
      sections.add(bitmapSection(EVENTS, 0, s.events));
      if (indexed && checkpoint) {
        sections.add(dimSection(TUPLES, 0, s.shapes, false));
        sections.add(dimSection(TUPLES, 1, s.places, false));
      }
      for (int d = 0; indexed && d < s.dims.length; d++) {
        Dim dim = Dim.values()[d];
        if (checkpoint) {
          if (LiveSegment.isBitmap(dim)) {
            sections.add(dimSection(DIM, d, s.dims[d], false));
          } else if (LiveSegment.isChunked(dim)) {
            sections.add(new Section(CHUNKS, d, ChunkedDim.serialize(s.chunks[d])));
          }
          continue; // the other dimensions come from the tuples
        }
        RangeField sparseTo = RangeField.of(dim.field());
        if (sparseTo != null && (sparseTo != RangeField.SRC_PORT && sparseTo != RangeField.DST_PORT
            || ranges.appenders[sparseTo.ordinal()] == null)) {
          sparseTo = null;
        }
        MutableRoaringBitmap present;
        if (LiveSegment.isChunked(dim)) {
          sections.add(chunkedDimSection(d, s.chunks[d], sparseTo != null));
          present = ChunkedDim.present(s.chunks[d]);
        } else {
          List<Object[]> entries = s.dimEntries(dim);
          sections.add(dimSection(DIM, d, entries, sparseTo != null));
          present = TupleDims.union(entries.stream().map(e -> (MutableRoaringBitmap) e[1]).toList());
        }
        if (!present.equals(s.events)) {
          sections.add(bitmapSection(PRESENT, d, present));
        }
      }
      ByteBuffer minmax = ByteBuffer.allocate(16 * s.min.length).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : s.min) {
        minmax.putLong(v);
      }
      for (long v : s.max) {
        minmax.putLong(v);
      }
      sections.add(new Section(MINMAX, 0, minmax.flip()));
      for (int k = 0; indexed && s.rollups != null && k < s.rollups.length; k++) {
        if (s.rollups[k] != null && s.rollups[k].usable()) {
          sections.add(new Section(ROLLUP, k, s.rollups[k].serialize()));
        }
      }
      if (checkpoint) {
        sections.add(bitmapSection(V6_ROWS, 0, s.v6Src));
        sections.add(bitmapSection(V6_ROWS, 1, s.v6Dst));
      } else if (indexed) {
        for (RangeField f : RangeField.values()) {
          int i = f.ordinal();
          sections.add(rangeSection(i, ranges));
          if (ranges.ranks[i] != null) {
            sections.add(new Section(RANKS, i, ranges.ranks[i].serialize()));
          }
          if (ranges.highs[i] != null) {
            sections.add(new Section(HIGH, i, ranges.highs[i].serialize()));
          }
          // written: let the heap have them back before the next field's are serialized
          ranges.appenders[i] = null;
          ranges.presence[i] = null;
          ranges.ranks[i] = null;
          ranges.highs[i] = null;
        }
        sections.add(v6Section(0, ranges.v6Src, ranges.v6SrcCount));
        sections.add(v6Section(1, ranges.v6Dst, ranges.v6DstCount));
      }
      out.i32(sections.count).i32(0);
      out.finish();
      ch.force(true);
    } catch (IOException e) {
      throw new StoreIOException("cannot write index file: path=" + tmp + ", error=" + e, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreIOException("cannot install index file: path=" + file + ", error=" + e, e);
    }
  }

  /** Writes each section as soon as it is made, so only one is in memory at a time. */
  private static final class Emitter {
    private final Out out;
    int count;

    Emitter(Out out) {
      this.out = out;
    }

    void add(Section sec) throws IOException {
      out.u8(sec.kind).u8(sec.field).u16(0).i32(0).i64(sec.length());
      for (ByteBuffer b : sec.parts) {
        out.bytes(b);
      }
      out.pad();
      count++;
    }
  }

  private static final class Section {
    final int kind;
    final int field;
    final List<ByteBuffer> parts = new ArrayList<>();

    Section(int kind, int field, ByteBuffer... parts) {
      this.kind = kind;
      this.field = field;
      for (ByteBuffer p : parts) {
        this.parts.add(p);
      }
    }

    long length() {
      long n = 0;
      for (ByteBuffer b : parts) {
        n += b.remaining();
      }
      return n;
    }
  }

  static ByteBuffer serialize(MutableRoaringBitmap b) {
    b.runOptimize();
    ByteBuffer buf = ByteBuffer.allocate(b.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    b.serialize(buf);
    return buf.flip();
  }

  private static Section bitmapSection(int kind, int field, MutableRoaringBitmap b) {
    return new Section(kind, field, serialize(b));
  }

  private static Section dimSection(int kind, int dim, List<Object[]> entries, boolean sparseToRange) {
    int n = entries.size();
    ByteBuffer head = ByteBuffer.allocate(8 + 8 * n + 8 * (n + 1)).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt(n).putInt(0);
    List<ByteBuffer> blobs = new ArrayList<>(n);
    for (Object[] e : entries) {
      head.putLong((Long) e[0]);
    }
    long off = 0;
    for (Object[] e : entries) {
      head.putLong(off);
      MutableRoaringBitmap bitmap = (MutableRoaringBitmap) e[1];
      ByteBuffer b = serialize(bitmap);
      if (sparseToRange && b.remaining() > (long) SPARSE_BYTES_PER_ROW * bitmap.getCardinality()) {
        b = ByteBuffer.allocate(0);
      }
      blobs.add(b);
      off += b.remaining();
    }
    head.putLong(off);
    Section s = new Section(kind, dim, head.flip());
    s.parts.addAll(blobs);
    return s;
  }

  /**
   * A dimension section from chunked postings. With {@code sparseToRange}, a value on fewer rows
   * than 8 + 8 x the chunks it occurs in (whose bitmap of array containers would cost more than
   * {@link #SPARSE_BYTES_PER_ROW} bytes per row) keeps no bitmap: zero bytes.
   */
  private static Section chunkedDimSection(int dim, ChunkedDim.Chunk[] chunks, boolean sparseToRange) {
    long[] keys = ChunkedDim.keys(chunks);
    int n = keys.length;
    ByteBuffer head = ByteBuffer.allocate(8 + 8 * n + 8 * (n + 1)).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt(n).putInt(0);
    for (long k : keys) {
      head.putLong(k);
    }
    List<ByteBuffer> blobs = new ArrayList<>(n);
    long[] off = {0};
    ChunkedDim.forEachValue(chunks, (value, rows, inChunks, where) -> {
      head.putLong(off[0]);
      ByteBuffer b = sparseToRange && rows < 8 + 8L * inChunks ? ByteBuffer.allocate(0)
          : serialize(ChunkedDim.bitmap(chunks, where));
      blobs.add(b);
      off[0] += b.remaining();
    });
    head.putLong(off[0]);
    Section s = new Section(DIM, dim, head.flip());
    s.parts.addAll(blobs);
    return s;
  }

  private static Section rangeSection(int f, RangeData r) {
    ByteBuffer presence = serialize(r.presence[f]);
    int pad = (8 - presence.remaining() % 8) % 8;
    RangeBitmapWriter a = r.appenders[f];
    ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(r.base[f]).putLong(a == null ? -1 : r.maxRel[f]).putLong(presence.remaining());
    Section s = new Section(RANGE, f, head.flip(), presence, ByteBuffer.allocate(pad));
    if (a != null) {
      s.parts.addAll(a.serializedParts()); // the writer's own chunks: no copy of a bitmap that can be 100 MB
    }
    return s;
  }

  private static Section v6Section(int field, long[][] entries, int n) {
    ByteBuffer b = ByteBuffer.allocate(8 + n * V6Column.ENTRY).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(n).putInt(0);
    V6Column.write(entries, n, b);
    return new Section(V6, field, b.flip());
  }

  /** Buffered writing with a running CRC32C. */
  private static final class Out {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;

    Out(FileChannel ch) {
      this.ch = ch;
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    private void flush() throws IOException {
      buf.flip();
      ByteBuffer dup = buf.duplicate();
      crc.update(dup);
      while (buf.hasRemaining()) {
        written += ch.write(buf);
      }
      buf.clear();
    }

    Out u8(int v) throws IOException {
      room(1);
      buf.put((byte) v);
      return this;
    }

    Out u16(int v) throws IOException {
      room(2);
      buf.putShort((short) v);
      return this;
    }

    Out i32(int v) throws IOException {
      room(4);
      buf.putInt(v);
      return this;
    }

    Out i64(long v) throws IOException {
      room(8);
      buf.putLong(v);
      return this;
    }

    void bytes(ByteBuffer b) throws IOException {
      ByteBuffer src = b.duplicate();
      while (src.hasRemaining()) {
        room(1);
        int n = Math.min(buf.remaining(), src.remaining());
        ByteBuffer slice = src.slice();
        slice.limit(n);
        buf.put(slice);
        src.position(src.position() + n);
      }
    }

    void pad() throws IOException {
      long pos = written + buf.position();
      int pad = (int) ((8 - pos % 8) % 8);
      for (int i = 0; i < pad; i++) {
        u8(0);
      }
    }

    void finish() throws IOException {
      flush();
      ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).flip();
      while (tail.hasRemaining()) {
        ch.write(tail);
      }
    }
  }

  // ---------------------------------------------------------------- reading

  /** Why a file cannot be used; it is then rebuilt from the queue. */
  static final class InvalidIndexException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidIndexException(String message) {
      super(message);
    }
  }

  /** A parsed index file, backed by its mapping. */
  static final class Parsed {
    MappedByteBuffer mapping;
    boolean checkpoint;
    boolean indexed;
    SegmentMeta meta;
    long firstIndex;
    long[] positions;
    ByteBuffer events;
    final long[][] dimKeys = new long[Dim.values().length + 2][];
    final long[][] dimOffsets = new long[Dim.values().length + 2][];
    final ByteBuffer[] dimBlobs = new ByteBuffer[Dim.values().length + 2];
    final ByteBuffer[] present = new ByteBuffer[Dim.values().length];
    final ByteBuffer[] rollups = new ByteBuffer[Rollup.Kind.values().length];
    final ChunkedDim.Chunk[][] chunks = new ChunkedDim.Chunk[Dim.values().length][];
    final long[] min = new long[RangeField.values().length];
    final long[] max = new long[RangeField.values().length];
    final long[] rangeBase = new long[RangeField.values().length];
    final long[] rangeMax = new long[RangeField.values().length];
    final ByteBuffer[] rangePresence = new ByteBuffer[RangeField.values().length];
    final ByteBuffer[] rangeBits = new ByteBuffer[RangeField.values().length];
    final HighValues[] rangeHighs = new HighValues[RangeField.values().length];
    final Ranks[] rangeRanks = new Ranks[RangeField.values().length];
    final ByteBuffer[] v6 = new ByteBuffer[2];
    final int[] v6Count = new int[2];
    final ByteBuffer[] v6Rows = new ByteBuffer[2];
  }

  /** Maps and checks {@code file}; throws {@link InvalidIndexException} saying what is wrong with it. */
  static Parsed read(Path file) throws InvalidIndexException {
    MappedByteBuffer map;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 128) {
        throw new InvalidIndexException("index file truncated: path=" + file + ", size=" + size);
      }
      if (size > Integer.MAX_VALUE) {
        throw new InvalidIndexException("index file too large: path=" + file + ", size=" + size);
      }
      map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (IOException e) {
      throw new InvalidIndexException("index file unreadable: path=" + file + ", error=" + e);
    }
    ByteBuffer b = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = b.capacity();
    CRC32C crc = new CRC32C();
    crc.update(b.duplicate().limit(size - 4));
    if ((int) crc.getValue() != b.getInt(size - 4)) {
      throw new InvalidIndexException("index file fails its checksum: path=" + file);
    }
    if (b.getInt(0) != MAGIC) {
      throw new InvalidIndexException("not an index file: path=" + file);
    }
    int version = b.getShort(4) & 0xFFFF;
    if (version < READ_VERSION || version > VERSION) {
      throw new InvalidIndexException("index file of another format version: path=" + file + ", version=" + version);
    }
    try {
      Parsed p = new Parsed();
      p.mapping = map;
      p.checkpoint = (b.getShort(6) & FLAG_CHECKPOINT) != 0;
      p.indexed = (b.getShort(6) & FLAG_UNINDEXED) == 0;
      int cycle = b.getInt(8);
      int rows = b.getInt(12);
      p.firstIndex = b.getLong(24);
      int types = b.getInt(104);
      int positions = b.getInt(108);
      if (types < 0 || positions < 0 || rows < 0) {
        throw new InvalidIndexException("index file header out of range: path=" + file);
      }
      int[] eventTypes = new int[types];
      int at = 112;
      for (int i = 0; i < types; i++) {
        eventTypes[i] = b.getInt(at);
        at += 4;
      }
      at = align(at);
      p.meta = new SegmentMeta(cycle, b.getLong(16), rows, b.getLong(48), b.getLong(32), b.getLong(40), b.getLong(56),
          b.getLong(64), b.getLong(72), b.getLong(80), b.getLong(88), b.getLong(96), eventTypes);
      p.positions = new long[positions];
      for (int i = 0; i < positions; i++) {
        p.positions[i] = b.getLong(at);
        at += 8;
      }
      int sections = b.getInt(size - 12);
      if (sections < 0) {
        throw new InvalidIndexException("index file section count out of range: path=" + file);
      }
      for (int s = 0; s < sections; s++) {
        int kind = b.get(at) & 0xFF;
        int field = b.get(at + 1) & 0xFF;
        long len = b.getLong(at + 8);
        at += 16;
        if (len < 0 || at + len > size - 12) {
          throw new InvalidIndexException("index file section out of range: path=" + file + ", section=" + s);
        }
        ByteBuffer payload = slice(b, at, (int) len);
        section(p, kind, field, payload);
        at = align(at + (int) len);
      }
      if (at != size - 12) {
        throw new InvalidIndexException("index file sections do not end at the trailer: path=" + file);
      }
      return p;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new InvalidIndexException("index file malformed: path=" + file + ", detail=" + e);
    }
  }

  private static void section(Parsed p, int kind, int field, ByteBuffer payload) {
    switch (kind) {
      case EVENTS:
        p.events = payload;
        break;
      case TUPLES:
      case DIM: {
        if (kind == TUPLES) {
          field = field == 0 ? SHAPES_SLOT : PLACES_SLOT;
        }
        int n = payload.getInt(0);
        long[] keys = new long[n];
        long[] offsets = new long[n + 1];
        for (int i = 0; i < n; i++) {
          keys[i] = payload.getLong(8 + 8 * i);
        }
        for (int i = 0; i <= n; i++) {
          offsets[i] = payload.getLong(8 + 8 * n + 8 * i);
        }
        int blobStart = 8 + 16 * n + 8;
        p.dimKeys[field] = keys;
        p.dimOffsets[field] = offsets;
        p.dimBlobs[field] = slice(payload, blobStart, payload.capacity() - blobStart);
        break;
      }
      case PRESENT:
        p.present[field] = payload;
        break;
      case RANGE: {
        p.rangeBase[field] = payload.getLong(0);
        p.rangeMax[field] = payload.getLong(8);
        int presenceLen = (int) payload.getLong(16);
        p.rangePresence[field] = slice(payload, 24, presenceLen);
        int bitsAt = align(24 + presenceLen);
        if (p.rangeMax[field] >= 0) {
          p.rangeBits[field] = slice(payload, bitsAt, payload.capacity() - bitsAt);
        }
        break;
      }
      case INEXACT:
        break; // written by earlier builds of format 4, read by nothing: skipped
      case V6:
        p.v6Count[field] = payload.getInt(0);
        p.v6[field] = slice(payload, 8, payload.capacity() - 8);
        break;
      case V6_ROWS:
        p.v6Rows[field] = payload;
        break;
      case MINMAX:
        for (int i = 0; i < p.min.length; i++) {
          p.min[i] = payload.getLong(8 * i);
          p.max[i] = payload.getLong(8 * (p.min.length + i));
        }
        break;
      case CHUNKS:
        p.chunks[field] = ChunkedDim.read(payload);
        break;
      case HIGH:
        if (field >= p.rangeHighs.length) {
          throw new IllegalArgumentException("high values section of field " + field);
        }
        p.rangeHighs[field] = HighValues.map(payload);
        break;
      case RANKS:
        if (field >= p.rangeRanks.length) {
          throw new IllegalArgumentException("ranks section of field " + field);
        }
        p.rangeRanks[field] = Ranks.map(payload);
        break;
      case ROLLUP:
        if (field >= p.rollups.length) {
          throw new IllegalArgumentException("rollup section of kind " + field);
        }
        new Rollup.Mapped(payload); // checks the count against the length
        p.rollups[field] = payload;
        break;
      default:
        // an unknown section of the same version cannot happen; ignore rather than fail
    }
  }

  static ByteBuffer slice(ByteBuffer b, int at, int len) {
    ByteBuffer d = b.duplicate();
    d.position(at).limit(at + len);
    return d.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int align(int at) {
    return (at + 7) & ~7;
  }

  /** [Long key, MutableRoaringBitmap] copies of the bitmaps of parsed dimension slot {@code d}. */
  private static List<Object[]> entries(Parsed p, int d) {
    List<Object[]> entries = new ArrayList<>();
    long[] keys = p.dimKeys[d];
    for (int i = 0; keys != null && i < keys.length; i++) {
      ByteBuffer bb = slice(p.dimBlobs[d], (int) p.dimOffsets[d][i], (int) (p.dimOffsets[d][i + 1] - p.dimOffsets[d][i]));
      entries.add(new Object[] {keys[i], new ImmutableRoaringBitmap(bb).toMutableRoaringBitmap()});
    }
    return entries;
  }

  /** The checkpoint in {@code p} as a live-segment snapshot (mutable copies). */
  static LiveSegment.Snapshot toSnapshot(Parsed p) {
    LiveSegment.Snapshot s = new LiveSegment.Snapshot();
    s.meta = p.meta;
    s.firstIndex = p.firstIndex;
    s.positions = p.positions;
    s.events = new ImmutableRoaringBitmap(p.events).toMutableRoaringBitmap();
    s.dims = new List[Dim.values().length];
    for (int d = 0; d < s.dims.length; d++) {
      s.dims[d] = entries(p, d);
    }
    s.chunks = p.chunks.clone();
    for (Dim d : LiveSegment.CHUNKED) {
      if (s.chunks[d.ordinal()] == null) {
        s.chunks[d.ordinal()] = new ChunkedDim.Chunk[0];
      }
      s.dims[d.ordinal()] = null;
    }
    s.shapes = entries(p, SHAPES_SLOT);
    s.places = entries(p, PLACES_SLOT);
    s.v6Src = p.v6Rows[0] == null ? new MutableRoaringBitmap() : new ImmutableRoaringBitmap(p.v6Rows[0]).toMutableRoaringBitmap();
    s.v6Dst = p.v6Rows[1] == null ? new MutableRoaringBitmap() : new ImmutableRoaringBitmap(p.v6Rows[1]).toMutableRoaringBitmap();
    s.min = p.min.clone();
    s.max = p.max.clone();
    if (p.indexed) {
      s.rollups = new Rollup[p.rollups.length];
      for (int k = 0; k < p.rollups.length; k++) {
        s.rollups[k] = p.rollups[k] == null ? Rollup.unusable() : Rollup.read(p.rollups[k]);
      }
    }
    return s;
  }
}
