package io.flowstore.query;

import io.flowstore.FlowLog;
import io.flowstore.FlowLogs;
import io.flowstore.FlowStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a flow log captured, as a condition: the flow events ingested while it was ACTIVE (its
 * {@link FlowLogs.Epoch epochs}, as ranges of stream {@link Flow#POSITION positions}) that
 * match its resource and traffic type. Combine it with any filter:
 * {@code searcher.count(Query.where(FlowLogCapture.of(store, id).and(Flow.DST_PORT.eq(22))))}.
 * The indexes answer it as any filter (a position range is a row range of a segment), so
 * counting a capture costs what an indexed count costs.
 *
 * <p>Resources: {@code network} is a subnet ({@code subnetId}); {@code port} is a VM's network
 * interface ({@code vmUuid}, or {@code vmUuid/ifaceIdx} for one interface); {@code vpc} is the
 * subnets registered for that VPC ({@link FlowLogs#registerSubnet}) at the time of each event.
 * Traffic types: {@code accept} and {@code reject} match {@code action} ({@code ACCEPT} or
 * {@code accept}, {@code REJECT} or {@code reject}); {@code all} matches every action.
 */
public final class FlowLogCapture {
  private FlowLogCapture() {}

  /** What flow log {@code id} captured. @throws io.flowstore.FlowLogException VPC.3005 when there is none */
  public static Condition of(FlowStore store, String id) {
    FlowLogs logs = store.flowLogs();
    return of(logs.show(id), logs.epochs(id));
  }

  /** What every flow log writing to log topic {@code topicId} captured (never, when none does). */
  public static Condition ofTopic(FlowStore store, String topicId) {
    List<Condition> parts = new ArrayList<>();
    store.flowLogs().withEpochs(Map.of("log_topic_id", topicId)).forEach((f, epochs) -> parts.add(of(f, epochs)));
    return Condition.or(parts);
  }

  static Condition of(FlowLog f, List<FlowLogs.Epoch> epochs) {
    Condition traffic = switch (f.trafficType()) {
      case "accept" -> Flow.ACTION.in("ACCEPT", "accept");
      case "reject" -> Flow.ACTION.in("REJECT", "reject");
      default -> Condition.always();
    };
    List<Condition> parts = new ArrayList<>();
    for (FlowLogs.Epoch e : epochs) {
      if (!e.active() || e.until() <= e.after()) {
        continue;
      }
      Condition when = e.until() == Long.MAX_VALUE ? Flow.POSITION.gt(e.after())
          : Flow.POSITION.between(e.after() + 1, e.until());
      parts.add(Condition.and(when, resource(f, e), traffic));
    }
    return Condition.or(parts);
  }

  private static Condition resource(FlowLog f, FlowLogs.Epoch e) {
    String id = f.resourceId();
    switch (f.resourceType()) {
      case "network":
        return Flow.SUBNET_ID.eq(id);
      case "vpc":
        return e.subnets() == null || e.subnets().isEmpty() ? Condition.never() : Flow.SUBNET_ID.in(e.subnets());
      default: // port: a VM, or one of its interfaces as VMUUID/IFACEIDX
        int slash = id.lastIndexOf('/');
        if (slash > 0 && slash < id.length() - 1 && id.substring(slash + 1).chars().allMatch(Character::isDigit)
            && id.length() - slash - 1 <= 18) {
          return Condition.and(Flow.VM_UUID.eq(id.substring(0, slash)),
              Flow.IFACE_IDX.eq(Long.parseLong(id.substring(slash + 1))));
        }
        return Flow.VM_UUID.eq(id);
    }
  }
}
