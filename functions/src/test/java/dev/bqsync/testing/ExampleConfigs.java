package dev.bqsync.testing;

import java.nio.file.Path;

/** The documented example configuration (docs/examples/), the one docs/configuration.md shows. */
public final class ExampleConfigs {
  private ExampleConfigs() {}

  public static Path exampleTenantFile() {
    return ProjectFiles.path("docs/examples/tenant-acme.json");
  }

  public static String exampleTenantJson() {
    return ProjectFiles.read("docs/examples/tenant-acme.json");
  }
}
