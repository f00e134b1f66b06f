package dev.bqsync.core.config;

import java.util.Optional;

/**
 * Constructor guards for the configuration records. The parser reports the same messages with
 * JSON paths; these make sure a record built in code can never hold what the parser would reject.
 */
final class Check {
  private Check() {}

  static void valid(Optional<String> problem, String what) {
    problem.ifPresent(p -> {
      throw new IllegalArgumentException(what + ": " + p);
    });
  }

  static <T> T present(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }
}
