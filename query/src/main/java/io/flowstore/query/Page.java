package io.flowstore.query;

import io.flowstore.FlowEvent;

import java.util.List;

/**
 * One page of results and the cursor to the next. Immutable.
 *
 * @param events the events of this page, in the query's order
 * @param next the cursor after the last event (pass it to {@link Query#after}), or null when
 *     this page holds the last matching events stored so far
 */
public record Page(List<FlowEvent> events, Cursor next) {
  public Page {
    events = List.copyOf(events);
  }
}
