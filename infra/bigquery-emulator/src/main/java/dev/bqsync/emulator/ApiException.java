package dev.bqsync.emulator;

/**
 * An error answered in BigQuery's JSON error shape: HTTP status, {@code reason} and message, so
 * the real client raises the BigQueryException it would raise in production.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String reason;

  public ApiException(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "notFound", "Not found: " + message);
  }

  public static ApiException duplicate(String message) {
    return new ApiException(409, "duplicate", "Already Exists: " + message);
  }

  /** 403 accessDenied, as BigQuery answers for a project, dataset or table the caller may not use. */
  public static ApiException accessDenied(String message) {
    return new ApiException(403, "accessDenied", "Access Denied: " + message);
  }

  public static ApiException invalid(String message) {
    return new ApiException(400, "invalid", message);
  }

  public static ApiException invalidQuery(String message) {
    return new ApiException(400, "invalidQuery", message);
  }

  /** A construct the emulator does not support; real BigQuery may accept it. */
  public static ApiException unsupported(String construct) {
    return new ApiException(400, "invalidQuery", "Unsupported by the bqsync BigQuery emulator: " + construct
        + " (see docs/bigquery-emulator.md)");
  }

  /** The canonical status text BigQuery puts next to the code. */
  String statusText() {
    return switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }
}
