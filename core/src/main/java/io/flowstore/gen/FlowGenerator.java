package io.flowstore.gen;

import io.flowstore.FlowKind;
import io.flowstore.internal.json.JsonOut;
import io.flowstore.internal.text.IpText;
import io.flowstore.internal.text.Rfc3339;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of realistic Yandex {@code ExternalFlow} events, as delivered JSON. The one
 * test data generator of flowstore: unit tests, benchmarks and the CLI demo all use it. Not
 * thread-safe; the same seed and options always produce the same bytes.
 *
 * <p>The realistic workload: a cloud with folders, {@link Builder#subnets subnets} (one /24
 * each, some with IPv6) and VMs; the subnet of an event is Zipf-skewed, as are service ports
 * and remote peers; about 10% of flows are REJECTed (more for SSH and RDP from the internet);
 * both directions; about 5% IPv6; about 12% BareMetal events (which carry folderId and no
 * VM fields, per their schema); aggregation windows of 5 minutes, the event written a few
 * seconds after its window closes. int64 values are JSON strings, as Yandex writes them.
 *
 * <p>With {@link Builder#edgeCases(boolean)} every event also gets some of what real input
 * throws at a parser: camelCase and snake_case keys mixed, int64 as numbers, times with 0 to 9
 * fraction digits and offsets, years 0001 and 9999, IPv6 in every text form, int64 extremes,
 * unicode and escapes in names, unknown fields at every level, absent and null fields, hex and
 * decimal tcpFlags.
 */
public final class FlowGenerator {
  /** How keys are spelled. */
  public enum KeyStyle {
    /** As in bucket deliveries: {@code event_type}, {@code src_addr}. */
    SNAKE,
    /** As in the reference documentation: {@code eventType}, {@code srcAddr}. */
    CAMEL
  }

  private static final int[] SERVICE_PORTS = {443, 80, 22, 3389, 53, 8080, 5432, 3306, 6379, 8443, 123, 9200, 25, 5672,
    27017, 9092, 2379, 11211, 1433, 389};
  private static final long WINDOW_NANOS = 300_000_000_000L;
  private static final String[] NAMES_UNICODE = {"прод-сеть", "测试文件夹", "café \"quoted\"", "back\\slash", "tab\there",
    "emoji \uD83D\uDE80", "line\u2028sep", "ctl\u0001char"};

  private final SplittableRandom random;
  private final KeyStyle keyStyle;
  private final boolean edgeCases;
  private final long nanosPerEvent;
  private long clockNanos;
  private long sequence;
  private final Topology topology;
  private final JsonOut out = new JsonOut(2048);
  private final StringBuilder scratch = new StringBuilder(64);

  private FlowGenerator(Builder b) {
    this.random = new SplittableRandom(b.seed);
    this.keyStyle = b.keyStyle;
    this.edgeCases = b.edgeCases;
    this.nanosPerEvent = Math.max(1, 1_000_000_000L / b.eventsPerSecond);
    this.clockNanos = b.start.getEpochSecond() * 1_000_000_000L + b.start.getNano();
    this.topology = new Topology(new SplittableRandom(b.seed ^ 0x5DEECE66DL), b.subnets, b.vms);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a generator. Not thread-safe. */
  public static final class Builder {
    private long seed = 42;
    private KeyStyle keyStyle = KeyStyle.SNAKE;
    private boolean edgeCases;
    private int subnets = 64;
    private int vms = 800;
    private long eventsPerSecond = 2000;
    private Instant start = Instant.parse("2025-11-21T00:00:00Z");

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder keyStyle(KeyStyle style) {
      this.keyStyle = style;
      return this;
    }

    /** Mixes hard input into every event (see the class comment). */
    public Builder edgeCases(boolean on) {
      this.edgeCases = on;
      return this;
    }

    public Builder subnets(int n) {
      if (n < 1 || n > 65_000) {
        throw new IllegalArgumentException("subnets must be in 1..65000: value=" + n);
      }
      this.subnets = n;
      return this;
    }

    public Builder vms(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("vms must be >= 1: value=" + n);
      }
      this.vms = n;
      return this;
    }

    /** Event-time rate: consecutive events are this many per second apart. Default 2000. */
    public Builder eventsPerSecond(long rate) {
      if (rate < 1 || rate > 1_000_000_000L) {
        throw new IllegalArgumentException("eventsPerSecond must be in 1..1e9: value=" + rate);
      }
      this.eventsPerSecond = rate;
      return this;
    }

    /** Event time of the first event. Default 2025-11-21T00:00:00Z. */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public FlowGenerator build() {
      return new FlowGenerator(this);
    }
  }

  /** Subnet ids, most frequent first (Zipf rank order). */
  public List<String> subnetIds() {
    List<String> ids = new ArrayList<>();
    for (Subnet s : topology.subnets) {
      ids.add(s.id);
    }
    return ids;
  }

  /** The /24 of a subnet, e.g. {@code 10.12.3.0/24}, by rank. */
  public String subnetCidr(int rank) {
    Subnet s = topology.subnets.get(rank);
    scratch.setLength(0);
    IpText.appendV4(scratch, s.v4Base);
    return scratch.append("/24").toString();
  }

  /** The next {@code n} events as NDJSON. */
  public byte[] ndjson(int n) {
    JsonOut all = new JsonOut((int) Math.min(n * 900L, 1 << 30)); // grows past 1 GiB if need be, up to a byte[]'s limit
    for (int i = 0; i < n; i++) {
      byte[] e = nextEvent();
      all.rawUtf8(e, 0, out.length()).raw('\n');
    }
    return java.util.Arrays.copyOf(all.array(), all.length());
  }

  /** The next {@code n} events as one JSON array with one event per line (a bucket delivery). */
  public byte[] jsonArray(int n) {
    JsonOut all = new JsonOut((int) Math.min(n * 900L + 4, 1 << 30));
    all.raw('[');
    for (int i = 0; i < n; i++) {
      byte[] e = nextEvent();
      if (i > 0) {
        all.raw(',').raw('\n');
      }
      all.rawUtf8(e, 0, out.length());
    }
    all.raw(']').raw('\n');
    return java.util.Arrays.copyOf(all.array(), all.length());
  }

  /** Writes the next {@code n} events as NDJSON, streaming (constant memory). */
  public void writeNdjson(OutputStream target, long n) {
    try {
      for (long i = 0; i < n; i++) {
        byte[] e = nextEvent();
        target.write(e, 0, out.length());
        target.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next event as a JSON string. */
  public String nextJson() {
    nextEvent();
    return out.toString();
  }

  /** Builds the next event into the internal buffer; valid until the next call. */
  private byte[] nextEvent() {
    out.clear();
    sequence++;
    clockNanos += nanosPerEvent;
    Flow f = topology.flow(random, clockNanos);
    writeEvent(f);
    return out.array();
  }

  // ---------------------------------------------------------------- writing

  private boolean edge(double p) {
    return edgeCases && random.nextDouble() < p;
  }

  private String key(String camel) {
    boolean snake = keyStyle == KeyStyle.SNAKE;
    if (edgeCases && random.nextInt(4) == 0) {
      snake = !snake;
    }
    return snake ? snake(camel) : camel;
  }

  private static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private boolean first;
  private long unknownNames;

  private void field(String camel) {
    if (!first) {
      out.raw(',');
    }
    first = false;
    out.string(key(camel)).raw(':');
  }

  private boolean drop() {
    return edge(0.04);
  }

  private void stringField(String camel, String value) {
    if (value == null || drop()) {
      return;
    }
    field(camel);
    if (edge(0.02)) {
      out.ascii("null");
    } else {
      out.string(value);
    }
  }

  private void int64Field(String camel, long value) {
    if (drop()) {
      return;
    }
    field(camel);
    if (edge(0.3)) {
      out.number(value);
    } else {
      out.raw('"').number(value).raw('"');
    }
  }

  private void timeField(String camel, long nanos, int digits) {
    if (drop()) {
      return;
    }
    field(camel);
    scratch.setLength(0);
    long sec = Math.floorDiv(nanos, 1_000_000_000L);
    int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
    if (edgeCases) {
      int r = random.nextInt(20);
      if (r == 0) {
        sec = Rfc3339.daysFromCivil(1, 1, 1) * 86400L + random.nextInt(86400);
      } else if (r == 1) {
        sec = Rfc3339.daysFromCivil(9999, 12, 31) * 86400L + random.nextInt(86400 - 7200);
      }
      digits = random.nextInt(10);
    }
    nano = truncate(nano, digits);
    if (edge(0.3)) {
      appendWithOffset(sec, nano, digits);
    } else {
      Rfc3339.append(scratch, sec, nano, digits);
    }
    out.plainString(scratch);
  }

  private static int truncate(int nano, int digits) {
    int div = 1;
    for (int i = digits; i < 9; i++) {
      div *= 10;
    }
    return nano / div * div;
  }

  /** Writes the time as local time at a random offset, e.g. {@code 2025-11-21T03:00:00+03:00}. */
  private void appendWithOffset(long sec, int nano, int digits) {
    int minutes = (random.nextInt(27) - 12) * 60 + (random.nextBoolean() ? 30 : 0);
    long local = sec + minutes * 60L;
    if (local < Rfc3339.daysFromCivil(1, 1, 1) * 86400L || local > Rfc3339.MAX_SECOND) {
      Rfc3339.append(scratch, sec, nano, digits);
      return;
    }
    Rfc3339.append(scratch, local, nano, digits);
    scratch.setLength(scratch.length() - 1); // drop 'Z'
    int abs = Math.abs(minutes);
    scratch.append(minutes < 0 ? '-' : '+');
    if (abs / 60 < 10) {
      scratch.append('0');
    }
    scratch.append(abs / 60).append(':');
    if (abs % 60 < 10) {
      scratch.append('0');
    }
    scratch.append(abs % 60);
  }

  private void addressField(String camel, boolean v4, long high, long low) {
    if (drop()) {
      return;
    }
    field(camel);
    scratch.setLength(0);
    if (v4) {
      IpText.appendV4(scratch, (int) low);
    } else if (edgeCases) {
      v6Variant(high, low);
    } else {
      IpText.appendV6(scratch, high, low);
    }
    out.plainString(scratch);
  }

  private void v6Variant(long high, long low) {
    int r = random.nextInt(5);
    if (r == 0) { // full form, leading zeros
      for (int k = 0; k < 8; k++) {
        long word = k < 4 ? high >>> (48 - 16 * k) : low >>> (48 - 16 * (k - 4));
        if (k > 0) {
          scratch.append(':');
        }
        String h = Long.toHexString(word & 0xFFFF);
        for (int z = h.length(); z < 4; z++) {
          scratch.append('0');
        }
        scratch.append(h);
      }
    } else if (r == 1) { // upper case
      IpText.appendV6(scratch, high, low);
      String s = scratch.toString().toUpperCase(java.util.Locale.ROOT);
      scratch.setLength(0);
      scratch.append(s);
    } else if (r == 2) { // IPv4-mapped
      IpText.appendV6(scratch, 0, 0xFFFF_0000_0000L | (low & 0xFFFF_FFFFL));
    } else {
      IpText.appendV6(scratch, high, low);
    }
  }

  private void unknown(double p) {
    if (!edge(p)) {
      return;
    }
    int r = random.nextInt(6);
    field("x" + (char) ('A' + random.nextInt(26)) + "Extra" + (++unknownNames));
    switch (r) {
      case 0:
        out.ascii("{\"nested\":{\"list\":[1,2.50,-3e10,true,null,\"s\"]},\"n\":1.50}");
        break;
      case 1:
        out.ascii("[]");
        break;
      case 2:
        out.ascii("12345678901234567890123");
        break;
      case 3:
        out.string(NAMES_UNICODE[random.nextInt(NAMES_UNICODE.length)]);
        break;
      case 4:
        out.ascii("false");
        break;
      default:
        out.ascii("{}");
    }
  }

  private void writeEvent(Flow f) {
    first = true;
    out.raw('{');
    String eventId = f.eventId;
    if (edge(0.1)) {
      eventId = random.nextBoolean() ? eventId.toUpperCase(java.util.Locale.ROOT) : "aje" + Long.toString(sequence, 32);
    }
    stringField("eventId", eventId);
    stringField("eventSource", f.kind == FlowKind.VPC ? "network" : "baremetal");
    field("eventType");
    out.string(f.kind.eventType());
    long eventNanos = f.aggEnd + 1_000_000_000L + Math.floorMod(f.session, 29_000_000_000L);
    timeField("eventTime", eventNanos, f.session % 5 == 0 ? 0 : 9);
    if (!edge(0.05)) {
      field("resourceMetadata");
      boolean outer = first;
      first = true;
      out.raw('{');
      if (!edge(0.05)) {
        field("path");
        out.raw('[');
        if (!edge(0.05)) {
          resource("resource-manager.cloud", topology.cloudId, "prod-cloud", true);
          out.raw(',');
          resource("resource-manager.folder", f.subnet.folderId,
              edgeCases && random.nextInt(3) == 0 ? NAMES_UNICODE[random.nextInt(NAMES_UNICODE.length)]
                  : f.subnet.folderName, false);
        }
        out.raw(']');
      }
      unknown(0.1);
      out.raw('}');
      first = outer;
    }
    stringField("eventStatus", f.error ? "ERROR" : "DONE");
    if (!edge(0.03)) {
      field("details");
      out.raw('{');
      first = true;
      details(f);
      unknown(0.2);
      out.raw('}');
      first = false;
    }
    unknown(0.2);
    out.raw('}');
  }

  private void resource(String type, String id, String name, boolean firstElement) {
    boolean outer = first;
    first = true;
    out.raw('{');
    stringField("resourceType", type);
    stringField("resourceId", id);
    stringField("resourceName", name);
    unknown(firstElement ? 0.05 : 0.1);
    out.raw('}');
    first = outer;
  }

  private void details(Flow f) {
    boolean vpc = f.kind == FlowKind.VPC;
    if (vpc) {
      int64Field("ifaceIdx", f.vm.iface);
      int64Field("ifaceGen", f.vm.ifaceGen);
      int64Field("session", edge(0.05) ? Long.MAX_VALUE : f.session);
      int64Field("flowIdx", f.flowIdx);
      stringField("action", f.reject ? "REJECT" : "ACCEPT");
    }
    int64Field("vers", f.v6 ? 6 : 4);
    int64Field("proto", f.proto);
    addressField("srcAddr", !f.v6, f.srcHigh, f.srcLow);
    addressField("dstAddr", !f.v6, f.dstHigh, f.dstLow);
    stringField("direction", f.ingress ? "INGRESS" : "EGRESS");
    if (vpc) {
      stringField("reason", f.reject ? (f.ingress ? "SECURITY_GROUP" : "EGRESS_RULE") : null);
      stringField("nat", f.nat);
    }
    int64Field("srcPort", f.srcPort);
    int64Field("dstPort", f.dstPort);
    timeField("aggStart", f.aggStart, 0);
    timeField("aggEnd", f.aggEnd, 0);
    int64Field("packets", f.packets);
    int64Field("bytes", edge(0.03) ? (random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE) : f.bytes);
    if (f.proto == 6 && !drop()) {
      field("tcpFlags");
      if (edge(0.3)) {
        if (random.nextBoolean()) {
          out.raw('"').number(f.tcpFlags).raw('"');
        } else {
          out.plainString("0x" + Long.toHexString(f.tcpFlags).toUpperCase(java.util.Locale.ROOT));
        }
      } else {
        out.plainString("0x" + Long.toHexString(f.tcpFlags));
      }
    }
    if (vpc) {
      stringField("vmUuid", f.vm.uuid);
    }
    stringField("subnetId", f.subnet.id);
    if (!vpc) {
      stringField("folderId", f.subnet.folderId);
    }
  }

  // ---------------------------------------------------------------- topology

  private static final class Subnet {
    String id;
    String folderId;
    String folderName;
    int v4Base;
    long v6High;
    List<Vm> vms = new ArrayList<>();
  }

  private static final class Vm {
    String uuid;
    int iface;
    int ifaceGen;
    int v4;
    long v6Low;
    boolean bareMetal;
  }

  private static final class Flow {
    FlowKind kind;
    Subnet subnet;
    Vm vm;
    boolean ingress;
    boolean reject;
    boolean v6;
    boolean error;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int srcPort;
    int dstPort;
    int proto;
    long tcpFlags;
    long bytes;
    long packets;
    long session;
    long flowIdx;
    long aggStart;
    long aggEnd;
    String nat;
    String eventId;
  }

  private static final class Topology {
    final String cloudId;
    final List<Subnet> subnets = new ArrayList<>();
    final Zipf subnetZipf;
    final Zipf portZipf;
    final Zipf peerZipf;
    final int[] peers;
    final Flow flow = new Flow();

    Topology(SplittableRandom r, int subnetCount, int vmCount) {
      cloudId = yandexId(r, "b1g");
      String[] folders = new String[4];
      String[] folderNames = {"network-prod", "network-stage", "data", "edge"};
      for (int i = 0; i < folders.length; i++) {
        folders[i] = yandexId(r, "b1g");
      }
      for (int i = 0; i < subnetCount; i++) {
        Subnet s = new Subnet();
        s.id = yandexId(r, "e9b");
        int f = r.nextInt(folders.length);
        s.folderId = folders[f];
        s.folderName = folderNames[f];
        s.v4Base = (10 << 24) | ((i / 250) << 16) | ((i % 250) << 8);
        s.v6High = 0x2a0d_d6c0_0000_0000L | ((long) i << 16);
        subnets.add(s);
      }
      for (int i = 0; i < vmCount; i++) {
        Subnet s = subnets.get(i % subnetCount);
        Vm vm = new Vm();
        vm.uuid = uuid(r);
        vm.iface = r.nextInt(10) == 0 ? 1 : 0;
        vm.ifaceGen = r.nextInt(3);
        vm.v4 = s.v4Base | (10 + s.vms.size() % 240);
        vm.v6Low = 0x1000L + s.vms.size();
        vm.bareMetal = r.nextInt(8) == 0;
        s.vms.add(vm);
      }
      subnetZipf = new Zipf(subnetCount, 1.1);
      portZipf = new Zipf(SERVICE_PORTS.length, 1.2);
      peers = new int[5000];
      for (int i = 0; i < peers.length; i++) {
        int a;
        do {
          a = r.nextInt();
        } while ((a >>> 24) == 10 || (a >>> 24) == 0 || (a >>> 24) == 127 || (a >>> 24) >= 224);
        peers[i] = a;
      }
      peerZipf = new Zipf(peers.length, 1.0);
    }

    Flow flow(SplittableRandom r, long nanos) {
      Flow f = flow;
      f.subnet = subnets.get(subnetZipf.sample(r));
      f.vm = f.subnet.vms.isEmpty() ? null : f.subnet.vms.get(r.nextInt(f.subnet.vms.size()));
      if (f.vm == null) {
        f.vm = new Vm();
        f.vm.uuid = uuid(r);
        f.vm.v4 = f.subnet.v4Base | 10;
        f.subnet.vms.add(f.vm);
      }
      f.kind = f.vm.bareMetal ? FlowKind.BAREMETAL : FlowKind.VPC;
      f.ingress = r.nextBoolean();
      f.v6 = r.nextInt(20) == 0;
      f.error = r.nextInt(1000) == 0;
      boolean external = r.nextInt(10) < 7;
      int service = SERVICE_PORTS[portZipf.sample(r)];
      boolean ephemeralService = r.nextInt(10) == 0;
      int servicePort = ephemeralService ? 1024 + r.nextInt(64_000) : service;
      int clientPort = 32768 + r.nextInt(28_232);
      f.proto = servicePort == 53 || servicePort == 123 ? 17 : 6;
      if (r.nextInt(33) == 0) {
        f.proto = 1;
      }
      boolean sensitive = servicePort == 22 || servicePort == 3389;
      double rejectP = f.ingress && external ? (sensitive ? 0.45 : 0.09) : 0.04;
      f.reject = r.nextDouble() < rejectP;
      long localHigh = f.subnet.v6High;
      long localLow = f.v6 ? f.vm.v6Low : f.vm.v4 & 0xFFFF_FFFFL;
      long remoteHigh;
      long remoteLow;
      if (external) {
        int peer = peers[peerZipf.sample(r)];
        remoteHigh = 0x2001_0db8_0000_0000L | ((peer >>> 16) & 0xFFFF);
        remoteLow = f.v6 ? (peer & 0xFFFF_FFFFL) | 0x1_0000_0000L : peer & 0xFFFF_FFFFL;
      } else {
        Subnet other = subnets.get(subnetZipf.sample(r));
        Vm vm = other.vms.isEmpty() ? f.vm : other.vms.get(r.nextInt(other.vms.size()));
        remoteHigh = other.v6High;
        remoteLow = f.v6 ? vm.v6Low : vm.v4 & 0xFFFF_FFFFL;
      }
      if (f.ingress) {
        f.srcHigh = remoteHigh;
        f.srcLow = remoteLow;
        f.dstHigh = localHigh;
        f.dstLow = localLow;
        f.srcPort = clientPort;
        f.dstPort = servicePort;
      } else {
        f.srcHigh = localHigh;
        f.srcLow = localLow;
        f.dstHigh = remoteHigh;
        f.dstLow = remoteLow;
        f.srcPort = clientPort;
        f.dstPort = servicePort;
      }
      if (f.proto == 1) {
        f.srcPort = 0;
        f.dstPort = 0;
      }
      f.tcpFlags = f.reject ? 0x02 : (0x02 | 0x10 | (r.nextBoolean() ? 0x08 : 0) | (r.nextInt(4) == 0 ? 0x01 : 0));
      double lg = 7.5 + r.nextGaussian() * 2.2;
      f.bytes = f.reject ? 40L + r.nextInt(120) : Math.max(40L, (long) Math.exp(Math.min(lg, 24)));
      f.packets = Math.max(1L, f.bytes / (60 + r.nextInt(1400)));
      f.session = r.nextLong() & Long.MAX_VALUE;
      f.flowIdx = r.nextInt(64);
      f.aggStart = Math.floorDiv(nanos, WINDOW_NANOS) * WINDOW_NANOS;
      f.aggEnd = f.aggStart + WINDOW_NANOS;
      f.nat = external && !f.ingress && r.nextInt(3) == 0 ? "SNAT" : "NONE";
      f.eventId = uuid(r);
      return f;
    }
  }

  private static String yandexId(SplittableRandom r, String prefix) {
    String alphabet = "abcdefghijklmnopqrstuv0123456789";
    StringBuilder sb = new StringBuilder(prefix);
    while (sb.length() < 20) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String uuid(SplittableRandom r) {
    return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
  }

  /** Zipf sampling by inverse CDF over a precomputed table. */
  private static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double s) {
      cdf = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1.0 / Math.pow(i + 1, s);
        cdf[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cdf[i] /= sum;
      }
    }

    int sample(SplittableRandom r) {
      double u = r.nextDouble();
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
