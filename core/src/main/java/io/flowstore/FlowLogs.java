package io.flowstore;

import io.flowstore.internal.json.JsonOut;
import io.flowstore.internal.json.JsonTree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The store's flow log configurations, with Huawei VPC's flow log API in-process: create, list,
 * show, update, delete, validated as Huawei documents them and failing with its error codes
 * ({@link FlowLogException}), plus the registry of which subnets make up a VPC (what a flow
 * log of resource type {@code vpc} covers). Requests and answers use Huawei's field names and
 * JSON shapes, so a collector can serve them over HTTP unchanged.
 *
 * <p>Capture: a flow log captures the flow events ingested while it is ACTIVE that match its
 * resource and traffic type; events ingested while it is DOWN, or before it existed, are not
 * captured. Each change that bears on capture (creation, a change of {@code admin_state}, a
 * subnet added to or removed from a VPC that a {@code vpc} flow log covers) starts an
 * {@link Epoch} at the flow stream's position at that moment: the change waits until every flow
 * event handed to the store before it is appended, and applies to exactly the events after.
 * The query module turns a flow log's epochs into a condition ({@code FlowLogCapture}), which
 * the indexes answer like any filter. Deleting a flow log removes its capture, never events.
 *
 * <p>Everything persists in {@code flowlogs.json} in the store directory, rewritten atomically
 * (a new file, forced to disk, renamed over the old one) on every change: after a crash the file
 * holds either the state before a change or after it. Thread-safe.
 */
public final class FlowLogs {
  static final String FILE = "flowlogs.json";
  private static final int FORMAT = 1;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "resource_type", "resource_id",
      "traffic_type", "log_group_id", "log_topic_id");
  private static final Set<String> UPDATE_FIELDS = Set.of("name", "description", "admin_state");
  private static final Set<String> RESOURCE_TYPES = Set.of("port", "network", "vpc");
  private static final Set<String> TRAFFIC_TYPES = Set.of("all", "accept", "reject");
  private static final int MAX_ID = 255;

  private final Path file;
  private final Clock clock;
  private final boolean readOnly;
  private final String configuredTenant;
  private String tenant;
  /** By id: list order and keyset paging follow the ids. */
  private final TreeMap<String, FlowLog> logs = new TreeMap<>();
  private final TreeMap<String, TreeSet<String>> vpcSubnets = new TreeMap<>();
  /** Per flow log id, its epochs in position order; {@code until} is derived when they are handed out. */
  private final Map<String, List<Epoch>> epochs = new HashMap<>();
  private final LongSupplier barrier;

  /**
   * A stretch of the flow stream over which a flow log's capture rule stayed the same: the events
   * at positions (queue indexes) in ({@code after}, {@code until}] are captured when
   * {@code active} and they match the resource (for a {@code vpc} flow log: a subnet of
   * {@code subnets}, the VPC's registered subnets then) and the traffic type.
   */
  public record Epoch(long after, long until, boolean active, Set<String> subnets) {}

  FlowLogs(Path dir, String tenant, Clock clock, boolean readOnly, LongSupplier barrier) {
    this.barrier = barrier;
    this.file = dir.resolve(FILE);
    this.clock = clock;
    this.readOnly = readOnly;
    this.configuredTenant = tenant;
    load();
    if (configuredTenant != null) {
      this.tenant = configuredTenant;
    }
  }

  /** The tenant (Huawei's project id) new flow logs belong to: the store's configured one, else one generated once per store. */
  public synchronized String tenantId() {
    if (tenant == null) {
      tenant = UUID.randomUUID().toString().replace("-", "");
    }
    return tenant;
  }

  /**
   * Creates a flow log from Huawei's request fields: {@code resource_type}, {@code resource_id},
   * {@code traffic_type}, {@code log_group_id}, {@code log_topic_id} (required), {@code name},
   * {@code description} (optional). It starts ACTIVE.
   *
   * @throws FlowLogException VPC.3001 for an invalid or unknown parameter, VPC.3004 for a duplicate
   */
  public synchronized FlowLog create(Map<String, ?> request) {
    writable();
    for (String k : request.keySet()) {
      if (!CREATE_FIELDS.contains(k)) {
        throw FlowLogException.invalid(k, "unknown parameter");
      }
    }
    String name = name(optional(request, "name"));
    String description = description(optional(request, "description"));
    String resourceType = oneOf("resource_type", required(request, "resource_type"), RESOURCE_TYPES);
    String resourceId = id("resource_id", required(request, "resource_id"));
    String trafficType = oneOf("traffic_type", required(request, "traffic_type"), TRAFFIC_TYPES);
    String group = id("log_group_id", required(request, "log_group_id"));
    String topic = id("log_topic_id", required(request, "log_topic_id"));
    for (FlowLog f : logs.values()) {
      if (f.resourceType().equals(resourceType) && f.resourceId().equals(resourceId)
          && f.trafficType().equals(trafficType) && f.logGroupId().equals(group) && f.logTopicId().equals(topic)) {
        throw new FlowLogException(FlowLogException.DUPLICATE, "Duplicate flow log: the same resource, traffic type,"
            + " log group and log topic as flow log " + f.id());
      }
    }
    long at = barrier.getAsLong(); // before any change: it may fail
    String now = now();
    FlowLog f = new FlowLog(UUID.randomUUID().toString(), name, description, tenantId(), resourceType, resourceId,
        trafficType, group, topic, "lts", true, now, now);
    List<Epoch> e = new ArrayList<>();
    e.add(new Epoch(at, Long.MAX_VALUE, true, resourceType.equals("vpc") ? subnets(resourceId) : null));
    logs.put(f.id(), f);
    epochs.put(f.id(), e);
    save(() -> {
      logs.remove(f.id());
      epochs.remove(f.id());
    });
    return f;
  }

  /** {@link #create(Map)} from Huawei's request body {@code {"flow_log": {...}}}. */
  public FlowLog create(String json) {
    return create(body(json));
  }

  /** The flow log {@code id}. @throws FlowLogException VPC.3005 when there is none */
  public synchronized FlowLog show(String id) {
    FlowLog f = logs.get(id);
    if (f == null) {
      throw FlowLogException.notFound(id);
    }
    return f;
  }

  /**
   * Changes {@code name}, {@code description} and {@code admin_state} (true: ACTIVE, false: DOWN)
   * of flow log {@code id}; any other field cannot be changed.
   *
   * @throws FlowLogException VPC.3001 for an invalid parameter or one that cannot be updated, VPC.3005 when there is no such flow log
   */
  public synchronized FlowLog update(String id, Map<String, ?> request) {
    writable();
    FlowLog old = show(id);
    for (String k : request.keySet()) {
      if (!UPDATE_FIELDS.contains(k)) {
        throw FlowLogException.invalid(k, CREATE_FIELDS.contains(k) || FlowLog.FIELDS.contains(k)
            ? "cannot be updated (only name, description and admin_state can)" : "unknown parameter");
      }
    }
    String name = request.containsKey("name") ? name(optional(request, "name")) : old.name();
    String description = request.containsKey("description") ? description(optional(request, "description"))
        : old.description();
    boolean admin = old.adminState();
    if (request.containsKey("admin_state")) {
      Object v = request.get("admin_state");
      if (v instanceof Boolean b) {
        admin = b;
      } else if ("true".equals(v) || "false".equals(v)) {
        admin = Boolean.parseBoolean((String) v);
      } else {
        throw FlowLogException.invalid("admin_state", "must be true or false");
      }
    }
    boolean changed = admin != old.adminState();
    long at = changed ? barrier.getAsLong() : 0; // before any change: it may fail
    FlowLog f = old.withChanges(name, description, admin, now());
    logs.put(id, f);
    if (changed) {
      startEpoch(id, admin, admin && f.resourceType().equals("vpc") ? subnets(f.resourceId()) : last(id).subnets(), at);
    }
    save(() -> {
      logs.put(id, old);
      if (changed) {
        dropLastEpoch(id);
      }
    });
    return f;
  }

  /** {@link #update(String, Map)} from Huawei's request body {@code {"flow_log": {...}}}. */
  public FlowLog update(String id, String json) {
    return update(id, body(json));
  }

  /** Deletes flow log {@code id} (never the events). @throws FlowLogException VPC.3005 when there is none */
  public synchronized void delete(String id) {
    writable();
    FlowLog old = show(id);
    List<Epoch> e = epochs.remove(id);
    logs.remove(id);
    save(() -> {
      logs.put(id, old);
      epochs.put(id, e);
    });
  }

  /** The flow logs that match {@code query} (as {@link #list(Map)}) with their epochs, taken together. */
  public synchronized Map<FlowLog, List<Epoch>> withEpochs(Map<String, String> query) {
    Map<FlowLog, List<Epoch>> out = new java.util.LinkedHashMap<>();
    for (FlowLog f : list(query)) {
      out.put(f, bounded(epochs.get(f.id())));
    }
    return out;
  }

  /** The epochs of flow log {@code id}, in position order. @throws FlowLogException VPC.3005 when there is none */
  public synchronized List<Epoch> epochs(String id) {
    show(id);
    return bounded(epochs.get(id));
  }

  /** {@code e} with each epoch's {@code until}: the next one's {@code after}, the last one's unbounded. */
  private static List<Epoch> bounded(List<Epoch> e) {
    List<Epoch> out = new ArrayList<>(e.size());
    for (int i = 0; i < e.size(); i++) {
      Epoch x = e.get(i);
      out.add(new Epoch(x.after(), i + 1 < e.size() ? e.get(i + 1).after() : Long.MAX_VALUE, x.active(), x.subnets()));
    }
    return List.copyOf(out);
  }

  private Epoch last(String id) {
    List<Epoch> e = epochs.get(id);
    return e.get(e.size() - 1);
  }

  /** Ends flow log {@code id}'s current epoch at stream position {@code stream} and starts the next. */
  private void startEpoch(String id, boolean active, Set<String> subnets, long stream) {
    List<Epoch> e = epochs.get(id);
    long at = Math.max(stream, e.get(e.size() - 1).after()); // positions only grow
    e.add(new Epoch(at, Long.MAX_VALUE, active, subnets));
  }

  /** Undoes {@link #startEpoch} (the change could not be saved). */
  private void dropLastEpoch(String id) {
    List<Epoch> e = epochs.get(id);
    e.remove(e.size() - 1);
  }

  /**
   * The flow logs that match every filter of {@code query} (Huawei's list parameters: any field
   * name of {@link FlowLog#FIELDS}, {@code status} among them, equal to the value), in id order;
   * {@code limit} caps the page and {@code marker} starts it after that id (the last of the
   * previous page).
   *
   * @throws FlowLogException VPC.3001 for an unknown filter or a bad limit
   */
  public synchronized List<FlowLog> list(Map<String, String> query) {
    int limit = Integer.MAX_VALUE;
    String marker = null;
    Map<String, String> filters = new TreeMap<>();
    for (Map.Entry<String, String> e : query.entrySet()) {
      String k = e.getKey();
      if (k.equals("limit")) {
        try {
          limit = Integer.parseInt(e.getValue());
        } catch (NumberFormatException x) {
          limit = -1;
        }
        if (limit < 1) {
          throw FlowLogException.invalid("limit", "must be a whole number from 1: value=" + e.getValue());
        }
      } else if (k.equals("marker")) {
        marker = e.getValue();
      } else if (FlowLog.FIELDS.contains(k)) {
        filters.put(k, e.getValue());
      } else {
        throw FlowLogException.invalid(k, "unknown filter");
      }
    }
    List<FlowLog> out = new ArrayList<>();
    for (FlowLog f : (marker == null ? logs : logs.tailMap(marker, false)).values()) {
      if (out.size() == limit) {
        break;
      }
      boolean match = true;
      for (Map.Entry<String, String> e : filters.entrySet()) {
        if (!e.getValue().equals(f.field(e.getKey()))) {
          match = false;
          break;
        }
      }
      if (match) {
        out.add(f);
      }
    }
    return out;
  }

  /** Every flow log, in id order. */
  public List<FlowLog> list() {
    return list(Map.of());
  }

  /** Registers subnet {@code subnetId} as part of VPC {@code vpcId} (for flow logs of resource type vpc). */
  public synchronized void registerSubnet(String vpcId, String subnetId) {
    writable();
    id("vpc_id", vpcId);
    id("subnet_id", subnetId);
    if (subnets(vpcId).contains(subnetId)) {
      return;
    }
    long at = barrier.getAsLong(); // before any change: it may fail
    if (vpcSubnets.computeIfAbsent(vpcId, v -> new TreeSet<>()).add(subnetId)) {
      List<String> changed = subnetsChanged(vpcId, at);
      save(() -> {
        removeSubnet(vpcId, subnetId);
        changed.forEach(this::dropLastEpoch);
      });
    }
  }

  /**
   * Starts an epoch at stream position {@code at} with the VPC's subnets now for each ACTIVE vpc
   * flow log of {@code vpcId} (a DOWN one takes the subnets when it is switched on); returns
   * their ids.
   */
  private List<String> subnetsChanged(String vpcId, long at) {
    List<String> changed = new ArrayList<>();
    Set<String> now = subnets(vpcId);
    for (FlowLog f : logs.values()) {
      if (f.resourceType().equals("vpc") && f.resourceId().equals(vpcId) && f.adminState()) {
        startEpoch(f.id(), true, now, at);
        changed.add(f.id());
      }
    }
    return changed;
  }

  /** Removes subnet {@code subnetId} from VPC {@code vpcId}; false when it was not registered. */
  public synchronized boolean unregisterSubnet(String vpcId, String subnetId) {
    writable();
    if (!subnets(vpcId).contains(subnetId)) {
      return false;
    }
    long at = barrier.getAsLong(); // before any change: it may fail
    removeSubnet(vpcId, subnetId);
    List<String> changed = subnetsChanged(vpcId, at);
    save(() -> {
      vpcSubnets.computeIfAbsent(vpcId, v -> new TreeSet<>()).add(subnetId);
      changed.forEach(this::dropLastEpoch);
    });
    return true;
  }

  private boolean removeSubnet(String vpcId, String subnetId) {
    TreeSet<String> s = vpcSubnets.get(vpcId);
    if (s == null || !s.remove(subnetId)) {
      return false;
    }
    if (s.isEmpty()) {
      vpcSubnets.remove(vpcId);
    }
    return true;
  }

  /** The subnets registered for VPC {@code vpcId}, sorted. */
  public synchronized Set<String> subnets(String vpcId) {
    TreeSet<String> s = vpcSubnets.get(vpcId);
    return s == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(s));
  }

  // validation, as Huawei documents it

  private static String name(String v) {
    if (v == null) {
      return "";
    }
    if (v.codePointCount(0, v.length()) > 64) {
      throw FlowLogException.invalid("name", "at most 64 characters");
    }
    for (int i = 0; i < v.length(); ) {
      int c = v.codePointAt(i);
      boolean ok = c < 0x80 ? Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' : cjk(c);
      if (!ok) {
        throw FlowLogException.invalid("name", "only letters, digits, '_', '-', '.' and CJK characters are allowed");
      }
      i += Character.charCount(c);
    }
    return v;
  }

  /** A CJK letter: Han ideographs, Japanese kana, Korean Hangul. */
  private static boolean cjk(int c) {
    if (!Character.isLetter(c)) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(c);
    return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
  }

  private static String description(String v) {
    if (v == null) {
      return "";
    }
    if (v.codePointCount(0, v.length()) > 255) {
      throw FlowLogException.invalid("description", "at most 255 characters");
    }
    if (v.indexOf('<') >= 0 || v.indexOf('>') >= 0) {
      throw FlowLogException.invalid("description", "must not contain '<' or '>'");
    }
    return v;
  }

  private static String oneOf(String parameter, String v, Set<String> allowed) {
    if (!allowed.contains(v)) {
      throw FlowLogException.invalid(parameter, "must be one of " + new TreeSet<>(allowed) + ": value=" + v);
    }
    return v;
  }

  private static String id(String parameter, String v) {
    if (v == null || v.isBlank()) {
      throw FlowLogException.invalid(parameter, "required");
    }
    if (v.length() > MAX_ID) {
      throw FlowLogException.invalid(parameter, "at most " + MAX_ID + " characters");
    }
    return v;
  }

  private static String required(Map<String, ?> request, String key) {
    String v = optional(request, key);
    if (v == null || v.isEmpty()) {
      throw FlowLogException.invalid(key, "required");
    }
    return v;
  }

  private static String optional(Map<String, ?> request, String key) {
    Object v = request.get(key);
    if (v != null && !(v instanceof String)) {
      throw FlowLogException.invalid(key, "must be a string");
    }
    return (String) v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(String json) {
    Object v;
    try {
      v = JsonTree.parse(json);
    } catch (IllegalArgumentException e) {
      throw FlowLogException.invalid("flow_log", "the request body is not JSON: " + e.getMessage());
    }
    if (!(v instanceof Map<?, ?> m) || !(m.get("flow_log") instanceof Map<?, ?> inner) || m.size() != 1) {
      throw FlowLogException.invalid("flow_log", "the request body must be {\"flow_log\": {...}}");
    }
    return (Map<String, Object>) inner;
  }

  private String now() {
    return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(TIME);
  }

  private void writable() {
    if (readOnly) {
      throw new IllegalStateException("store is read-only: flow logs cannot be changed");
    }
  }

  // persistence

  /**
   * Written once, after the first save: while it exists, {@link #FILE} must too, so that a lost
   * configuration file is refused instead of read as "no flow logs".
   */
  static final String MARKER = FILE + ".expected";

  private void load() {
    if (!Files.exists(file)) {
      Path marker = file.resolveSibling(MARKER);
      if (Files.exists(marker)) {
        throw new CorruptStoreException("the flow log file is missing: path=" + file + " (" + marker.getFileName()
            + " says it was written; restore it from a backup, or delete " + marker + " to start with no flow logs)");
      }
      return;
    }
    try {
      Object v = JsonTree.parse(Files.readString(file, StandardCharsets.UTF_8));
      Map<?, ?> root = (Map<?, ?>) v;
      Object format = root.get("format");
      if (!(format instanceof Number n) || n.intValue() > FORMAT || n.intValue() < 1) {
        throw new IncompatibleStoreException("flow log file of a newer or unknown format: path=" + file
            + ", format=" + format + ", supported=" + FORMAT);
      }
      tenant = (String) root.get("tenant_id");
      for (Object o : (List<?>) root.get("flow_logs")) {
        Map<?, ?> entry = (Map<?, ?>) o;
        Map<?, ?> m = (Map<?, ?>) entry.get("flow_log");
        FlowLog f = new FlowLog(s(m, "id"), s(m, "name"), s(m, "description"), s(m, "tenant_id"),
            s(m, "resource_type"), s(m, "resource_id"), s(m, "traffic_type"), s(m, "log_group_id"),
            s(m, "log_topic_id"), s(m, "log_store_type"), (Boolean) m.get("admin_state"), s(m, "created_at"),
            s(m, "updated_at"));
        logs.put(f.id(), f);
        List<?> es = (List<?>) entry.get("epochs");
        List<Epoch> list = new ArrayList<>();
        for (Object item : es) {
          Map<?, ?> e = (Map<?, ?>) item;
          Set<String> subnets = null;
          if (e.get("subnets") != null) {
            TreeSet<String> t = new TreeSet<>();
            for (Object sn : (List<?>) e.get("subnets")) {
              t.add((String) sn);
            }
            subnets = Collections.unmodifiableSet(t);
          }
          list.add(new Epoch(((Number) e.get("after")).longValue(), Long.MAX_VALUE, (Boolean) e.get("active"), subnets));
        }
        if (list.isEmpty() || list.get(list.size() - 1).active() != f.adminState()) {
          throw new IllegalArgumentException("a flow log whose epochs disagree with its admin_state: " + f.id());
        }
        epochs.put(f.id(), list);
      }
      Map<?, ?> vpcs = (Map<?, ?>) root.get("vpc_subnets");
      for (Map.Entry<?, ?> e : vpcs.entrySet()) {
        TreeSet<String> subnets = new TreeSet<>();
        for (Object s : (List<?>) e.getValue()) {
          subnets.add((String) s);
        }
        vpcSubnets.put((String) e.getKey(), subnets);
      }
    } catch (IOException e) {
      throw new StoreIOException("cannot read the flow logs: path=" + file + ", error=" + e, e);
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new CorruptStoreException("the flow log file is damaged: path=" + file + ", error=" + e.getMessage());
    }
  }

  private static String s(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("missing or not a string: " + key);
    }
    return (String) v;
  }

  /** Writes the state atomically; on failure undoes the change in memory and rethrows. */
  private void save(Runnable undo) {
    JsonOut out = new JsonOut(4096);
    out.raw('{').key("format").number(FORMAT).raw(',').key("tenant_id").string(tenantId()).raw(',')
        .key("flow_logs").raw('[');
    boolean first = true;
    for (FlowLog f : logs.values()) {
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.raw('{').key("flow_log");
      f.write(out);
      out.raw(',').key("epochs").raw('[');
      List<Epoch> es = epochs.get(f.id());
      for (int i = 0; i < es.size(); i++) {
        Epoch e = es.get(i);
        if (i > 0) {
          out.raw(',');
        }
        out.raw('{');
        out.key("after").number(e.after()).raw(',').key("active").ascii(Boolean.toString(e.active()));
        if (e.subnets() != null) {
          out.raw(',').key("subnets").raw('[');
          int k = 0;
          for (String sn : e.subnets()) {
            if (k++ > 0) {
              out.raw(',');
            }
            out.string(sn);
          }
          out.raw(']');
        }
        out.raw('}');
      }
      out.raw(']').raw('}');
    }
    out.raw(']').raw(',').key("vpc_subnets").raw('{');
    first = true;
    for (Map.Entry<String, TreeSet<String>> e : vpcSubnets.entrySet()) {
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.string(e.getKey()).raw(':').raw('['); // an escaped key: VPC ids are user input
      boolean firstSubnet = true;
      for (String s : e.getValue()) {
        if (!firstSubnet) {
          out.raw(',');
        }
        firstSubnet = false;
        out.string(s);
      }
      out.raw(']');
    }
    out.raw('}').raw('}');
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(out.array(), 0, out.length());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      io.flowstore.internal.CrashPoints.reach(io.flowstore.internal.CrashPoints.FLOW_LOG); // new state written, not yet in place
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      undo.run();
      throw new StoreIOException("cannot write the flow logs: path=" + file + ", error=" + e, e);
    }
    Path marker = file.resolveSibling(MARKER);
    try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      if (!Files.exists(marker)) {
        Files.writeString(marker, FILE + " holds this store's flow log configurations; it must exist while this file does.\n",
            StandardCharsets.UTF_8);
      }
      d.force(true);
    } catch (IOException e) {
      // the new file is in place: the change is made (memory and file agree), only the rename's durability is in doubt
      throw new StoreIOException("the flow logs were written but their directory could not be synced: path="
          + file.getParent() + ", error=" + e, e);
    }
  }
}
