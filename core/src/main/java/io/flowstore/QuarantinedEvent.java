package io.flowstore;

import io.flowstore.internal.json.JsonText;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * An input the store refused, kept with its raw bytes, where it came from and why. Immutable
 * and thread-safe.
 */
public final class QuarantinedEvent {
  private final IngestError error;
  private final byte[] raw;
  private final long rawLength;
  private final Instant quarantinedAt;

  public QuarantinedEvent(IngestError error, byte[] raw, long rawLength, Instant quarantinedAt) {
    this.error = error;
    this.raw = raw.clone();
    this.rawLength = rawLength;
    this.quarantinedAt = quarantinedAt;
  }

  /** Source, position and reason. */
  public IngestError error() {
    return error;
  }

  public String source() {
    return error.source();
  }

  public String reason() {
    return error.reason();
  }

  /** The stored raw bytes of the refused input (a prefix when {@link #isRawTruncated()}). */
  public byte[] raw() {
    return raw.clone();
  }

  /** The raw bytes as text (UTF-8, malformed sequences replaced). */
  public String rawText() {
    return new String(raw, StandardCharsets.UTF_8);
  }

  /** Size of the refused input in bytes; more than {@code raw().length} when truncated. */
  public long rawLength() {
    return rawLength;
  }

  public boolean isRawTruncated() {
    return rawLength > raw.length;
  }

  public Instant quarantinedAt() {
    return quarantinedAt;
  }

  /**
   * One JSON object: source, line, column, offset, event, field, reason, quarantinedAt, the
   * raw text as {@code raw} (or {@code rawBase64} when it is not valid UTF-8), and
   * {@code rawLength} plus {@code rawTruncated} when the raw limit cut it.
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder(128 + raw.length);
    sb.append("{\"source\":");
    JsonText.quote(error.source(), sb);
    sb.append(",\"line\":").append(error.line()).append(",\"column\":").append(error.column())
        .append(",\"offset\":").append(error.byteOffset()).append(",\"event\":").append(error.ordinal());
    if (error.field() != null) {
      sb.append(",\"field\":");
      JsonText.quote(error.field(), sb);
    }
    sb.append(",\"reason\":");
    JsonText.quote(error.reason(), sb);
    sb.append(",\"quarantinedAt\":\"").append(quarantinedAt).append('"');
    if (io.flowstore.internal.text.Utf8.isValid(raw, 0, raw.length)) {
      sb.append(",\"raw\":");
      JsonText.quote(rawText(), sb);
    } else {
      sb.append(",\"rawBase64\":\"").append(Base64.getEncoder().encodeToString(raw)).append('"');
    }
    if (isRawTruncated()) {
      sb.append(",\"rawLength\":").append(rawLength).append(",\"rawTruncated\":true");
    }
    return sb.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuarantinedEvent && ((QuarantinedEvent) o).error.equals(error)
        && Arrays.equals(((QuarantinedEvent) o).raw, raw) && ((QuarantinedEvent) o).rawLength == rawLength
        && ((QuarantinedEvent) o).quarantinedAt.equals(quarantinedAt);
  }

  @Override
  public int hashCode() {
    return error.hashCode() * 31 + Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
