package dev.bqsync.cli;

/** The command line asked for something that cannot be done as written (exit code 2). */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
