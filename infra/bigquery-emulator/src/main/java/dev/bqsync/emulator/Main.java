package dev.bqsync.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator until it is stopped:
 * {@code --host 127.0.0.1 --port P --project ID [--project ID2] [--seed FILE] [--data FILE.duckdb]}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    // Timestamps are UTC in BigQuery; keep java.sql conversions from picking up a local zone.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    if (List.of(args).contains("--help")) {
      usage();
      return;
    }
    BigQueryEmulator emulator;
    try {
      emulator = start(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bigquery-emulator: " + e.getMessage());
      usage();
      System.exit(2);
      return;
    }
    System.out.println("BigQuery emulator listening on " + emulator.endpoint() + " for "
        + String.join(", ", emulator.projects()));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stop.countDown();
    }));
    stop.await();
  }

  /** Starts an emulator as the command line describes it. */
  static BigQueryEmulator start(String... args) {
    BigQueryEmulator.Builder builder = BigQueryEmulator.builder();
    List<String> projects = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> builder.host(require(value, "--host"));
        case "--port" -> builder.port(Integer.parseInt(require(value, "--port")));
        case "--project" -> projects.add(require(value, "--project"));
        case "--seed" -> builder.seed(Path.of(require(value, "--seed")));
        case "--data" -> builder.dataFile(Path.of(require(value, "--data")));
        case "--streaming-flush-ms" -> builder.streamingFlushDelay(java.time.Duration.ofMillis(
            milliseconds(require(value, "--streaming-flush-ms"), "--streaming-flush-ms")));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (projects.isEmpty()) {
      throw new IllegalArgumentException("name at least one --project");
    }
    return builder.projects(projects.toArray(String[]::new)).start();
  }

  private static long milliseconds(String value, String option) {
    try {
      long ms = Long.parseLong(value);
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a whole number of milliseconds, 0 or more (got " + value + ")");
  }

  private static String require(String value, String option) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static void usage() {
    System.err.println("usage: bigquery-emulator --project ID [--project ID ...] [--host 127.0.0.1] [--port 9050] "
        + "[--seed FILE.json] [--data FILE.duckdb] [--streaming-flush-ms 3000]");
  }
}
