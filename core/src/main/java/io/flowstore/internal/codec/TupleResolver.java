package io.flowstore.internal.codec;

import io.flowstore.internal.dict.Dictionary;
import io.flowstore.internal.dict.KeyCache;
import io.flowstore.internal.text.CharBuf;

/**
 * Turns the tagged shape and place keys of a {@link FlowDraft} into dictionary tuple ids.
 * One per ingest context. Not thread-safe. Internal.
 *
 * <p>The hit path is one hash over the key and one comparison in a thread-confined
 * {@link KeyCache}; only a key never seen by this context is split into its strings and
 * interned in the shared {@link Dictionary}.
 */
public final class TupleResolver {
  private static final int CACHE_LIMIT = 1 << 16;
  private final Dictionary dictionary;
  private final KeyCache shapes = new KeyCache(256, CACHE_LIMIT);
  private final KeyCache places = new KeyCache(1024, CACHE_LIMIT);
  private int[] ints = new int[64];

  public TupleResolver(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  public int shapeId(CharBuf key) {
    return shapeId(key.array(), 0, key.length());
  }

  public int placeId(CharBuf key) {
    return placeId(key.array(), 0, key.length());
  }

  /** The shape tuple id of the tagged key {@code c[off, off+len)}. */
  public int shapeId(char[] c, int off, int len) {
    int h = KeyCache.hash(c, off, len);
    int id = shapes.get(c, off, len, h);
    if (id == 0) {
      id = resolveShape(c, off, len);
      shapes.put(c, off, len, h, id);
    }
    return id;
  }

  /** The place tuple id of the tagged key {@code c[off, off+len)}. */
  public int placeId(char[] c, int off, int len) {
    int h = KeyCache.hash(c, off, len);
    int id = places.get(c, off, len, h);
    if (id == 0) {
      id = resolvePlace(c, off, len);
      places.put(c, off, len, h, id);
    }
    return id;
  }

  private int resolveShape(char[] c, int off, int len) {
    int[] slots = new int[FlowRecordDescriptor.SHAPE_SIZE];
    for (int i = off; i < off + len; ) {
      int tag = c[i];
      int n = c[i + 1];
      slots[tag - 1] = dictionary.internString(new String(c, i + 2, n));
      i += 2 + n;
    }
    return dictionary.internTuple(DictionaryDescriptor.SHAPE, slots, slots.length);
  }

  private int resolvePlace(char[] c, int off, int len) {
    int[] place = new int[FlowRecordDescriptor.PLACE_SIZE];
    boolean hasPath = false;
    int pathInts = 0;
    int elem = -1;
    for (int i = off; i < off + len; ) {
      int tag = c[i];
      if (tag == FlowDraft.TAG_PATH) {
        hasPath = true;
        i++;
        continue;
      }
      if (tag == FlowDraft.TAG_ELEM) {
        if (pathInts + FlowRecordDescriptor.PATH_SLOTS > ints.length) {
          ints = java.util.Arrays.copyOf(ints, ints.length * 2);
        }
        elem = pathInts;
        for (int k = 0; k < FlowRecordDescriptor.PATH_SLOTS; k++) {
          ints[pathInts++] = 0;
        }
        i++;
        continue;
      }
      int n = c[i + 1];
      int id = dictionary.internString(new String(c, i + 2, n));
      switch (tag) {
        case FlowDraft.TAG_SUBNET:
          place[FlowRecordDescriptor.PLACE_SUBNET_ID] = id;
          break;
        case FlowDraft.TAG_VM:
          place[FlowRecordDescriptor.PLACE_VM_UUID] = id;
          break;
        case FlowDraft.TAG_FOLDER:
          place[FlowRecordDescriptor.PLACE_FOLDER_ID] = id;
          break;
        default:
          ints[elem + (tag - FlowDraft.TAG_ELEM_TYPE)] = id;
      }
      i += 2 + n;
    }
    if (hasPath) {
      place[FlowRecordDescriptor.PLACE_PATH] = dictionary.internTuple(DictionaryDescriptor.PATH, ints, pathInts);
    }
    return dictionary.internTuple(DictionaryDescriptor.PLACE, place, place.length);
  }
}
