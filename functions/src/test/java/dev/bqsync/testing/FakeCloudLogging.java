package dev.bqsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.logging.type.LogSeverity;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.logging.v2.LoggingServiceV2Grpc;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cloud Logging's LoggingServiceV2 as a gRPC server on loopback in the test JVM, for the real GAPIC
 * LoggingClient. {@code entries.list} applies the subset of the filter language bqsync writes:
 * terms joined by AND, each {@code labels.NAME="value"} (equality, with \" and \\ escapes),
 * {@code severity>=LEVEL} or {@code timestamp>="RFC 3339"}; anything else is INVALID_ARGUMENT, as
 * a real service answers a filter it cannot parse. Order {@code timestamp desc} or {@code asc},
 * pages with tokens, and a page size it may cap below what was asked, as the real service may.
 */
public final class FakeCloudLogging extends LoggingServiceV2Grpc.LoggingServiceV2ImplBase implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String projectId;
  private final List<LogEntry> entries = new ArrayList<>();
  private final List<ListLogEntriesRequest> requests = new ArrayList<>();
  private final Server server;
  private int maxPageSize = 1000;
  private Status failWith;

  public FakeCloudLogging(String projectId) throws IOException {
    this.projectId = projectId;
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
  }

  public String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  public synchronized void clear() {
    entries.clear();
    requests.clear();
    maxPageSize = 1000;
    failWith = null;
  }

  /** Pages hold at most this many entries, whatever the client asked for. */
  public synchronized void capPagesAt(int size) {
    maxPageSize = size;
  }

  /** Every list call fails with {@code status} (PERMISSION_DENIED, say). */
  public synchronized void failWith(Status status) {
    failWith = status;
  }

  public synchronized List<ListLogEntriesRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized void add(LogEntry entry) {
    entries.add(entry);
  }

  /**
   * Ingests one structured JSON line as the logging agent of Cloud Functions does: the special
   * fields become the entry's severity, time, labels and trace; the rest is the JSON payload.
   */
  public synchronized void ingest(String structuredLine) {
    try {
      ObjectNode line = (ObjectNode) JSON.readTree(structuredLine);
      LogEntry.Builder entry = LogEntry.newBuilder()
          .setLogName("projects/" + projectId + "/logs/cloudfunctions.googleapis.com%2Fcloud-functions")
          .setInsertId(Integer.toString(entries.size() + 1));
      JsonNode severity = line.remove("severity");
      entry.setSeverity(severity == null ? LogSeverity.DEFAULT : LogSeverity.valueOf(severity.asText()));
      JsonNode time = line.remove("time");
      entry.setTimestamp(timestamp(time == null ? Instant.now() : Instant.parse(time.asText())));
      JsonNode labels = line.remove("logging.googleapis.com/labels");
      if (labels != null) {
        labels.fields().forEachRemaining(f -> entry.putLabels(f.getKey(), f.getValue().asText()));
      }
      JsonNode trace = line.remove("logging.googleapis.com/trace");
      if (trace != null) {
        entry.setTrace(trace.asText());
      }
      JsonNode span = line.remove("logging.googleapis.com/spanId");
      if (span != null) {
        entry.setSpanId(span.asText());
      }
      JsonNode sampled = line.remove("logging.googleapis.com/trace_sampled");
      entry.setTraceSampled(sampled != null && sampled.asBoolean());
      Struct.Builder payload = Struct.newBuilder();
      JsonFormat.parser().merge(JSON.writeValueAsString(line), payload);
      entries.add(entry.setJsonPayload(payload).build());
    } catch (IOException e) {
      throw new IllegalArgumentException("not a structured log line: " + structuredLine, e);
    }
  }

  @Override
  public synchronized void listLogEntries(ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> response) {
    requests.add(request);
    if (failWith != null) {
      response.onError(failWith.asRuntimeException());
      return;
    }
    if (!request.getResourceNamesList().equals(List.of("projects/" + projectId))) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("unknown resource names " + request.getResourceNamesList())
          .asRuntimeException());
      return;
    }
    Predicate<LogEntry> filter;
    Comparator<LogEntry> order;
    try {
      filter = new FilterParser(request.getFilter()).parse();
      order = order(request.getOrderBy());
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    List<LogEntry> matching = entries.stream().filter(filter).sorted(order).toList();
    int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int size = Math.min(request.getPageSize() <= 0 ? 50 : request.getPageSize(), maxPageSize);
    int to = Math.min(from + size, matching.size());
    ListLogEntriesResponse.Builder page = ListLogEntriesResponse.newBuilder().addAllEntries(matching.subList(from, to));
    if (to < matching.size()) {
      page.setNextPageToken(Integer.toString(to));
    }
    response.onNext(page.build());
    response.onCompleted();
  }

  private static Comparator<LogEntry> order(String orderBy) {
    Comparator<LogEntry> ascending = Comparator.comparing((LogEntry e) -> instant(e.getTimestamp()))
        .thenComparing(LogEntry::getInsertId);
    return switch (orderBy) {
      case "", "timestamp asc" -> ascending;
      case "timestamp desc" -> ascending.reversed();
      default -> throw new IllegalArgumentException("unsupported order_by: " + orderBy);
    };
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /** Reads {@code term (AND term)*} where a term is {@code field op value}; a value may be a quoted string. */
  private static final class FilterParser {
    private final String text;
    private int at;

    FilterParser(String text) {
      this.text = text;
    }

    Predicate<LogEntry> parse() {
      Predicate<LogEntry> all = e -> true;
      skipSpaces();
      if (at == text.length()) {
        return all;
      }
      while (true) {
        all = all.and(term());
        skipSpaces();
        if (at == text.length()) {
          return all;
        }
        expect("AND");
      }
    }

    private Predicate<LogEntry> term() {
      skipSpaces();
      String field = word();
      String op = text.startsWith(">=", at) ? ">=" : text.startsWith("=", at) ? "=" : null;
      if (op == null) {
        throw new IllegalArgumentException("unsupported operator after " + field + " at " + at + " in: " + text);
      }
      at += op.length();
      String value = value();
      if (field.startsWith("labels.") && op.equals("=")) {
        String label = field.substring("labels.".length());
        return e -> value.equals(e.getLabelsMap().get(label));
      }
      if (field.equals("severity") && op.equals(">=")) {
        int floor = LogSeverity.valueOf(value).getNumber();
        return e -> e.getSeverity().getNumber() >= floor;
      }
      if (field.equals("timestamp") && op.equals(">=")) {
        Instant start = Instant.parse(value);
        return e -> !instant(e.getTimestamp()).isBefore(start);
      }
      throw new IllegalArgumentException("unsupported term " + field + op + value);
    }

    private String word() {
      int start = at;
      while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.'
          || text.charAt(at) == '_')) {
        at++;
      }
      if (start == at) {
        throw new IllegalArgumentException("expected a field or value at " + at + " in: " + text);
      }
      return text.substring(start, at);
    }

    private String value() {
      if (at >= text.length() || text.charAt(at) != '"') {
        return word();
      }
      StringBuilder out = new StringBuilder();
      at++;
      while (at < text.length() && text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c == '\\') {
          if (at >= text.length()) {
            break;
          }
          c = text.charAt(at++);
        }
        out.append(c);
      }
      if (at >= text.length()) {
        throw new IllegalArgumentException("unterminated string in: " + text);
      }
      at++;
      return out.toString();
    }

    private void expect(String keyword) {
      if (!text.startsWith(keyword, at)) {
        throw new IllegalArgumentException("expected " + keyword + " at " + at + " in: " + text);
      }
      at += keyword.length();
    }

    private void skipSpaces() {
      while (at < text.length() && text.charAt(at) == ' ') {
        at++;
      }
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
