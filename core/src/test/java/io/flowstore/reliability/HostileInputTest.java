package io.flowstore.reliability;

import io.flowstore.FlowStore;
import io.flowstore.IngestError;
import io.flowstore.IngestResult;
import io.flowstore.testing.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile inputs in a child JVM with a 96 MiB heap, so that "bounded memory" is a fact the
 * test can fail on (an OutOfMemoryError ends the child): one 100 MB event, a gzip bomb that
 * would expand to 4 GB, a million tiny events, each streamed with good events around it. Each
 * hostile part is quarantined with a clear reason; the good events around it are stored.
 */
class HostileInputTest {
  static final String TYPE = "yandex.cloud.audit.network.flowlogs.ExternalFlow";
  /** Less than the 100 MB event alone, let alone its decoding: the refusal must come early. About 4 times the 16 MiB event limit (the read window, the parser's text buffer and their growth). */
  static final int HEAP_MIB = 96;

  @TempDir
  Path dir;

  static String event(int i) {
    return "{\"event_id\":\"good-" + i + "\",\"event_type\":\"" + TYPE + "\",\"event_time\":\"2025-11-21T10:00:00Z\","
        + "\"details\":{\"action\":\"ACCEPT\",\"bytes\":\"" + i + "\"}}\n";
  }

  /** {@code n} bytes of {@code b}, made as they are read. */
  static InputStream repeat(byte b, long n) {
    return new InputStream() {
      long left = n;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        java.util.Arrays.fill(buf, off, off + k, b);
        left -= k;
        return k;
      }
    };
  }

  static InputStream concat(InputStream... parts) {
    return new SequenceInputStream(Collections.enumeration(List.of(parts)));
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Gzip of {@code plain}, compressed on a thread as it is read: the bomb never exists whole in memory. */
  static InputStream gzipped(InputStream plain) throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream pipe = new PipedOutputStream(in);
    Thread t = new Thread(() -> {
      try (OutputStream z = new GZIPOutputStream(pipe, 1 << 16)) {
        plain.transferTo(z);
      } catch (IOException e) {
        // the reader stopped early: the bomb was refused
      }
    }, "bomb");
    t.setDaemon(true);
    t.start();
    return in;
  }

  /** The child: each case on its own store directory, one line of results per case. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path base = Path.of(args[0]);
      try (FlowStore s = FlowStore.builder(base.resolve("huge")).maxStringLength(Integer.MAX_VALUE - 1).open()) {
        InputStream in = concat(text(event(1) + "{\"event_type\":\"" + TYPE + "\",\"pad\":\""),
            repeat((byte) 'a', 100L << 20), text("\"}\n" + event(2)));
        report("huge", s.ingest(in, "huge"));
      }
      try (FlowStore s = FlowStore.builder(base.resolve("bomb")).open()) {
        InputStream in = gzipped(concat(text(event(1) + event(2)), repeat((byte) ' ', 4L << 30)));
        report("bomb", s.ingest(in, "bomb.json.gz"));
      }
      try (FlowStore s = FlowStore.builder(base.resolve("tiny")).open()) {
        byte[] tiny = ("{\"event_type\":\"" + TYPE + "\"}\n").getBytes(StandardCharsets.UTF_8);
        InputStream in = new InputStream() {
          long left = 1_000_000L * tiny.length;
          int at;

          @Override
          public int read() {
            if (left <= 0) {
              return -1;
            }
            left--;
            int c = tiny[at];
            at = (at + 1) % tiny.length;
            return c;
          }
        };
        report("tiny", s.ingest(new java.io.BufferedInputStream(in, 1 << 16), "tiny"));
        System.out.println("tiny stored " + s.count());
      }
      System.out.println("heap max " + Runtime.getRuntime().maxMemory());
    }

    static void report(String name, IngestResult r) {
      List<String> reasons = new ArrayList<>();
      for (IngestError e : r.errors()) {
        reasons.add(e.reason());
      }
      System.out.println(name + " accepted=" + r.accepted() + " quarantined=" + r.quarantined() + " reasons=" + reasons);
    }
  }

  @Test
  void shouldRefuseHostileInputsInBoundedMemoryAndKeepTheGoodEventsAround() throws Exception {
    List<String> cmd = Jvm.command(Child.class, true, dir.toString());
    cmd.set(1, "-Xmx" + HEAP_MIB + "m");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the child with a small heap finished: %s", out).isZero();
    assertThat(out).contains("huge accepted=2 quarantined=1 reasons=[event too large: bytes>16777216, limit=16777216]");
    // the spaces expand past the event limit long before any size or ratio limit: refused there, at 16 MiB
    assertThat(out).contains("bomb accepted=2 quarantined=1 reasons=[unreadable region larger than the event limit:"
        + " no event starts before byte=16908452]");
    assertThat(out).contains("tiny accepted=1000000 quarantined=0 reasons=[]", "tiny stored 1000000");
    System.out.println("hostile input: " + out);
  }
}
