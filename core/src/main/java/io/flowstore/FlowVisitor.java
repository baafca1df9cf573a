package io.flowstore;

/** Receives flow events during a scan, in ingest order. */
@FunctionalInterface
public interface FlowVisitor {
  /**
   * Called once per event. The view is valid only during this call.
   *
   * @return true to go on, false to stop the scan
   */
  boolean onFlow(FlowView view);
}
