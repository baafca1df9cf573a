package io.flowstore.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** An aligned text table: numbers right-aligned, text left-aligned. Not thread-safe. */
final class Table {
  private final String[] header;
  private final boolean[] numeric;
  private final List<String[]> rows = new ArrayList<>();

  Table(String[] header, boolean[] numeric) {
    this.header = header;
    this.numeric = numeric;
  }

  void add(String... cells) {
    rows.add(cells);
  }

  void print(PrintStream out) {
    int[] w = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      w[i] = header[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    line(out, header, w);
    for (String[] r : rows) {
      line(out, r, w);
    }
  }

  private void line(PrintStream out, String[] cells, int[] w) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String c = cells[i];
      boolean last = i == cells.length - 1;
      if (numeric[i]) {
        sb.append(" ".repeat(w[i] - c.length())).append(c);
      } else {
        sb.append(c);
        if (!last) {
          sb.append(" ".repeat(w[i] - c.length()));
        }
      }
    }
    out.println(sb);
  }
}
