package io.flowstore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowstore.FlowEvent;
import io.flowstore.FlowStore;
import io.flowstore.QuarantinedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reading a whole store back, for assertions. */
public final class Stores {
  private Stores() {}

  public static List<FlowEvent> flows(FlowStore store) {
    try (Stream<FlowEvent> s = store.flows()) {
      return s.collect(Collectors.toList());
    }
  }

  /** The stored events as normalized JSON trees (see {@link FlowJsonNormalizer}). */
  public static List<JsonNode> normalizedFlows(FlowStore store) {
    return normalized(flows(store));
  }

  /** Events read back, as normalized JSON trees (see {@link FlowJsonNormalizer}). */
  public static List<JsonNode> normalized(List<FlowEvent> events) {
    List<JsonNode> out = new ArrayList<>();
    for (FlowEvent e : events) {
      out.add(FlowJsonNormalizer.normalize(FlowJsonNormalizer.parse(e.toJson())));
    }
    return out;
  }

  public static List<JsonNode> normalized(byte[] input) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : FlowJsonNormalizer.events(input)) {
      out.add(FlowJsonNormalizer.normalize(n));
    }
    return out;
  }

  public static List<QuarantinedEvent> quarantine(FlowStore store) {
    List<QuarantinedEvent> out = new ArrayList<>();
    store.scanQuarantine(out::add);
    return out;
  }
}
