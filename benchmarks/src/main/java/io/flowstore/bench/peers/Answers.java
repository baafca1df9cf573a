package io.flowstore.bench.peers;

import io.flowstore.IpAddress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One engine's answers to Q1..Q7, comparable across engines: address keys in flowstore's text
 * (an address as {@link IpAddress#toString()}, a prefix as {@code io.flowstore.query.Cidr} writes it), top lists
 * sorted by sum descending then key.
 *
 * @param q1 count: subnetId = S and action = REJECT and direction = INGRESS
 * @param q2 count: action = REJECT and dstPort in (22, 3389)
 * @param q3 count: srcAddr in 10.0.0.0/8 and bytes > 1000000
 * @param q4 top 10 dstAddr by sum(bytes) where direction = EGRESS
 * @param q5 the event ids of the 100 newest events (eventTime, then event id) of subnet S with action = REJECT
 * @param q6 count: eventTime in the hour and action = REJECT
 * @param q7 top 10 srcAddr/24 prefixes by sum(bytes)
 */
public record Answers(long q1, long q2, long q3, List<KeySum> q4, List<String> q5, long q6, List<KeySum> q7) {
  /** A group of a top list. */
  public record KeySum(String key, long sum) {}

  /** Sorted as every engine's lists are compared: sum descending, then key. */
  public static List<KeySum> sorted(List<KeySum> in) {
    List<KeySum> out = new ArrayList<>(in);
    out.sort(Comparator.comparingLong((KeySum k) -> -k.sum()).thenComparing(KeySum::key));
    return out;
  }

  /** An address as flowstore writes it. */
  public static String address(String text) {
    return IpAddress.parse(text).toString();
  }

  /** An IPv4 /24 prefix, from the address's top 24 bits. */
  public static String v4Prefix(long top24) {
    return IpAddress.ofV4((int) (top24 << 8)) + "/24"; // as Cidr writes it: the host bits are zero
  }

  /** An IPv6 /24 prefix, from the address's top 24 bits. */
  public static String v6Prefix(long top24) {
    return IpAddress.ofV6(top24 << 40, 0) + "/24";
  }
}
