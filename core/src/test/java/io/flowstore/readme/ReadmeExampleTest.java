package io.flowstore.readme;

import io.flowstore.ErrorPolicy;
import io.flowstore.FlowEvent;
import io.flowstore.FlowField;
import io.flowstore.FlowStore;
import io.flowstore.IngestOptions;
import io.flowstore.IngestResult;
import io.flowstore.gen.FlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java example, compiled and run; the README must show this exact code. */
class ReadmeExampleTest {
  @TempDir
  Path tmp;

  @Test
  void shouldRunTheReadmeExample() throws Exception {
    Path dir = tmp.resolve("flowstore");
    Path delivery = tmp.resolve("041238068.json");
    Files.write(delivery, FlowGenerator.builder().seed(1).build().jsonArray(1000));
    long[] rejected = {0};

    // README-EXAMPLE-START
    try (FlowStore store = FlowStore.open(dir)) {
      // a bucket delivery, NDJSON, a single object, gzipped or not: all the same call
      IngestResult r = store.ingest(delivery);
      System.out.println(r.accepted() + " stored, " + r.quarantined() + " quarantined");
      for (var error : r.errors()) {
        System.out.println(error); // reason (source=..., line=..., column=..., offset=..., event=...)
      }

      // one message from a log stream; stop at the first bad event instead of quarantining it
      byte[] message = "{\"event_type\":\"yandex.cloud.audit.network.flowlogs.ExternalFlow\"}"
          .getBytes(StandardCharsets.UTF_8);
      store.ingest(message, "stream-42", IngestOptions.DEFAULT.withOnError(ErrorPolicy.FAIL));

      // zero-allocation scan: the view is only valid inside the callback
      store.scan(view -> {
        if ("REJECT".equals(view.string(FlowField.ACTION)) && view.has(FlowField.DST_PORT)
            && view.int64(FlowField.DST_PORT) == 22) {
          rejected[0]++;
        }
        return true; // false stops the scan
      });

      // typed, immutable events; close the stream
      try (Stream<FlowEvent> events = store.flows()) {
        events.limit(3).forEach(e -> System.out.println(e.srcAddr() + " -> " + e.dstAddr() + " " + e.toJson()));
      }
    }
    // README-EXAMPLE-END

    try (FlowStore store = FlowStore.open(dir)) {
      assertThat(store.count()).isEqualTo(1001);
    }
    assertThat(rejected[0]).isPositive();
    String example = example();
    Path readme = Path.of("..", "README.md");
    assertThat(Files.readString(readme)).as("README.md shows the example of ReadmeExampleTest").contains(example);
  }

  /** The lines between the markers, unindented to the README's level. */
  static String example() throws Exception {
    String src = Files.readString(Path.of("src/test/java/io/flowstore/readme/ReadmeExampleTest.java"));
    String body = src.substring(src.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
        src.indexOf("    // README-EXAMPLE-END"));
    StringBuilder sb = new StringBuilder();
    body.lines().skip(1).forEach(l -> sb.append(l.length() >= 4 ? l.substring(4) : l.strip()).append('\n'));
    return sb.toString();
  }
}
