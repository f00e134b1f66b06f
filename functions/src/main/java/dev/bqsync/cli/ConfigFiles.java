package dev.bqsync.cli;

import dev.bqsync.core.config.InvalidConfigException;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Files the commands read, with errors that say which file and what is wrong. */
final class ConfigFiles {
  private ConfigFiles() {}

  static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static TenantConfig tenant(String file) {
    String json = read(file);
    try {
      return new TenantConfigParser().parse(json);
    } catch (InvalidConfigException e) {
      throw new InvalidInputException(file + ": " + e.getMessage());
    }
  }
}
