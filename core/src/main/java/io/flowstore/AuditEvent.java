package io.flowstore;

import io.flowstore.internal.json.JsonTree;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stored audit event: a Yandex Audit Trails event or a CTyun Cloud Audit event. Immutable
 * and thread-safe.
 *
 * <p>{@link #json()} is the event exactly as it was ingested, byte for byte (its keys in the
 * style they were written, every value, escape and space as written). The typed accessors map both families onto one vocabulary:
 *
 * <table>
 *   <caption>accessor: Yandex field / CTyun field</caption>
 *   <tr><td>{@link #eventId()}</td><td>event_id / id</td></tr>
 *   <tr><td>{@link #eventType()}</td><td>event_type / eventName</td></tr>
 *   <tr><td>{@link #eventSource()}</td><td>event_source / srcServiceType</td></tr>
 *   <tr><td>{@link #status()}</td><td>event_status / eventLevel.code</td></tr>
 *   <tr><td>{@link #subjectId()}</td><td>authentication.subject_id / accountId</td></tr>
 *   <tr><td>{@link #remoteAddress()}</td><td>request_metadata.remote_address / srcIp</td></tr>
 *   <tr><td>{@link #resourceIds()}</td><td>resource_metadata.path[].resource_id / srcResId</td></tr>
 *   <tr><td>{@link #eventTime()}</td><td>event_time (RFC3339) / eventTime (local time in the store's CTyun zone)</td></tr>
 * </table>
 * Any other field is reached with {@link #value(String)}.
 */
public final class AuditEvent {
  private final AuditFamily family;
  private final String[] keys;
  private final List<String> resourceIds;
  private final Instant[] times;
  private final IpAddress remoteIp;
  private final String json;
  private volatile Map<String, Object> fields;

  /**
   * Built by the store when it reads a record (internal: the order of {@code keys} is the
   * record's); users get events from the store.
   */
  public AuditEvent(AuditFamily family, String[] keys, List<String> resourceIds, Instant[] times, IpAddress remoteIp,
      String json) {
    this.family = family;
    this.keys = keys.clone();
    this.resourceIds = List.copyOf(resourceIds);
    this.times = times.clone();
    this.remoteIp = remoteIp;
    this.json = json;
  }

  public AuditFamily family() {
    return family;
  }

  public String eventId() {
    return keys[0];
  }

  public String eventType() {
    return keys[1];
  }

  public String eventSource() {
    return keys[2];
  }

  /** Yandex event_status (DONE, ERROR, STARTED, CANCELLED); CTyun eventLevel's code (0 normal, 1 warning). */
  public String status() {
    return keys[3];
  }

  /** CTyun eventLevel's value; null for Yandex events. */
  public String statusValue() {
    return keys[4];
  }

  /** CTyun eventActType's code: 0 read, 1 write; null for Yandex events. */
  public String actType() {
    return keys[5];
  }

  public String subjectId() {
    return keys[6];
  }

  public String subjectType() {
    return keys[7];
  }

  public String subjectName() {
    return keys[8];
  }

  public String srcProdTypeName() {
    return keys[9];
  }

  public String srcRegion() {
    return keys[10];
  }

  /** The remote address as written (Yandex may write a host name such as {@code cloud.yandex}). */
  public String remoteAddress() {
    return keys[11];
  }

  /** The remote address when it is an IP address, else null. */
  public IpAddress remoteIp() {
    return remoteIp;
  }

  public List<String> resourceIds() {
    return resourceIds;
  }

  public Instant eventTime() {
    return times[0];
  }

  /** CTyun createTime. */
  public Instant createTime() {
    return times[1];
  }

  /** CTyun updateTime. */
  public Instant updateTime() {
    return times[2];
  }

  /** The event's JSON text exactly as it was ingested. */
  public String json() {
    return json;
  }

  /** The event's JSON as maps, lists, strings, numbers and booleans (see {@link #json()}). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> fields() {
    Map<String, Object> f = fields;
    if (f == null) {
      f = (Map<String, Object>) JsonTree.parse(json);
      fields = f;
    }
    return f;
  }

  /**
   * The value at a dotted path ({@code authentication.subject_name}, {@code details.bucket_id},
   * {@code reqData.resource_name}), or null when there is none. Each step matches a key as
   * written or in the other key style ({@code subjectName} finds {@code subject_name}); a step
   * into a string that holds a JSON object (CTyun {@code reqData}, {@code respData}) reads that
   * object. The value is a String, Long, BigInteger, BigDecimal, Boolean, Map or List.
   */
  public Object value(String path) {
    Object cur = fields();
    for (String step : path.split("\\.", -1)) {
      if (cur instanceof String s) {
        cur = JsonTree.parseObject(s);
      }
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = lookup(m, step);
    }
    return cur;
  }

  private static Object lookup(Map<?, ?> m, String key) {
    if (m.containsKey(key)) {
      return m.get(key);
    }
    String want = normalize(key);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (normalize((String) e.getKey()).equals(want)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** A key without its style: {@code subject_name} and {@code subjectName} are both {@code subjectname}. */
  static String normalize(String key) {
    return key.replace("_", "").toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEvent a && a.family == family && a.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json;
  }
}
