package io.flowstore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The charts of {@code flowstore report}, drawn as inline SVG with no script: a stacked column
 * chart over time and horizontal bar charts, each with axis labels, a legend and a
 * {@code <title>} tooltip per mark. Static methods; all text is escaped.
 */
final class Svg {
  private Svg() {}

  static final int WIDTH = 960;

  /** Fixed colours of well-known series; other series take the palette in turn. */
  private static final Map<String, String> NAMED = Map.of("ACCEPT", "#2e9d5b", "REJECT", "#d6433b", "-", "#9aa5b1",
      "INGRESS", "#3b73d6", "EGRESS", "#e59c2f", "other", "#c4b5fd");
  private static final String[] PALETTE = {"#7c5cc4", "#1fa3a3", "#c45c9b", "#8a9a2b", "#5c7cc4", "#c48a5c"};

  static String color(String series, int i) {
    String c = NAMED.get(series);
    return c != null ? c : PALETTE[i % PALETTE.length];
  }

  /**
   * Columns over time, one per bucket, stacked by series.
   *
   * @param labels the bucket labels, in order
   * @param series each series' value per bucket (arrays as long as {@code labels})
   * @param unit formats an axis or tooltip value
   */
  static String columns(String title, List<String> labels, Map<String, long[]> series, LongFunction<String> unit,
      boolean binary) {
    int height = 300;
    int left = 80;
    int right = 20;
    int top = 36;
    int bottom = 56;
    int n = Math.max(1, labels.size());
    long max = 1;
    for (int b = 0; b < labels.size(); b++) {
      long sum = 0;
      for (long[] v : series.values()) {
        sum += v[b];
      }
      max = Math.max(max, sum);
    }
    max = binary ? binaryCeiling(max) : niceCeiling(max);
    double plotW = WIDTH - left - right;
    double plotH = height - top - bottom;
    double colW = plotW / n;
    StringBuilder sb = open(title, height);
    axisY(sb, left, top, plotW, plotH, max, unit);
    int every = Math.max(1, (int) Math.ceil(n / 10.0));
    for (int b = 0; b < labels.size(); b++) {
      double x = left + b * colW;
      double y = top + plotH;
      int s = 0;
      for (Map.Entry<String, long[]> e : series.entrySet()) {
        long v = e.getValue()[b];
        if (v > 0) {
          double h = plotH * v / max;
          y -= h;
          sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
              x + colW * 0.1, y, Math.max(1, colW * 0.8), h, color(e.getKey(), s)));
          sb.append("<title>").append(Html.escape(labels.get(b) + " " + e.getKey() + ": " + unit.apply(v)))
              .append("</title></rect>\n");
        }
        s++;
      }
      if (b % every == 0) {
        sb.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>\n", x + colW / 2,
            top + (int) plotH + 18, Html.escape(labels.get(b))));
      }
    }
    legend(sb, new ArrayList<>(series.keySet()), left, height - 14);
    return sb.append("</svg>\n").toString();
  }

  /** One horizontal bar per row, longest first as given. */
  static String bars(String title, List<Map.Entry<String, Long>> rows, String series, LongFunction<String> unit) {
    Map<String, long[]> one = new java.util.LinkedHashMap<>();
    long[] v = new long[rows.size()];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      labels.add(rows.get(i).getKey());
      v[i] = rows.get(i).getValue();
    }
    one.put(series, v);
    return stackedBars(title, labels, one, unit);
  }

  /** One horizontal bar per label, stacked by series, with the total at its end. */
  static String stackedBars(String title, List<String> labels, Map<String, long[]> series, LongFunction<String> unit) {
    int rowH = 26;
    int top = 36;
    int left = 260;
    int right = 110;
    int height = top + Math.max(1, labels.size()) * rowH + (series.size() > 1 ? 40 : 16);
    long max = 1;
    long[] totals = new long[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      for (long[] v : series.values()) {
        totals[i] += v[i];
      }
      max = Math.max(max, totals[i]);
    }
    double plotW = WIDTH - left - right;
    StringBuilder sb = open(title, height);
    if (labels.isEmpty()) {
      sb.append("<text x=\"20\" y=\"").append(top + 18).append("\" class=\"none\">no events</text>\n");
    }
    for (int i = 0; i < labels.size(); i++) {
      double y = top + i * rowH;
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">%s</text>\n",
          left - 8, y + rowH * 0.65, Html.escape(shorten(labels.get(i), 36))));
      double x = left;
      int s = 0;
      for (Map.Entry<String, long[]> e : series.entrySet()) {
        long v = e.getValue()[i];
        if (v > 0) {
          double w = plotW * v / max;
          sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\">", x,
              y + 4, Math.max(1, w), rowH - 8, color(e.getKey(), s)));
          sb.append("<title>").append(Html.escape(labels.get(i) + " " + e.getKey() + ": " + unit.apply(v)))
              .append("</title></rect>\n");
          x += w;
        }
        s++;
      }
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">%s</text>\n", x + 6,
          y + rowH * 0.65, Html.escape(unit.apply(totals[i]))));
    }
    if (series.size() > 1) {
      legend(sb, new ArrayList<>(series.keySet()), left, height - 14);
    }
    return sb.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title, int height) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(title)).append("\">\n");
    sb.append("<text x=\"10\" y=\"22\" class=\"title\">").append(Html.escape(title)).append("</text>\n");
    return sb;
  }

  private static void axisY(StringBuilder sb, int left, int top, double plotW, double plotH, long max,
      LongFunction<String> unit) {
    for (int i = 0; i <= 4; i++) {
      double y = top + plotH - plotH * i / 4;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n", left, y,
          left + plotW, y));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>\n",
          left - 6, y + 4, Html.escape(unit.apply(max * i / 4))));
    }
  }

  private static void legend(StringBuilder sb, List<String> names, int x, int y) {
    int at = x;
    for (int i = 0; i < names.size(); i++) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", at, y - 10,
          color(names.get(i), i)));
      String label = names.get(i).equals("-") ? "(none)" : names.get(i);
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>\n", at + 16, y,
          Html.escape(label)));
      at += 28 + 8 * label.length();
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}: a round top for an axis. */
  static long niceCeiling(long v) {
    long p = 1;
    while (p <= Long.MAX_VALUE / 10 && p * 10 <= v) {
      p *= 10;
    }
    for (long m : new long[] {1, 2, 5, 10}) {
      if (p <= Long.MAX_VALUE / m && p * m >= v) {
        return p * m;
      }
    }
    return v;
  }

  /**
   * A round top for an axis of bytes: a power of two, so that its quarters read as round B, KiB,
   * MiB or GiB.
   */
  static long binaryCeiling(long v) {
    long p = 4;
    while (p < v && p <= Long.MAX_VALUE / 2) {
      p *= 2;
    }
    return p;
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }
}
