package io.flowstore;

/** What an ingest call does with an event it cannot store. */
public enum ErrorPolicy {
  /**
   * Store the good events, append each bad one to the quarantine stream with its raw bytes,
   * source, position and reason, and go on. The default.
   */
  SKIP,
  /**
   * Stop at the first bad event: the events before it are stored, nothing from it on is, and
   * the call throws {@link IngestException} naming it.
   */
  FAIL
}
