package io.flowstore.internal.dict;

import io.flowstore.CorruptStoreException;
import io.flowstore.FlowKind;
import io.flowstore.Resource;
import io.flowstore.internal.codec.DictionaryDescriptor;
import io.flowstore.internal.codec.FlowRecordDescriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The string and tuple dictionary of one stream. Thread-safe. Internal.
 *
 * <p>Design: ids are assigned once and never change while the store is open; lookups by id are
 * plain array reads. Interning takes a lock, but ingest threads hit their own
 * {@link KeyCache} first and come here only for values they have not seen, so the lock is
 * rarely taken. The arrays are replaced, never resized in place, and published through
 * volatile fields; an id reaches a reader only through a record appended after the id was
 * interned (queue append and read order the memory), so a reader always finds the value.
 *
 * <p>Tuples are decoded once into immutable {@link Shape}, {@link Place} and path objects that
 * every reader shares; a scan that reads strings therefore allocates nothing.
 */
public final class Dictionary {
  private volatile String[] strings = new String[256];
  private volatile int[][] tuples = new int[256][];
  private volatile Object[] decoded = new Object[256];
  private volatile byte[] kinds = new byte[256];
  private int nextString = 1;
  private int nextTuple = 1;
  private final Map<String, Integer> stringIds = new HashMap<>();
  private final Map<TupleKey, Integer> tupleIds = new HashMap<>();

  /** The low-cardinality strings of an event, shared by many events. Immutable. */
  public static final class Shape {
    public final int id;
    public final String eventType;
    public final String eventSource;
    public final String eventStatus;
    public final String action;
    public final String direction;
    public final String reason;
    public final String nat;
    /** Null when eventType is not a flow event type. */
    public final FlowKind kind;
    private final String[] bySlot;

    Shape(int id, String[] slots) {
      this.id = id;
      this.bySlot = slots;
      eventType = slots[FlowRecordDescriptor.SHAPE_EVENT_TYPE];
      eventSource = slots[FlowRecordDescriptor.SHAPE_EVENT_SOURCE];
      eventStatus = slots[FlowRecordDescriptor.SHAPE_EVENT_STATUS];
      action = slots[FlowRecordDescriptor.SHAPE_ACTION];
      direction = slots[FlowRecordDescriptor.SHAPE_DIRECTION];
      reason = slots[FlowRecordDescriptor.SHAPE_REASON];
      nat = slots[FlowRecordDescriptor.SHAPE_NAT];
      kind = FlowKind.ofEventType(eventType);
    }

    public String slot(int slot) {
      return bySlot[slot];
    }
  }

  /** Where an event happened: subnet, VM, folder and resource path. Immutable. */
  public static final class Place {
    public final int id;
    public final String subnetId;
    public final String vmUuid;
    public final String folderId;
    /** Null when the event had no path. */
    public final List<Resource> path;
    public final int pathId;

    Place(int id, String subnetId, String vmUuid, String folderId, List<Resource> path, int pathId) {
      this.id = id;
      this.subnetId = subnetId;
      this.vmUuid = vmUuid;
      this.folderId = folderId;
      this.path = path;
      this.pathId = pathId;
    }
  }

  public String string(int id) {
    String[] s = strings;
    if (id <= 0 || id >= s.length || s[id] == null) {
      if (id == 0) {
        return null;
      }
      throw unknown("string", id);
    }
    return s[id];
  }

  public int[] tuple(int id) {
    int[][] t = tuples;
    if (id <= 0 || id >= t.length || t[id] == null) {
      throw unknown("tuple", id);
    }
    return t[id];
  }

  public int tupleKind(int id) {
    tuple(id);
    return kinds[id];
  }

  public boolean hasString(int id) {
    String[] s = strings;
    return id > 0 && id < s.length && s[id] != null;
  }

  public boolean hasTuple(int id) {
    int[][] t = tuples;
    return id > 0 && id < t.length && t[id] != null;
  }

  public Shape shape(int id) {
    Object[] d = decoded;
    if (id > 0 && id < d.length && d[id] instanceof Shape) {
      return (Shape) d[id];
    }
    throw unknown("shape", id);
  }

  public Place place(int id) {
    Object[] d = decoded;
    if (id > 0 && id < d.length && d[id] instanceof Place) {
      return (Place) d[id];
    }
    throw unknown("place", id);
  }

  @SuppressWarnings("unchecked")
  public List<Resource> path(int id) {
    Object[] d = decoded;
    if (id > 0 && id < d.length && d[id] instanceof List) {
      return (List<Resource>) d[id];
    }
    throw unknown("path", id);
  }

  private static CorruptStoreException unknown(String what, int id) {
    return new CorruptStoreException("record refers to an unknown dictionary entry: kind=" + what + ", id=" + id);
  }

  /** The id of {@code value}, or -1 when no stored event has it (a query for it matches nothing). */
  public synchronized int stringId(String value) {
    Integer id = stringIds.get(value);
    return id == null ? -1 : id;
  }

  /** The id of {@code value}, assigning the next one when it is new. */
  public synchronized int internString(String value) {
    Integer id = stringIds.get(value);
    if (id != null) {
      return id;
    }
    int n = nextString;
    putString(n, value);
    return n;
  }

  /** The id of a tuple, assigning the next one when it is new. */
  public synchronized int internTuple(int kind, int[] parts, int count) {
    TupleKey key = new TupleKey(kind, Arrays.copyOf(parts, count));
    Integer id = tupleIds.get(key);
    if (id != null) {
      return id;
    }
    int n = nextTuple;
    putTuple(n, kind, key.parts);
    return n;
  }

  /**
   * Records an entry read back from the queue. Repeats with the same value are expected (each
   * cycle repeats the entries it uses); a different value under a known id is corruption.
   */
  public synchronized void defineString(int id, String value) {
    String[] s = strings;
    if (id < s.length && s[id] != null) {
      if (!s[id].equals(value)) {
        throw new CorruptStoreException("dictionary entry disagrees with an earlier one: kind=string, id=" + id);
      }
      return;
    }
    Integer existing = stringIds.get(value);
    if (existing != null && existing != id) {
      // the same value under two ids happens only after retention dropped a cycle; keep both
      putStringSlot(id, value);
      return;
    }
    putString(id, value);
  }

  public synchronized void defineTuple(int id, int kind, int[] parts) {
    int[][] t = tuples;
    if (id < t.length && t[id] != null) {
      if (kinds[id] != kind || !Arrays.equals(t[id], parts)) {
        throw new CorruptStoreException("dictionary entry disagrees with an earlier one: kind=tuple, id=" + id);
      }
      return;
    }
    putTuple(id, kind, parts.clone());
  }

  private void putString(int id, String value) {
    putStringSlot(id, value);
    stringIds.putIfAbsent(value, id);
  }

  private void putStringSlot(int id, String value) {
    String[] s = strings;
    if (id >= s.length) {
      s = Arrays.copyOf(s, Math.max(s.length * 2, id + 1));
    }
    s[id] = value;
    strings = s;
    nextString = Math.max(nextString, id + 1);
  }

  private void putTuple(int id, int kind, int[] parts) {
    Object value = decode(id, kind, parts);
    int[][] t = tuples;
    Object[] d = decoded;
    byte[] k = kinds;
    if (id >= t.length) {
      int size = Math.max(t.length * 2, id + 1);
      t = Arrays.copyOf(t, size);
      d = Arrays.copyOf(d, size);
      k = Arrays.copyOf(k, size);
    }
    k[id] = (byte) kind;
    d[id] = value;
    t[id] = parts;
    kinds = k;
    decoded = d;
    tuples = t;
    tupleIds.putIfAbsent(new TupleKey(kind, parts), id);
    nextTuple = Math.max(nextTuple, id + 1);
  }

  private Object decode(int id, int kind, int[] parts) {
    switch (kind) {
      case DictionaryDescriptor.SHAPE: {
        if (parts.length != FlowRecordDescriptor.SHAPE_SIZE) {
          throw badTuple(id, kind, parts);
        }
        String[] slots = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
          slots[i] = string(parts[i]);
        }
        return new Shape(id, slots);
      }
      case DictionaryDescriptor.PATH: {
        if (parts.length % FlowRecordDescriptor.PATH_SLOTS != 0) {
          throw badTuple(id, kind, parts);
        }
        List<Resource> list = new ArrayList<>(parts.length / FlowRecordDescriptor.PATH_SLOTS);
        for (int i = 0; i < parts.length; i += FlowRecordDescriptor.PATH_SLOTS) {
          list.add(new Resource(string(parts[i]), string(parts[i + 1]), string(parts[i + 2]), string(parts[i + 3])));
        }
        return Collections.unmodifiableList(list);
      }
      case DictionaryDescriptor.PLACE: {
        if (parts.length != FlowRecordDescriptor.PLACE_SIZE) {
          throw badTuple(id, kind, parts);
        }
        int pathId = parts[FlowRecordDescriptor.PLACE_PATH];
        return new Place(id, string(parts[FlowRecordDescriptor.PLACE_SUBNET_ID]),
            string(parts[FlowRecordDescriptor.PLACE_VM_UUID]), string(parts[FlowRecordDescriptor.PLACE_FOLDER_ID]),
            pathId == 0 ? null : path(pathId), pathId);
      }
      default:
        throw badTuple(id, kind, parts);
    }
  }

  private static CorruptStoreException badTuple(int id, int kind, int[] parts) {
    return new CorruptStoreException("malformed dictionary tuple: id=" + id + ", kind=" + kind + ", size=" + parts.length);
  }

  /** Receives dictionary entries in id order. */
  public interface EntryVisitor {
    void string(int id, String value);

    void tuple(int id, int kind, int[] parts);
  }

  /** Visits every string, then every tuple, each in id order (a consistent copy). */
  public void forEach(EntryVisitor visitor) {
    String[] s;
    int[][] t;
    byte[] k;
    synchronized (this) {
      s = strings.clone();
      t = tuples.clone();
      k = kinds.clone();
    }
    for (int i = 1; i < s.length; i++) {
      if (s[i] != null) {
        visitor.string(i, s[i]);
      }
    }
    for (int i = 1; i < t.length; i++) {
      if (t[i] != null) {
        visitor.tuple(i, k[i], t[i]);
      }
    }
  }

  public synchronized int stringCount() {
    return stringIds.size();
  }

  public synchronized int tupleCount() {
    return tupleIds.size();
  }

  private static final class TupleKey {
    final int kind;
    final int[] parts;
    final int hash;

    TupleKey(int kind, int[] parts) {
      this.kind = kind;
      this.parts = parts;
      this.hash = Arrays.hashCode(parts) * 31 + kind;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TupleKey && ((TupleKey) o).kind == kind && Arrays.equals(((TupleKey) o).parts, parts);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
