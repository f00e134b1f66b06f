package dev.bqsync.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.bqsync.core.log.LogFilter;
import dev.bqsync.core.log.LogQuery;
import dev.bqsync.core.log.LoggedEntry;
import dev.bqsync.port.LogEntrySource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a project's log entries with {@code entries.list}: the filter from {@link LogFilter},
 * newest first ({@code timestamp desc}), stopping after the query's limit so no further page is
 * fetched. A client is made per query and closed after it, so merely building the operator CLI
 * never needs credentials or leaves channels open.
 */
public final class CloudLoggingEntrySource implements LogEntrySource {
  private static final int PAGE_SIZE = 200;

  private final String projectId;
  private final String emulatorHost;
  private final Clock clock;

  /** {@code emulatorHost}: the {@value LoggingClients#EMULATOR_HOST} setting, null for Cloud Logging. */
  public CloudLoggingEntrySource(String projectId, String emulatorHost, Clock clock) {
    this.projectId = projectId;
    this.emulatorHost = emulatorHost;
    this.clock = clock;
  }

  @Override
  public List<LoggedEntry> newestFirst(LogQuery query) {
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalStateException("no project to read logs from: set GOOGLE_CLOUD_PROJECT");
    }
    ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder()
        .addResourceNames("projects/" + projectId)
        .setFilter(LogFilter.of(query, clock.instant()))
        .setOrderBy("timestamp desc")
        .setPageSize(Math.min(query.limit(), PAGE_SIZE))
        .build();
    List<LoggedEntry> entries = new ArrayList<>();
    try (LoggingClient client = LoggingClients.create(emulatorHost)) {
      for (LogEntry entry : client.listLogEntries(request).iterateAll()) {
        entries.add(readable(entry));
        if (entries.size() >= query.limit()) {
          break;
        }
      }
    } catch (ApiException e) {
      String hint = e.getStatusCode().getCode() == StatusCode.Code.PERMISSION_DENIED
          ? " (reading logs needs the role roles/logging.viewer on the project)" : "";
      throw new IllegalStateException("cannot read the logs of project " + projectId + ": " + e.getMessage() + hint, e);
    }
    return entries;
  }

  private static LoggedEntry readable(LogEntry entry) {
    Instant time = entry.hasTimestamp()
        ? Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos()) : null;
    return new LoggedEntry(time, entry.getSeverity().name(), entry.getLabelsMap(), message(entry));
  }

  /** Our lines keep the message in the JSON payload; other writers may use a text payload. */
  private static String message(LogEntry entry) {
    if (entry.hasJsonPayload()) {
      Value message = entry.getJsonPayload().getFieldsMap().get("message");
      if (message != null && message.hasStringValue()) {
        return message.getStringValue();
      }
      try {
        return JsonFormat.printer().omittingInsignificantWhitespace().print(entry.getJsonPayload());
      } catch (InvalidProtocolBufferException e) {
        return "(a JSON payload that cannot be printed)";
      }
    }
    return entry.getTextPayload();
  }
}
