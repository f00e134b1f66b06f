package dev.bqsync.testing;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The BigQuery emulator in a JVM of its own (the same classpath, {@code dev.bqsync.emulator.Main}),
 * so a benchmark's heap figures are the sync's alone and not the emulator's. Stopped on close and
 * when this JVM exits.
 */
public final class BigQueryEmulatorProcess implements AutoCloseable {
  private final Process process;
  private final String endpoint;
  private final BigQuery client;

  private BigQueryEmulatorProcess(Process process, String endpoint, String project) {
    this.process = process;
    this.endpoint = endpoint;
    this.client = BigQueryOptions.newBuilder().setHost(endpoint).setProjectId(project)
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  /** Starts it for {@code project} with {@code heap} (e.g. "4g") and waits until it listens. */
  public static BigQueryEmulatorProcess start(String project, String heap) {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-Duser.timezone=UTC", "-cp",
          classpath(), "dev.bqsync.emulator.Main", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--project", project, "--streaming-flush-ms", "0"))
          .redirectErrorStream(true).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bigquery-emulator-process-stop"));
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("BigQuery emulator listening")) {
        System.err.println("[bigquery-emulator] " + line);
      }
      if (line == null) {
        throw new IllegalStateException("the BigQuery emulator process ended before it listened");
      }
      Thread drain = new Thread(() -> out.lines().forEach(l -> System.err.println("[bigquery-emulator] " + l)),
          "bigquery-emulator-process-output");
      drain.setDaemon(true);
      drain.start();
      return new BigQueryEmulatorProcess(process, "http://127.0.0.1:" + port, project);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the BigQuery emulator process", e);
    }
  }

  /** This JVM's classpath; under exec:java the project's is the context class loader's, not java.class.path. */
  private static String classpath() {
    StringBuilder out = new StringBuilder();
    for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof java.net.URLClassLoader urls) {
        for (java.net.URL url : urls.getURLs()) {
          try {
            out.append(out.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(url.toURI()));
          } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("not a file on the classpath: " + url, e);
          }
        }
      }
    }
    String own = System.getProperty("java.class.path");
    return out.length() == 0 ? own : out + java.io.File.pathSeparator + own;
  }

  public String endpoint() {
    return endpoint;
  }

  public void createDataset(String dataset, String location) {
    client.create(DatasetInfo.newBuilder(dataset).setLocation(location).build());
  }

  /** Runs one GoogleSQL statement as a query job. */
  public void sql(String googleSql) {
    try {
      client.query(QueryJobConfiguration.newBuilder(googleSql).setUseLegacySql(false).build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
