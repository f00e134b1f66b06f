package dev.bqsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The documented example configuration (docs/examples/), the one docs/configuration.md shows. */
public final class ExampleConfigs {
  private ExampleConfigs() {}

  public static Path exampleTenantFile() {
    // Tests run with the module directory as working directory.
    Path path = Path.of("..", "docs", "examples", "tenant-acme.json");
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("missing " + path.toAbsolutePath());
    }
    return path;
  }

  public static String exampleTenantJson() {
    try {
      return Files.readString(exampleTenantFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
