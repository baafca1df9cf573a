package io.flowstore.query.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's Java examples are the code between marker comments in these tests. */
final class ReadmeExamples {
  private ReadmeExamples() {}

  /**
   * The lines of test class {@code test} between {@code // NAME-START} and {@code // NAME-END},
   * less the method's indentation: what the README must show.
   */
  static String between(String test, String name) throws IOException {
    String src = Files.readString(Path.of("src/test/java/io/flowstore/query/readme/" + test + ".java"));
    String start = "// " + name + "-START";
    String body = src.substring(src.indexOf(start) + start.length(), src.indexOf("    // " + name + "-END"));
    StringBuilder sb = new StringBuilder();
    body.lines().skip(1).forEach(l -> sb.append(l.length() >= 4 ? l.substring(4) : l.strip()).append('\n'));
    return sb.toString();
  }

  /** The README as it is in the repository. */
  static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }
}
