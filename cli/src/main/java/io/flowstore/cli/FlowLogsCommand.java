package io.flowstore.cli;

import io.flowstore.FlowLog;
import io.flowstore.FlowLogs;
import io.flowstore.FlowStore;
import io.flowstore.internal.json.JsonOut;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code flowstore flowlogs}: Huawei-style flow log configurations ({@link FlowLogs}) from the
 * shell. Answers are Huawei's JSON shapes; a refused request prints Huawei's error body
 * {@code {"code":"VPC.xxxx","message":"..."}} and exits 2 (see {@link Main}).
 */
final class FlowLogsCommand implements Command {
  /** Options named after the fields, and the Huawei field each stands for. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("id", "id");
    FIELDS.put("name", "name");
    FIELDS.put("description", "description");
    FIELDS.put("tenant-id", "tenant_id");
    FIELDS.put("resource-type", "resource_type");
    FIELDS.put("resource-id", "resource_id");
    FIELDS.put("traffic-type", "traffic_type");
    FIELDS.put("log-group", "log_group_id");
    FIELDS.put("log-topic", "log_topic_id");
    FIELDS.put("log-store-type", "log_store_type");
    FIELDS.put("admin-state", "admin_state");
    FIELDS.put("status", "status");
    FIELDS.put("created-at", "created_at");
    FIELDS.put("updated-at", "updated_at");
  }

  private static final List<String> CREATE = List.of("name", "description", "resource-type", "resource-id",
      "traffic-type", "log-group", "log-topic");
  private static final List<String> UPDATE = List.of("name", "description", "admin-state");
  /** Every option of the command but --store. */
  private static final List<String> OPTIONS;

  static {
    List<String> all = new java.util.ArrayList<>(FIELDS.keySet());
    all.addAll(List.of("limit", "marker", "vpc"));
    OPTIONS = List.copyOf(all);
  }

  @Override
  public String name() {
    return "flowlogs";
  }

  @Override
  public String summary() {
    return "create, list, show, update, delete flow log configurations (Huawei VPC flow logs)";
  }

  @Override
  public String help() {
    return "Usage: flowstore flowlogs create [--store DIR] --resource-type port|network|vpc --resource-id ID\n"
        + "                                --traffic-type all|accept|reject --log-group ID --log-topic ID\n"
        + "                                [--name NAME] [--description TEXT]\n"
        + "       flowstore flowlogs list   [--store DIR] [--FIELD VALUE...] [--limit N] [--marker ID]\n"
        + "       flowstore flowlogs show   [--store DIR] ID\n"
        + "       flowstore flowlogs update [--store DIR] ID [--name NAME] [--description TEXT]\n"
        + "                                [--admin-state true|false]\n"
        + "       flowstore flowlogs delete [--store DIR] ID\n"
        + "       flowstore flowlogs register-subnet|unregister-subnet [--store DIR] --vpc VPC SUBNET...\n"
        + "       flowstore flowlogs subnets [--store DIR] --vpc VPC\n\n"
        + "A flow log captures the flow events ingested while it is ACTIVE (admin_state true) that match\n"
        + "its resource (network: a subnetId; port: a vmUuid or VMUUID/IFACEIDX; vpc: the subnets registered\n"
        + "for that VPC id) and traffic type (accept and reject match action). Query what it captured with\n"
        + "'flowstore count|query|top --flow-log ID' or '--log-topic TOPIC'. Answers are Huawei's JSON:\n"
        + "{\"flow_log\": {...}} and {\"flow_logs\": [...]}; delete prints nothing. list filters on every\n"
        + "field (--id, --name, --description, --tenant-id, --resource-type, --resource-id, --traffic-type,\n"
        + "--log-group, --log-topic, --log-store-type, --admin-state, --status ACTIVE|DOWN, --created-at,\n"
        + "--updated-at), in id order, pages with --limit and --marker (the last id of the previous page).\n"
        + "A refused request prints {\"code\":\"VPC.3001|VPC.3004|VPC.3005\",\"message\":\"...\"} and exits 2.\n\n"
        + "Examples:\n"
        + "  flowstore flowlogs create --resource-type network --resource-id e9b5lhcq4d3i9t7uo3vm \\\n"
        + "      --traffic-type reject --log-group security --log-topic rejected --name rejects-a\n"
        + "  flowstore flowlogs list --status ACTIVE --limit 50\n"
        + "  flowstore flowlogs update f49f00f1-0f15-470a-a8c5-4e879e461c8d --admin-state false\n"
        + "  flowstore flowlogs register-subnet --vpc enpm1h2s0gugvpca4slo e9b5lhcq4d3i9t7uo3vm\n"
        + "  flowstore count --flow-log f49f00f1-0f15-470a-a8c5-4e879e461c8d 'dstPort = 22'\n";
  }

  @Override
  public Set<String> valuedOptions() {
    Set<String> s = new java.util.HashSet<>(OPTIONS);
    s.add("store");
    return s;
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of();
  }

  @Override
  public int run(Args args, Cli cli) {
    List<String> words = args.positional();
    if (words.isEmpty()) {
      throw new UsageException("which operation: create, list, show, update, delete, register-subnet,"
          + " unregister-subnet or subnets");
    }
    String op = words.get(0);
    List<String> rest = words.subList(1, words.size());
    switch (op) {
      case "create": {
        only(args, CREATE, op);
        none(rest, op);
        try (FlowStore store = cli.openForWriting(args)) {
          cli.out.println(store.flowLogs().create(given(args, CREATE)).toJson());
        }
        return Main.OK;
      }
      case "list": {
        List<String> filters = new java.util.ArrayList<>(FIELDS.keySet());
        filters.addAll(List.of("limit", "marker"));
        only(args, filters, op);
        none(rest, op);
        try (FlowStore store = cli.openForReading(args)) {
          cli.out.println(FlowLog.toJson(store.flowLogs().list(given(args, filters))));
        }
        return Main.OK;
      }
      case "show":
      case "delete": {
        only(args, List.of(), op);
        String id = one(rest, op);
        if (op.equals("show")) {
          try (FlowStore store = cli.openForReading(args)) {
            cli.out.println(store.flowLogs().show(id).toJson());
          }
        } else {
          try (FlowStore store = cli.openForWriting(args)) {
            store.flowLogs().delete(id);
          }
        }
        return Main.OK;
      }
      case "update": {
        only(args, UPDATE, op);
        String id = one(rest, op);
        Map<String, String> request = given(args, UPDATE);
        if (request.isEmpty()) {
          throw new UsageException("update changes --name, --description or --admin-state: give at least one");
        }
        try (FlowStore store = cli.openForWriting(args)) {
          cli.out.println(store.flowLogs().update(id, request).toJson());
        }
        return Main.OK;
      }
      case "register-subnet":
      case "unregister-subnet":
      case "subnets": {
        only(args, List.of("vpc"), op);
        String vpc = args.get("vpc");
        if (vpc == null) {
          throw new UsageException("option --vpc is required");
        }
        if (op.equals("subnets")) {
          none(rest, op);
          try (FlowStore store = cli.openForReading(args)) {
            cli.out.println(subnets(vpc, store.flowLogs()));
          }
          return Main.OK;
        }
        if (rest.isEmpty()) {
          throw new UsageException(op + " needs the subnet ids");
        }
        try (FlowStore store = cli.openForWriting(args)) {
          for (String subnet : rest) {
            if (op.equals("register-subnet")) {
              store.flowLogs().registerSubnet(vpc, subnet);
            } else {
              store.flowLogs().unregisterSubnet(vpc, subnet);
            }
          }
          cli.out.println(subnets(vpc, store.flowLogs()));
        }
        return Main.OK;
      }
      default:
        throw new UsageException("unknown operation: " + op + " (create, list, show, update, delete, register-subnet,"
            + " unregister-subnet, subnets)");
    }
  }

  /** {@code {"vpc_id": "...", "subnets": [...]}}. */
  private static String subnets(String vpc, FlowLogs logs) {
    JsonOut out = new JsonOut(256);
    out.raw('{').key("vpc_id").string(vpc).raw(',').key("subnets").raw('[');
    int i = 0;
    for (String s : logs.subnets(vpc)) {
      if (i++ > 0) {
        out.raw(',');
      }
      out.string(s);
    }
    return out.raw(']').raw('}').toString();
  }

  /** Refuses the field options that {@code op} does not take. */
  private static void only(Args args, List<String> allowed, String op) {
    for (String o : OPTIONS) {
      if (args.get(o) != null && !allowed.contains(o)) {
        throw new UsageException(op + " takes no --" + o);
      }
    }
  }

  /** The options of {@code options} that were given, by the Huawei name each stands for, in that order. */
  private static Map<String, String> given(Args args, List<String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String o : options) {
      if (args.get(o) != null) {
        out.put(FIELDS.getOrDefault(o, o), args.get(o));
      }
    }
    return out;
  }

  private static String one(List<String> rest, String op) {
    if (rest.size() != 1) {
      throw new UsageException(op + " takes one flow log id");
    }
    return rest.get(0);
  }

  private static void none(List<String> rest, String op) {
    if (!rest.isEmpty()) {
      throw new UsageException(op + " takes no arguments: " + String.join(" ", rest));
    }
  }
}
