package dev.bqsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A function served by Google's Functions Framework invoker in this JVM, on a free loopback port,
 * as the Cloud Functions Java runtime serves it. Settings go in as system properties (see Settings).
 */
public final class FunctionServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Invoker invoker;
  private final int port;
  private final Map<String, String> previousSettings;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FunctionServer(Invoker invoker, int port, Map<String, String> previousSettings) {
    this.invoker = invoker;
    this.port = port;
    this.previousSettings = previousSettings;
  }

  public static FunctionServer start(Class<?> function, Map<String, String> settings) throws Exception {
    // Remember what each setting was, so close() hands the next test the JVM as it found it.
    Map<String, String> previous = new java.util.HashMap<>();
    settings.keySet().forEach(name -> previous.put(name, System.getProperty(name)));
    settings.forEach(System::setProperty);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Invoker invoker = new Invoker(port, function.getName(), "http", FunctionServer.class.getClassLoader());
    invoker.startTestServer();
    return new FunctionServer(invoker, port, previous);
  }

  /** An answer: HTTP status and JSON body. */
  public record Answer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {
    public Answer(int status, JsonNode body) {
      this(status, body, Map.of());
    }

    /** The job answer's result for one section; fails the test when the answer has none. */
    public JsonNode section(String sectionId) {
      for (JsonNode s : body.path("sections")) {
        if (s.get("sectionId").asText().equals(sectionId)) {
          return s;
        }
      }
      throw new AssertionError("no section " + sectionId + " in " + body);
    }

    /** A response header's first value, or null. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  /** The function's base URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Answer post(String body) throws IOException, InterruptedException {
    return post("/", body);
  }

  public Answer post(String path, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .header("X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Any method, path, body (null: none) and headers given as name, value, name, value... */
  public Answer call(String method, String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()),
        response.headers().map());
  }

  public Answer get() throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build());
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
  }

  @Override
  public void close() throws Exception {
    try {
      invoker.stopServer();
    } finally {
      previousSettings.forEach((name, value) -> {
        if (value == null) {
          System.clearProperty(name);
        } else {
          System.setProperty(name, value);
        }
      });
    }
  }
}
