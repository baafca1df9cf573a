package io.flowstore;

import io.flowstore.internal.json.JsonOut;

/**
 * A flow log request that cannot be carried out, with Huawei VPC's error code: {@code VPC.3001}
 * an invalid parameter (the message names it), {@code VPC.3004} a duplicate flow log (same
 * resource, traffic type, log group and log topic), {@code VPC.3005} no flow log with that id.
 * {@link #toJson()} is Huawei's error body, so a collector can serve it as it is.
 */
public class FlowLogException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  public static final String INVALID = "VPC.3001";
  public static final String DUPLICATE = "VPC.3004";
  public static final String NOT_FOUND = "VPC.3005";

  private final String code;

  public FlowLogException(String code, String message) {
    super(message);
    this.code = code;
  }

  static FlowLogException invalid(String parameter, String why) {
    return new FlowLogException(INVALID, "Invalid parameter: " + parameter + ": " + why);
  }

  static FlowLogException notFound(String id) {
    return new FlowLogException(NOT_FOUND, "Flow log not found: id=" + id);
  }

  /** {@code VPC.3001}, {@code VPC.3004} or {@code VPC.3005}. */
  public String code() {
    return code;
  }

  /** {@code {"code":"VPC.3001","message":"..."}}. */
  public String toJson() {
    JsonOut out = new JsonOut(128);
    out.raw('{').key("code").string(code).raw(',').key("message").string(getMessage()).raw('}');
    return out.toString();
  }
}
