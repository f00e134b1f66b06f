package dev.bqsync.core.log;

/**
 * What a log line reports, as the stable {@code jsonPayload.event} value that alerts and queries
 * match. Only code sets it (an event's fields cannot), so no text from a request, a warehouse or
 * Google can make a line look like one of these. docs/logging.md lists them.
 */
public enum EventName {
  /** A section of a usage pull or CRM sync ended; {@code status}, {@code counts} say how. */
  SECTION_FINISHED("section_finished"),
  /** A run found the tenant's BigQuery connection must be authorised again; its runs stop until it is. */
  REAUTHORIZATION_REQUIRED("reauthorization_required"),
  /** A run did not start: {@code refusal} says why (INVALID_REQUEST, NOT_FOUND, SWITCHED_OFF, MISCONFIGURED). */
  RUN_REFUSED("run_refused"),
  /** Another run of the same tenant and job holds the lease. */
  ALREADY_RUNNING("already_running"),
  /** A dead run's lease was taken over and its records marked ABANDONED. */
  RUN_ABANDONED("run_abandoned"),
  /** A lease could not be released (it expires by itself). */
  LEASE_RELEASE_FAILED("lease_release_failed"),
  /** A failure no code path expected escaped a function (a bug, with its stack trace). */
  UNEXPECTED_FAILURE("unexpected_failure");

  private final String wireName;

  EventName(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code jsonPayload.event}. */
  public String wireName() {
    return wireName;
  }
}
