package io.flowstore;

/**
 * Which Yandex service emitted a flow event, derived from its event type. Immutable.
 *
 * <p>This is a classification flowstore makes, not a value from the log, so it is a closed set:
 * an event type that is neither is not a flow event at all.
 */
public enum FlowKind {
  /** {@code yandex.cloud.audit.network.flowlogs.ExternalFlow}: Virtual Private Cloud. */
  VPC("yandex.cloud.audit.network.flowlogs.ExternalFlow"),
  /** {@code yandex.cloud.audit.baremetal.flowlogs.ExternalFlow}: BareMetal servers. */
  BAREMETAL("yandex.cloud.audit.baremetal.flowlogs.ExternalFlow");

  private final String eventType;

  FlowKind(String eventType) {
    this.eventType = eventType;
  }

  /** The canonical event type of this kind. */
  public String eventType() {
    return eventType;
  }

  /**
   * The kind of an event type, or null when it is not a flow event. Besides the canonical
   * names, {@code yandex.cloud.audit.vpc.flowlogs.ExternalFlow} (the documentation's path
   * spelling) counts as VPC.
   */
  public static FlowKind ofEventType(String eventType) {
    if (eventType == null) {
      return null;
    }
    switch (eventType) {
      case "yandex.cloud.audit.network.flowlogs.ExternalFlow":
      case "yandex.cloud.audit.vpc.flowlogs.ExternalFlow":
        return VPC;
      case "yandex.cloud.audit.baremetal.flowlogs.ExternalFlow":
        return BAREMETAL;
      default:
        return null;
    }
  }
}
