package io.flowstore;

import java.util.List;

/**
 * Read access to the values of one flow event, shared by the typed {@link FlowEvent} and the
 * zero-allocation {@link FlowView}. Thread-safety is that of the implementation.
 *
 * <p>Every field may be absent; an absent field is never reported as zero or as an empty
 * string. Check {@link #has} before reading a primitive.
 */
public interface FlowValues {

  /** Where unknown fields of an event sit in its JSON. */
  enum Scope {
    /** Top level of the event. */
    EVENT,
    /** Inside {@code details}. */
    DETAILS,
    /** Inside {@code resourceMetadata} (next to {@code path}). */
    RESOURCE_METADATA
  }

  /** VPC or BareMetal. */
  FlowKind kind();

  boolean has(FlowField field);

  /** A STRING field, or null when absent. */
  String string(FlowField field);

  /**
   * An INT64 field.
   *
   * @throws IllegalStateException when the field is absent
   */
  long int64(FlowField field);

  /** Seconds since the epoch of a TIME field; requires {@link #has}. */
  long epochSecond(FlowField field);

  /** Nanoseconds of a TIME field; requires {@link #has}. */
  int nano(FlowField field);

  /** Fraction digits the TIME field was written with; requires {@link #has}. */
  int fractionDigits(FlowField field);

  /** True when the ADDRESS field is IPv4; requires {@link #has}. */
  boolean isV4(FlowField field);

  /** High 64 bits of an IPv6 ADDRESS field (0 for IPv4); requires {@link #has}. */
  long addressHigh(FlowField field);

  /** Low 64 bits of an IPv6 ADDRESS field, or the unsigned 32 bits of IPv4; requires {@link #has}. */
  long addressLow(FlowField field);

  /** A TIME field as a value, or null when absent. */
  default Timestamp time(FlowField field) {
    return has(field) ? Timestamp.of(epochSecond(field), nano(field), fractionDigits(field)) : null;
  }

  /** An ADDRESS field as a value, or null when absent. */
  default IpAddress address(FlowField field) {
    if (!has(field)) {
      return null;
    }
    return isV4(field) ? IpAddress.ofV4((int) addressLow(field))
        : IpAddress.ofV6(addressHigh(field), addressLow(field));
  }

  /** An INT64 field as a boxed value, or null when absent. */
  default Long int64OrNull(FlowField field) {
    return has(field) ? int64(field) : null;
  }

  /** The value of any field as its Java type (String, Long, Timestamp, IpAddress), or null. */
  default Object value(FlowField field) {
    switch (field.type()) {
      case STRING:
        return string(field);
      case INT64:
        return int64OrNull(field);
      case TIME:
        return time(field);
      default:
        return address(field);
    }
  }

  /** True when the event had a {@code resourceMetadata} object. */
  boolean hasResourceMetadata();

  /** True when the event had a {@code details} object. */
  boolean hasDetails();

  /** The resource path, or null when the event had no {@code resourceMetadata.path}. */
  List<Resource> path();

  /**
   * The fields flowstore does not model at {@code scope}, as JSON object members
   * ({@code "k":v,...}, without braces) exactly as they arrived, or null when there are none.
   */
  String unknownFields(Scope scope);
}
