package io.flowstore.gen;

import io.flowstore.internal.json.JsonOut;
import io.flowstore.internal.text.Rfc3339;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * A seeded generator of audit events as delivered JSON: Yandex Audit Trails management and data
 * events (snake_case keys as in bucket deliveries, times with 9 or 0 fraction digits in one
 * delivery, statuses DONE/ERROR/STARTED/CANCELLED) and, at {@link Builder#ctyunShare}, CTyun
 * Cloud Audit events (seed 003's shape: {@code {code, value}} pairs, zoneless UTC+8 times,
 * {@code reqData} as JSON inside a string). The same seed gives the same bytes. Not thread-safe.
 *
 * <p>The workload: a few clouds and folders, a pool of subjects (service accounts, passport
 * and federated users) of which a few do most of the work (Zipf-skewed), event types weighted
 * as in the real samples (object writes and instance operations dominate), remote addresses
 * mostly IPv4, some IPv6, some {@code cloud.yandex} for internal callers.
 */
public final class AuditGenerator {
  private static final String[][] YANDEX_TYPES = {
    {"storage", "ObjectCreate"}, {"storage", "ObjectDelete"}, {"storage", "BucketAclUpdate"},
    {"compute", "CreateInstance"}, {"compute", "DeleteInstance"}, {"compute", "StartInstance"},
    {"compute", "StopInstance"}, {"compute", "CreateDisk"}, {"compute", "DeleteDisk"},
    {"iam", "CreateServiceAccount"}, {"iam", "UpdateServiceAccount"}, {"iam", "DeleteServiceAccount"},
    {"iam", "CreateAccessKey"}, {"iam", "CreateApiKey"}, {"iam", "CreateKey"},
    {"network", "CreateSubnet"}, {"network", "UpdateSubnet"}, {"network", "DeleteSubnet"},
    {"network", "CreateNetwork"}, {"network", "CreateRouteTable"}, {"resourcemanager", "CreateFolder"},
    {"resourcemanager", "UpdateFolder"}, {"lockbox", "GetPayload"}, {"kms", "Decrypt"}};
  private static final String[] STATUSES = {"DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE",
    "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "ERROR", "STARTED", "STARTED", "CANCELLED"};
  private static final String[] SUBJECT_TYPES = {"SERVICE_ACCOUNT", "YANDEX_PASSPORT_USER_ACCOUNT",
    "FEDERATED_USER_ACCOUNT"};
  private static final String[] CTYUN_EVENTS = {"create_volume", "delete_volume", "attach_volume", "create_vm",
    "delete_vm", "reboot_vm", "create_vpc", "create_subnet", "create_security_group", "login", "query_bill"};
  private static final String[] CTYUN_SERVICES = {"Storage", "Computing", "Network", "Security"};
  private static final String[] CTYUN_PRODUCTS = {"EVS", "ECS", "VPC", "EIP", "SG", "IAM"};

  private final SplittableRandom random;
  private final double ctyunShare;
  private final JsonOut out = new JsonOut(2048);
  private final String[] clouds;
  private final String[][] folders;
  private final String[] subjects;
  private final String[] regions;
  private final String[] accounts;
  private long clockNanos;
  private long sequence;

  private AuditGenerator(Builder b) {
    this.random = new SplittableRandom(b.seed);
    this.ctyunShare = b.ctyunShare;
    this.clockNanos = b.start.getEpochSecond() * 1_000_000_000L + b.start.getNano();
    clouds = new String[3];
    folders = new String[clouds.length][];
    for (int c = 0; c < clouds.length; c++) {
      clouds[c] = id("b1g");
      folders[c] = new String[2 + random.nextInt(5)];
      for (int f = 0; f < folders[c].length; f++) {
        folders[c][f] = id("b1g");
      }
    }
    subjects = new String[b.subjects];
    for (int s = 0; s < subjects.length; s++) {
      subjects[s] = id("aje");
    }
    regions = new String[4];
    for (int r = 0; r < regions.length; r++) {
      regions[r] = hex(32);
    }
    accounts = new String[Math.max(2, b.subjects / 4)];
    for (int a = 0; a < accounts.length; a++) {
      accounts[a] = hex(32);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options; every one has a default. */
  public static final class Builder {
    private long seed = 1;
    private double ctyunShare = 0.25;
    private int subjects = 40;
    private Instant start = Instant.parse("2025-11-21T00:00:00Z");

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The share of CTyun events (0..1); the others are Yandex events. Default 0.25. */
    public Builder ctyunShare(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("ctyunShare must be in 0..1: value=" + share);
      }
      this.ctyunShare = share;
      return this;
    }

    /** How many distinct subjects act. Default 40. */
    public Builder subjects(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("subjects must be >= 1: value=" + n);
      }
      this.subjects = n;
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public AuditGenerator build() {
      return new AuditGenerator(this);
    }
  }

  /** {@code n} events as NDJSON. */
  public byte[] ndjson(int n) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(n * 900);
    writeNdjson(b, n);
    return b.toByteArray();
  }

  /** {@code n} events as one JSON array, one event per line, as a bucket delivery is laid out. */
  public byte[] jsonArray(int n) {
    StringBuilder sb = new StringBuilder(n * 900);
    sb.append('[');
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",\n").append(nextJson());
    }
    return sb.append("]\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public void writeNdjson(OutputStream target, long n) {
    try {
      for (long i = 0; i < n; i++) {
        next();
        out.raw('\n');
        out.writeTo(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next event as JSON text. */
  public String nextJson() {
    next();
    return out.toString();
  }

  private void next() {
    out.clear();
    clockNanos += 1_000_000L + random.nextLong(200_000_000L);
    sequence++;
    if (random.nextDouble() < ctyunShare) {
      ctyun();
    } else {
      yandex();
    }
  }

  private int zipf(int n) {
    // rank r with probability ~ 1/(r+1): the few first do most
    double u = random.nextDouble();
    return Math.min(n - 1, (int) Math.floor(Math.pow(n + 1, u)) - 1);
  }

  private void yandex() {
    String[] type = YANDEX_TYPES[zipf(YANDEX_TYPES.length)];
    int s = zipf(subjects.length);
    int cloud = random.nextInt(clouds.length);
    int folder = random.nextInt(folders[cloud].length);
    long sec = Math.floorDiv(clockNanos, 1_000_000_000L);
    int nano = (int) Math.floorMod(clockNanos, 1_000_000_000L);
    out.raw('{').key("event_id").string(id("aje")).raw(',');
    out.key("event_source").string(type[0]).raw(',');
    out.key("event_type").string("yandex.cloud.audit." + type[0] + "." + type[1]).raw(',');
    int digits = random.nextInt(3) == 0 ? 0 : 9; // one delivery mixes 0 and 9 fraction digits
    out.key("event_time").plainString(Rfc3339.format(sec, digits == 0 ? 0 : nano, digits)).raw(',');
    String subjectType = SUBJECT_TYPES[s % SUBJECT_TYPES.length];
    out.key("authentication").raw('{').key("authenticated").ascii("true").raw(',')
        .key("subject_type").string(subjectType).raw(',')
        .key("subject_id").string(subjects[s]).raw(',')
        .key("subject_name").string(subjectType.equals("SERVICE_ACCOUNT") ? "sa-" + s : "user" + s + "@example.com")
        .raw('}').raw(',');
    out.key("authorization").raw('{').key("authorized").ascii(random.nextInt(50) == 0 ? "false" : "true").raw('}')
        .raw(',');
    out.key("resource_metadata").raw('{').key("path").raw('[')
        .raw('{').key("resource_type").string("resource-manager.cloud").raw(',').key("resource_id").string(clouds[cloud])
        .raw(',').key("resource_name").string("cloud-" + cloud).raw('}').raw(',')
        .raw('{').key("resource_type").string("resource-manager.folder").raw(',')
        .key("resource_id").string(folders[cloud][folder]).raw(',').key("resource_name").string("folder-" + folder)
        .raw('}').raw(']').raw('}').raw(',');
    int r = random.nextInt(20);
    String remote = r < 3 ? "cloud.yandex" : r < 5 ? "2a02:6b8:b081:" + Integer.toHexString(random.nextInt(65536)) + "::1:3"
        : (r < 12 ? "10.0." : "85.143.") + random.nextInt(256) + "." + (1 + random.nextInt(254));
    out.key("request_metadata").raw('{').key("remote_address").string(remote).raw(',')
        .key("user_agent").string(r < 3 ? "Yandex Cloud" : "yc/0.1" + (s % 9) + " (linux)").raw(',')
        .key("request_id").string(uuid()).raw('}').raw(',');
    out.key("event_status").string(STATUSES[random.nextInt(STATUSES.length)]).raw(',');
    out.key("details").raw('{');
    switch (type[0]) {
      case "storage":
        out.key("bucket_id").string("bucket-" + random.nextInt(20)).raw(',')
            .key("object_id").string("logs/" + sequence + ".json");
        break;
      case "compute":
        out.key("instance_id").string(id("fhm")).raw(',').key("zone_id").string("ru-central1-" + "abc".charAt(
            random.nextInt(3)));
        break;
      case "network":
        out.key("subnet_id").string(id("e9b")).raw(',').key("v4_cidr_blocks").raw('[')
            .string("10." + random.nextInt(256) + ".0.0/16").raw(']');
        break;
      default:
        out.key("service_account_id").string(id("aje")).raw(',').key("service_account_name").string("sa-" + s);
    }
    out.raw('}');
    if (type[0].equals("lockbox") || type[0].equals("kms")) {
      out.raw(',').key("request_parameters").raw('{').key("secret_id").string(id("e6q")).raw('}')
          .raw(',').key("response").raw('{').key("version_id").string(id("e6q")).raw('}');
    }
    out.raw('}');
  }

  private void ctyun() {
    int s = zipf(accounts.length);
    String name = CTYUN_EVENTS[zipf(CTYUN_EVENTS.length)];
    boolean write = !name.startsWith("query") && !name.equals("login");
    boolean warning = random.nextInt(12) == 0;
    LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(clockNanos, 1_000_000_000L), 0, ZoneOffset.ofHours(8));
    String time = local.toString().replace('T', ' ');
    if (time.length() == 16) {
      time += ":00";
    }
    String product = CTYUN_PRODUCTS[random.nextInt(CTYUN_PRODUCTS.length)];
    String resource = uuid();
    out.raw('{').key("id").string(hex(32)).raw(',');
    out.key("eventId").string(Long.toString(58_000_000L + sequence)).raw(',');
    out.key("eventName").string(name).raw(',');
    out.key("eventTime").string(time).raw(',');
    out.key("eventLevel").raw('{').key("code").string(warning ? "1" : "0").raw(',')
        .key("value").string(warning ? "warning" : "normal").raw('}').raw(',');
    out.key("eventType").raw('{').key("code").string("1").raw(',')
        .key("value").string("Some control events of the console or sales page (ConsoleOperation)").raw('}').raw(',');
    out.key("eventActType").raw('{').key("code").string(write ? "1" : "0").raw(',')
        .key("value").string(write ? "Write type" : "Read type").raw('}').raw(',');
    out.key("srcRegion").string(regions[random.nextInt(regions.length)]).raw(',');
    out.key("srcServiceType").string(CTYUN_SERVICES[random.nextInt(CTYUN_SERVICES.length)]).raw(',');
    out.key("srcIp").string(random.nextInt(4) == 0 ? "" : "183." + random.nextInt(256) + "." + random.nextInt(256) + "."
        + (1 + random.nextInt(254))).raw(',');
    out.key("srcProdTypeName").string(product).raw(',');
    out.key("srcProdName").string(product.toLowerCase(java.util.Locale.ROOT) + "-" + hex(4)).raw(',');
    out.key("srcResId").string(resource).raw(',');
    out.key("accountId").string(accounts[s]).raw(',');
    out.key("reqId").string(Long.toString(58_000_000L + sequence)).raw(',');
    out.key("reqData").string("{\"resource_name\": \"" + product.toLowerCase(java.util.Locale.ROOT) + "-" + s
        + "\", \"resource_uuid\": \"" + resource + "\"}").raw(',');
    out.key("respData").string(warning ? "{\"error\": \"quota exceeded\"}" : "0").raw(',');
    out.key("apiVersion").string("v1").raw(',');
    out.key("createTime").string(time).raw(',');
    out.key("updateTime").string(time).raw('}');
  }

  private String id(String prefix) {
    StringBuilder sb = new StringBuilder(20).append(prefix);
    for (int i = prefix.length(); i < 20; i++) {
      sb.append("abcdefghijklmnopqrstuv0123456789".charAt(random.nextInt(32)));
    }
    return sb.toString();
  }

  private String hex(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return sb.toString();
  }

  private String uuid() {
    return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
  }
}
