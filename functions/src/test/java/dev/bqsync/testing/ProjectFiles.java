package dev.bqsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, found from the module directory (tests) or the repository root (benchmarks). */
public final class ProjectFiles {
  private ProjectFiles() {}

  public static Path path(String fromRepositoryRoot) {
    for (Path candidate : new Path[] {Path.of(fromRepositoryRoot), Path.of("..").resolve(fromRepositoryRoot)}) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("missing " + fromRepositoryRoot + " (looked from " + Path.of("").toAbsolutePath() + ")");
  }

  public static String read(String fromRepositoryRoot) {
    try {
      return Files.readString(path(fromRepositoryRoot));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
