package io.flowstore.internal.storage;

import io.flowstore.internal.codec.DictionaryCodec;
import io.flowstore.internal.codec.DictionaryDescriptor;
import io.flowstore.internal.codec.FlowRecordDescriptor;
import io.flowstore.internal.codec.FlowRecordEncoder;
import io.flowstore.internal.codec.TupleResolver;
import io.flowstore.internal.dict.Dictionary;

import java.util.BitSet;

/**
 * Completes flow records on the writer thread, just before they are appended: turns their
 * tagged shape and place keys into dictionary ids, writes the ids and the checksum, and appends
 * the dictionary entries the record needs in its roll cycle. Writer thread only. Internal.
 *
 * <p>Why here: the parser thread is the bottleneck of ingest, the writer thread mostly waits
 * for the disk; dictionary lookups (hashing, comparing keys, cache misses) move to the thread
 * with time to spare, and a single thread owns the dictionary's hot path without locking.
 *
 * <p>Each cycle file carries every entry its records use (see {@link DictionaryDescriptor}),
 * so the emitted sets restart at every cycle. After a reopen within the same cycle, entries
 * are written again: a repeat with the same value is harmless and keeps the rule simple.
 */
public final class FlowFinisher implements StreamWriter.AppendHook {
  private final Dictionary dictionary;
  private final TupleResolver resolver;
  private final FlowRecordEncoder encoder = new FlowRecordEncoder();
  private final DictionaryCodec codec = new DictionaryCodec();
  private final BitSet strings = new BitSet();
  private final BitSet tuples = new BitSet();

  private final io.flowstore.internal.index.Segments segments;

  /** {@code segments} is told of every appended excerpt, to index it (null: no indexing). */
  public FlowFinisher(Dictionary dictionary, io.flowstore.internal.index.Segments segments) {
    this.dictionary = dictionary;
    this.resolver = new TupleResolver(dictionary);
    this.segments = segments;
  }

  @Override
  public void afterAppend(long index, long headerPosition, byte[] b, int off, int len) {
    segments.afterAppend(index, headerPosition, b, off, len);
  }

  @Override
  public void afterBatch() {
    segments.afterBatch();
  }

  @Override
  public void onCycle(int cycle) {
    strings.clear();
    tuples.clear();
  }

  @Override
  public void beforeRecord(Batch batch, int i, StreamWriter.Sink sink) {
    byte[] b = batch.array();
    int off = batch.offset(i);
    if (!FlowRecordDescriptor.isFlow(b[off])) {
      return;
    }
    char[] keys = batch.keys();
    int shapeStart = batch.shapeKeyStart(i);
    int shapeEnd = batch.shapeKeyEnd(i);
    int shapeId = resolver.shapeId(keys, shapeStart, shapeEnd - shapeStart);
    int placeId = resolver.placeId(keys, shapeEnd, batch.placeKeyEnd(i) - shapeEnd);
    int bodyEnd = off + batch.recordLength(i) - FlowRecordDescriptor.CRC_LENGTH;
    int end = encoder.finish(b, off, bodyEnd, shapeId, placeId);
    batch.setRecordLength(i, end - off);
    tuple(shapeId, sink);
    tuple(placeId, sink);
  }

  private void tuple(int id, StreamWriter.Sink sink) {
    if (id == 0 || tuples.get(id)) {
      return;
    }
    int[] parts = dictionary.tuple(id);
    int kind = dictionary.tupleKind(id);
    for (int i = 0; i < parts.length; i++) {
      if (kind == DictionaryDescriptor.PLACE && i == FlowRecordDescriptor.PLACE_PATH) {
        tuple(parts[i], sink);
      } else {
        string(parts[i], sink);
      }
    }
    int n = codec.encodeTuple(id, kind, parts);
    sink.append(codec.buffer(), 0, n);
    tuples.set(id);
  }

  private void string(int id, StreamWriter.Sink sink) {
    if (id == 0 || strings.get(id)) {
      return;
    }
    int n = codec.encodeString(id, dictionary.string(id));
    sink.append(codec.buffer(), 0, n);
    strings.set(id);
  }
}
