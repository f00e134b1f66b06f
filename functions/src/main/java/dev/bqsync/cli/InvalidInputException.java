package dev.bqsync.cli;

/** Input that names something missing or malformed (exit code 2), with what to change. */
final class InvalidInputException extends RuntimeException {
  InvalidInputException(String message) {
    super(message);
  }
}
