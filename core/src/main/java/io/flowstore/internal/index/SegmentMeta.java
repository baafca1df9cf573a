package io.flowstore.internal.index;

/**
 * What a segment holds, for pruning whole segments before touching an index. Immutable. Internal.
 *
 * @param cycle the Chronicle roll cycle
 * @param firstSeq sequence number (within the cycle) of row 0
 * @param rows excerpts covered, from row 0 (dictionary entries included, as rows without events)
 * @param events flow events among them
 * @param firstPosition file position of row 0's excerpt header in the cycle file
 * @param endPosition file position after the last covered excerpt
 * @param minEventTime smallest eventTime (ns since 1970, clamped for times outside 1677..2262), or
 *     {@code Long.MAX_VALUE} when no event has one
 * @param maxEventTime largest eventTime, or {@code Long.MIN_VALUE}
 * @param eventTypes dictionary string ids of the event types present
 */
public record SegmentMeta(int cycle, long firstSeq, int rows, long events, long firstPosition, long endPosition,
    long minEventTime, long maxEventTime, long minAggStart, long maxAggStart, long minAggEnd, long maxAggEnd,
    int[] eventTypes) {

  @Override
  public String toString() {
    return "segment(cycle=" + cycle + ", firstSeq=" + firstSeq + ", rows=" + rows + ", events=" + events + ")";
  }
}
