package io.flowstore.internal.index;

import io.flowstore.CorruptStoreException;
import io.flowstore.internal.codec.Crc;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.LE;
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

  /** {@code firstIndex} is the queue index of row 0 (what {@code FlowView.position()} reports). */
  public SegmentRows(CycleData data, long firstIndex, long[] positions, int rows, Dictionary dictionary) {
    this.data = data;
    this.firstIndex = firstIndex;
    this.positions = positions;
    this.rows = rows;
    this.view = new RecordFlowView(dictionary);
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
    while (at < row) {
      pos = nextData(CycleData.next(pos, data.header(pos)));
      at++;
    }
    lastRow = row;
    lastHeader = pos;
    return pos;
  }

  /** The first ready data excerpt at or after header position {@code pos}. */
  private long nextData(long pos) {
    while (true) {
      int h = data.header(pos);
      if (CycleData.isReadyData(h)) {
        return pos;
      }
      if (!CycleData.isReadyMetaData(h)) {
        throw new CorruptStoreException("expected an excerpt, found header 0x" + Integer.toHexString(h)
            + ": file=" + data.file() + ", position=" + pos);
      }
      pos = CycleData.next(pos, h);
    }
  }

  /** Length of the record of {@code row}. */
  public int length(int row) {
    return CycleData.lengthOf(data.header(headerOf(row)));
  }

  /** The record type byte of {@code row}. */
  public byte type(int row) {
    long h = headerOf(row);
    return data.buffer(h + 4, 1).get(CycleData.offsetInChunk(h + 4));
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
    if (buf[0] != FlowRecordDescriptor.TYPE_FLOW_V1) {
      return false;
    }
    if (len < FlowRecordDescriptor.MIN_LENGTH || crc.of(buf, 0, len - 4) != LE.getInt(buf, len - 4)) {
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

  /** The raw bytes of the last loaded row (valid until the next load). */
  public byte[] buffer() {
    return buf;
  }
}
