package dev.bqsync.sync;

/** Why a job did not run at all; the function says it as an HTTP status, the CLI as an exit code. */
public enum Refusal {
  /** An id in the request breaks its rule (400). */
  INVALID_REQUEST,
  /** No such tenant or section (404). */
  NOT_FOUND,
  /** The tenant or the section asked for is switched off on purpose (200: nothing to retry). */
  SWITCHED_OFF,
  /** The stored configuration cannot be used as it is; a person must fix it (200: retrying would not help). */
  MISCONFIGURED
}
