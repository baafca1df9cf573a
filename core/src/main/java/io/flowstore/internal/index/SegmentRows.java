package io.flowstore.internal.index;

import io.flowstore.CorruptStoreException;
import io.flowstore.internal.codec.Crc;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.RecordFlowView;
import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.storage.CycleData;

import java.util.Arrays;

/**
 * Reads a segment's records by row, in place from the mapped cycle file. Not thread-safe: one
 * per query. Internal.
 *
 * <p>A row's excerpt is found from the segment's position table (the header position of every
 * {@link #STEP}-th row) and a walk over at most {@code STEP - 1} excerpt headers, skipping
 * Chronicle's index metadata. Reading rows in increasing order continues the walk from the last
 * row, so a scan touches each header once. Every record read is checksum-verified.
 */
public final class SegmentRows {
  /** One position table entry per this many rows. */
  public static final int STEP = 256;

  private final CycleData data;
  private final long firstIndex;
  private final long[] positions;
  private final int rows;
  private final RecordFlowView view;
  private final Crc crc = new Crc();
  private byte[] buf = new byte[256];
  private int lastRow = -1;
  private long lastHeader = -1;
  // in-place reads: the mapped chunk last used and the file position of its byte 0
  private java.nio.ByteBuffer chunk;
  private long chunkStart;
  private long chunkEnd;
  private int base;

  /** {@code firstIndex} is the queue index of row 0 (what {@code FlowView.position()} reports). */
  public SegmentRows(CycleData data, long firstIndex, long[] positions, int rows, Dictionary dictionary) {
    this.data = data;
    this.firstIndex = firstIndex;
    this.positions = positions;
    this.rows = rows;
    this.view = new RecordFlowView(dictionary);
  }

  /** The stream position (queue index) of {@code row}. */
  public long positionOf(int row) {
    return firstIndex + row;
  }

  public int rows() {
    return rows;
  }

  /** The header position of {@code row}'s excerpt. */
  public long headerOf(int row) {
    if (row < 0 || row >= rows) {
      throw new IllegalArgumentException("row outside the segment: row=" + row + ", rows=" + rows);
    }
    long pos;
    int at;
    if (lastRow >= 0 && row >= lastRow && row - lastRow < STEP) {
      pos = lastHeader;
      at = lastRow;
    } else {
      at = row - row % STEP;
      pos = positions[at / STEP];
    }
    if (at < row) {
      int h = header(pos);
      while (at < row) {
        // one header read per excerpt: the walk is a chain of dependent loads
        pos = CycleData.next(pos, h);
        h = header(pos);
        while (!CycleData.isReadyData(h)) {
          if (!CycleData.isReadyMetaData(h)) {
            throw new CorruptStoreException("expected an excerpt, found header 0x" + Integer.toHexString(h)
                + ": file=" + data.file() + ", position=" + pos);
          }
          pos = CycleData.next(pos, h);
          h = header(pos);
        }
        at++;
      }
    }
    lastRow = row;
    lastHeader = pos;
    return pos;
  }

  /** The excerpt header at {@code pos}, read from the cached chunk when it covers it. */
  private int header(long pos) {
    if (pos < chunkStart || pos + 4 > chunkEnd) {
      mapAt(pos, 4);
    }
    return chunk.getInt((int) (pos - chunkStart));
  }

  private void mapAt(long pos, int need) {
    chunk = data.buffer(pos, need);
    chunkStart = pos - CycleData.offsetInChunk(pos);
    chunkEnd = chunkStart + chunk.capacity();
  }

  /**
   * Points the in-place reader at {@code row}'s record, without copying it or checking its
   * checksum (scans that test fixed fields read them straight from the mapped file; a record
   * handed out as an event goes through {@link #load}, which checks). Afterwards
   * {@link #mapped()} holds the record at {@link #base()}, little-endian.
   *
   * @return false when the row holds a dictionary entry, not an event
   */
  public boolean locate(int row) {
    long h = headerOf(row);
    int len = CycleData.lengthOf(header(h));
    long p = h + 4;
    if (p + len > chunkEnd) {
      mapAt(p, len);
    }
    base = (int) (p - chunkStart);
    byte t = chunk.get(base);
    return FlowRecordDescriptor.isFlow(t) && len >= FlowRecordDescriptor.minLength(t);
  }

  /** The mapped chunk of the record {@link #locate} found. */
  public java.nio.ByteBuffer mapped() {
    return chunk;
  }

  /** Offset of that record's first byte in {@link #mapped()}. */
  public int base() {
    return base;
  }

  /**
   * Points the view at {@code row}'s flow record, checksum verified.
   *
   * @return false when the row holds a dictionary entry, not an event
   */
  public boolean load(int row) {
    long h = headerOf(row);
    int len = CycleData.lengthOf(data.header(h));
    if (len > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len, buf.length * 2));
    }
    data.read(h + 4, buf, len);
    if (!FlowRecordDescriptor.isFlow(buf[0])) {
      return false;
    }
    if (!crc.intact(buf, 0, len, FlowRecordDescriptor.minLength(buf[0]))) {
      throw new CorruptStoreException("record fails its checksum: file=" + data.file() + ", position=" + h
          + ", row=" + row);
    }
    view.wrap(buf, 0, len, firstIndex + row);
    return true;
  }

  /** The view {@link #load} pointed at. */
  public RecordFlowView view() {
    return view;
  }
}
