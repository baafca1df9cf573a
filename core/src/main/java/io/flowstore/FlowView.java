package io.flowstore;

/**
 * A flow event read in place, without copying it out of the store. Not thread-safe.
 *
 * <p>A view is a flyweight: it is valid only during the {@link FlowVisitor#onFlow} callback
 * that hands it out, and then points at the next event. Reading strings, numbers, times and
 * addresses through its primitive accessors allocates nothing; {@link #toEvent()} makes an
 * immutable copy to keep.
 */
public interface FlowView extends FlowValues {
  /** The event's position in its stream: increases in ingest order, unique within the store. */
  long position();

  /** An immutable copy of this event. */
  default FlowEvent toEvent() {
    return FlowEvent.copyOf(this);
  }
}
