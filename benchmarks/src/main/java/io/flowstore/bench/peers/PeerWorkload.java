package io.flowstore.bench.peers;

import io.flowstore.gen.FlowGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The data and the parameters of the peer comparison: the shared seeded generator's
 * ExternalFlow events as one NDJSON file, spread over about a day (so that Q6's hour holds about
 * a 24th of them; small data spans fewer hours), and the values the queries ask about. Every engine reads the same file.
 */
public final class PeerWorkload {
  static final Instant START = Instant.parse("2025-11-21T00:00:00Z");
  public final int events;
  public final long seed;
  public final Path ndjson;
  /** Q1 and Q5's subnet: the one with the most rejected ingress flows among the first 200,000 events. */
  public final String subnet;
  /** Q6's hour: the whole hour in the middle of the data's time span. */
  public final Instant hour;

  private PeerWorkload(int events, long seed, Path ndjson, String subnet) {
    this.events = events;
    long spanSeconds = events / rate(events);
    this.hour = START.plusSeconds(spanSeconds / 2 / 3600 * 3600);
    this.seed = seed;
    this.ndjson = ndjson;
    this.subnet = subnet;
  }

  /** Events per second of generated time: the data spans about a day (at least an hour). */
  private static long rate(int events) {
    return Math.max(1, events / 86_400L);
  }

  static FlowGenerator generator(int events, long seed) {
    return FlowGenerator.builder().seed(seed).start(START).eventsPerSecond(rate(events)).build();
  }

  /** Writes the file {@code dir/flows-N-SEED.ndjson} (once; an existing one is reused). */
  public static PeerWorkload create(Path dir, int events, long seed) throws IOException {
    Path file = dir.resolve("flows-" + events + "-" + seed + ".ndjson");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
        generator(events, seed).writeNdjson(out, events);
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return new PeerWorkload(events, seed, file, busiestRejected(file));
  }

  private static String busiestRejected(Path file) throws IOException {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    try (java.io.BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      for (int i = 0; i < 200_000 && (line = r.readLine()) != null; i++) {
        if (line.contains("\"action\":\"REJECT\"") && line.contains("\"direction\":\"INGRESS\"")) {
          int at = line.indexOf("\"subnet_id\":\"");
          if (at >= 0) {
            at += 13;
            counts.merge(line.substring(at, line.indexOf('"', at)), 1, Integer::sum);
          }
        }
      }
    }
    return counts.entrySet().stream().max(java.util.Map.Entry.<String, Integer>comparingByValue()
        .thenComparing(java.util.Map.Entry.comparingByKey())).orElseThrow().getKey();
  }

  /** The end of {@link #hour}, exclusive. */
  public Instant hourEnd() {
    return hour.plusSeconds(3600);
  }
}
