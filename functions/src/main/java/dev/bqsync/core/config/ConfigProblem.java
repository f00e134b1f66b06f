package dev.bqsync.core.config;

/** One thing wrong with a tenant configuration: where (a JSON path such as {@code $.usageSections[0].batchSize}) and what to change. */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
