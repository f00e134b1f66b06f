package dev.bqsync.emulator.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo.CreateDisposition;
import com.google.cloud.bigquery.JobInfo.WriteDisposition;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics.LoadStatistics;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.WriteChannelConfiguration;
import dev.bqsync.emulator.BigQueryEmulator;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Load jobs as the client runs them with {@code bigquery.writer(jobId, config)}: the job resource
 * opens a resumable upload, the NEWLINE_DELIMITED_JSON bytes follow in chunks, and the last chunk
 * runs the job, whose outcome is reported in its status (the write does not throw).
 */
class LoadJobConformanceTest extends ConformanceSupport {
  private static final TableId EVENTS = TableId.of(PROJECT, "d", "events");
  private static final Schema SCHEMA = Schema.of(Field.of("id", StandardSQLTypeName.INT64),
      Field.of("who", StandardSQLTypeName.STRING));

  private static WriteChannelConfiguration.Builder config(TableId table) {
    return WriteChannelConfiguration.newBuilder(table).setFormatOptions(FormatOptions.json()).setSchema(SCHEMA);
  }

  private Job load(WriteChannelConfiguration config, String ndjson) throws Exception {
    return load(JobId.of("load_" + UUID.randomUUID()), config, ndjson, 0);
  }

  private Job load(JobId jobId, WriteChannelConfiguration config, String ndjson, int chunkSize) throws Exception {
    TableDataWriteChannel writer = bigquery.writer(jobId, config);
    if (chunkSize > 0) {
      writer.setChunkSize(chunkSize);
    }
    byte[] bytes = ndjson.getBytes(UTF_8);
    try (writer) {
      // The client sends one PUT per flush of its buffer; small writes make it flush every chunk.
      for (int from = 0; from < bytes.length; from += 64 * 1024) {
        writer.write(ByteBuffer.wrap(bytes, from, Math.min(64 * 1024, bytes.length - from)));
      }
    }
    Job job = writer.getJob();
    assertThat(job).as("the last chunk answers the job").isNotNull();
    assertThat(job.getStatus().getState().toString()).isEqualTo("DONE");
    // waitFor() reloads the job with jobs.get and throws when it failed (as against BigQuery), so a
    // failed job is returned as the upload answered it.
    return job.getStatus().getError() == null ? job.waitFor() : job;
  }

  private static LoadStatistics stats(Job job) {
    return job.getStatistics();
  }

  private List<String> whoById() throws InterruptedException {
    return rows("SELECT who FROM d.events ORDER BY id").stream().map(r -> r.get(0).getStringValue()).toList();
  }

  private long count() throws InterruptedException {
    return Long.parseLong(value("SELECT COUNT(*) FROM d.events"));
  }

  private void existingEvents() throws Exception {
    assertThat(load(config(EVENTS).build(), "{\"id\": 1, \"who\": \"ada\"}\n").getStatus().getError()).isNull();
  }

  @Test
  @DisplayName("a load creates the table from the job's schema (CREATE_IF_NEEDED) and a second one appends (WRITE_APPEND)")
  void createThenAppend() throws Exception {
    String first = "{\"id\": 1, \"who\": \"ada\"}\n\n{\"id\": 2, \"who\": \"grace\"}\n";
    Job created = load(config(EVENTS).build(), first);
    Job appended = load(config(EVENTS).build(), "{\"id\": 3, \"who\": \"edsger\"}");

    assertThat(created.getStatus().getError()).isNull();
    assertThat(created.getStatus().getState().toString()).isEqualTo("DONE");
    assertThat(stats(created).getOutputRows()).as("the blank line is skipped").isEqualTo(2);
    assertThat(stats(created).getInputBytes()).isEqualTo(first.getBytes(UTF_8).length);
    assertThat(stats(created).getBadRecords()).isZero();
    assertThat(appended.getStatus().getError()).isNull();
    assertThat(stats(appended).getOutputRows()).isEqualTo(1);
    assertThat(whoById()).containsExactly("ada", "grace", "edsger");
    assertThat(bigquery.getTable(EVENTS).getDefinition().getSchema().getFields())
        .extracting(Field::getName, f -> f.getType().getStandardType())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("id", StandardSQLTypeName.INT64),
            org.assertj.core.groups.Tuple.tuple("who", StandardSQLTypeName.STRING));
    assertThat(emulator.requestCount("jobs.insert.upload")).isEqualTo(2);
  }

  @Test
  @DisplayName("a payload larger than the client's chunk size arrives in several chunks (308 until the last) and loads whole")
  void chunkedUpload() throws Exception {
    StringBuilder ndjson = new StringBuilder();
    int n = 0;
    while (ndjson.length() < 1_100_000) {
      n++;
      ndjson.append("{\"id\": ").append(n).append(", \"who\": \"user number ").append(n).append(" of many\"}\n");
    }
    emulator.clearCounts();

    Job job = load(JobId.of("big_load"), config(EVENTS).build(), ndjson.toString(), 256 * 1024);

    assertThat(job.getStatus().getError()).isNull();
    assertThat(stats(job).getOutputRows()).isEqualTo(n);
    assertThat(stats(job).getInputBytes()).isEqualTo(ndjson.length());
    assertThat(count()).isEqualTo(n);
    assertThat(value("SELECT SUM(id) FROM d.events")).isEqualTo(Long.toString((long) n * (n + 1) / 2));
    assertThat(value("SELECT who FROM d.events WHERE id = " + n)).isEqualTo("user number " + n + " of many");
    assertThat(emulator.requestCount("jobs.insert.upload")).isEqualTo(1);
    assertThat(emulator.requestCount("jobs.insert.upload.data")).as("one PUT per chunk").isGreaterThanOrEqualTo(5);
  }

  @Test
  @DisplayName("WRITE_TRUNCATE replaces the table's rows and keeps what tables.insert set (description, expiration)")
  void truncateReplaces() throws Exception {
    long expiration = System.currentTimeMillis() + Duration.ofDays(3).toMillis();
    bigquery.create(TableInfo.newBuilder(EVENTS, StandardTableDefinition.of(SCHEMA)).setDescription("kept")
        .setExpirationTime(expiration).build());
    load(config(EVENTS).build(), "{\"id\": 1, \"who\": \"old\"}\n{\"id\": 2, \"who\": \"old\"}");

    Job job = load(config(EVENTS).setWriteDisposition(WriteDisposition.WRITE_TRUNCATE).build(),
        "{\"id\": 7, \"who\": \"new\"}");

    assertThat(job.getStatus().getError()).isNull();
    assertThat(whoById()).containsExactly("new");
    Table table = bigquery.getTable(EVENTS);
    assertThat(table.getDescription()).isEqualTo("kept");
    assertThat(table.getExpirationTime()).isEqualTo(expiration);
    assertThat(((StandardTableDefinition) table.getDefinition()).getNumRows()).isEqualTo(1);
  }

  @Test
  @DisplayName("WRITE_EMPTY into a table with rows fails the job (duplicate, 'Already Exists: Table ...') and writes nothing")
  void writeEmptyOnNonEmptyTableFails() throws Exception {
    existingEvents();

    Job job = load(config(EVENTS).setWriteDisposition(WriteDisposition.WRITE_EMPTY).build(),
        "{\"id\": 2, \"who\": \"grace\"}");

    assertThat(job.getStatus().getError()).isNotNull();
    assertThat(job.getStatus().getError().getReason()).isEqualTo("duplicate");
    assertThat(job.getStatus().getError().getMessage()).isEqualTo("Already Exists: Table acme-analytics:d.events");
    assertThat(whoById()).containsExactly("ada");
  }

  @Test
  @DisplayName("WRITE_EMPTY into an empty table loads")
  void writeEmptyOnEmptyTableLoads() throws Exception {
    bigquery.create(TableInfo.of(EVENTS, StandardTableDefinition.of(SCHEMA)));

    Job job = load(config(EVENTS).setWriteDisposition(WriteDisposition.WRITE_EMPTY).build(),
        "{\"id\": 2, \"who\": \"grace\"}");

    assertThat(job.getStatus().getError()).isNull();
    assertThat(whoById()).containsExactly("grace");
  }

  @Test
  @DisplayName("CREATE_NEVER into a missing table fails the job with notFound and creates nothing")
  void createNeverOnMissingTableFails() throws Exception {
    Job job = load(config(EVENTS).setCreateDisposition(CreateDisposition.CREATE_NEVER).build(),
        "{\"id\": 1, \"who\": \"ada\"}");

    assertThat(job.getStatus().getError().getReason()).isEqualTo("notFound");
    assertThat(job.getStatus().getError().getMessage()).isEqualTo("Not found: Table acme-analytics:d.events");
    assertThat(bigquery.getTable(EVENTS)).isNull();
  }

  @Test
  @DisplayName("a load into a missing table without a schema fails: 'No schema specified on job or table.'")
  void missingSchemaFails() throws Exception {
    Job job = load(WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.json()).build(),
        "{\"id\": 1}");

    assertThat(job.getStatus().getError().getReason()).isEqualTo("invalid");
    assertThat(job.getStatus().getError().getMessage()).isEqualTo("No schema specified on job or table.");
  }

  @Test
  @DisplayName("one bad line (maxBadRecords 0) fails the whole job, listing it in errors, and nothing is written")
  void badLineFailsTheJob() throws Exception {
    existingEvents();

    Job job = load(config(EVENTS).build(),
        "{\"id\": 2, \"who\": \"grace\"}\n{\"id\": \"two\", \"who\": \"bad\"}\n{\"id\": 4, \"who\": \"barbara\"}\n");

    BigQueryError error = job.getStatus().getError();
    assertThat(error.getReason()).isEqualTo("invalid");
    assertThat(error.getMessage()).contains("JSON table encountered too many errors, giving up. Rows: 3; errors: 1.");
    assertThat(job.getStatus().getExecutionErrors()).extracting(BigQueryError::getMessage)
        .anySatisfy(m -> assertThat(m).contains("row starting at position 26")
            .contains("Cannot convert value to integer (bad value): two"));
    assertThat(whoById()).containsExactly("ada");
  }

  @Test
  @DisplayName("the failed load's errorResult comes first in errors, so Job.waitFor() throws it (as the client does against BigQuery)")
  void waitForThrowsTheLoadError() throws Exception {
    Job job = load(config(EVENTS).build(), "{\"id\": \"two\"}\n");

    assertThat(job.getStatus().getExecutionErrors().get(0)).isEqualTo(job.getStatus().getError());
    assertThatThrownBy(job::waitFor).isInstanceOfSatisfying(BigQueryException.class, e ->
        assertThat(e.getMessage()).contains("JSON table encountered too many errors, giving up. Rows: 1; errors: 1."));
  }

  @Test
  @DisplayName("a line that is not a JSON object is a bad record too, and a failed load creates no table")
  void malformedLineFailsAndCreatesNothing() throws Exception {
    Job job = load(config(EVENTS).build(), "{\"id\": 1, \"who\": \"ada\"}\n{\"id\": 2, \"who\": \n");

    assertThat(job.getStatus().getError().getMessage()).contains("Rows: 2; errors: 1.");
    assertThat(job.getStatus().getExecutionErrors()).extracting(BigQueryError::getMessage)
        .anySatisfy(m -> assertThat(m).contains("JSON parsing error in row starting at position 24"));
    assertThat(bigquery.getTable(EVENTS)).isNull();
  }

  @Test
  @DisplayName("with maxBadRecords N, up to N bad lines are skipped and counted in badRecords; N+1 fail the job")
  void maxBadRecordsSkips() throws Exception {
    String data = "{\"id\": 1, \"who\": \"ada\"}\n{\"id\": \"x\"}\n{\"id\": 3, \"who\": \"edsger\"}\nnot json\n";

    Job tooMany = load(config(EVENTS).setMaxBadRecords(1).build(), data);
    Job skipped = load(config(EVENTS).setMaxBadRecords(2).build(), data);

    assertThat(tooMany.getStatus().getError()).isNotNull();
    assertThat(skipped.getStatus().getError()).isNull();
    assertThat(stats(skipped).getBadRecords()).isEqualTo(2);
    assertThat(stats(skipped).getOutputRows()).isEqualTo(2);
    assertThat(skipped.getStatus().getExecutionErrors()).hasSize(2);
    assertThat(whoById()).containsExactly("ada", "edsger");
  }

  @Test
  @DisplayName("an unknown field fails the row ('no such field'); with ignoreUnknownValues it is dropped")
  void unknownFields() throws Exception {
    String data = "{\"id\": 1, \"who\": \"ada\", \"colour\": \"blue\"}";

    Job strict = load(config(EVENTS).build(), data);
    assertThat(strict.getStatus().getError()).isNotNull();
    assertThat(strict.getStatus().getExecutionErrors()).extracting(BigQueryError::getMessage)
        .anySatisfy(m -> assertThat(m).contains("no such field: colour."));
    assertThat(bigquery.getTable(EVENTS)).isNull();

    Job lenient = load(config(EVENTS).setIgnoreUnknownValues(true).build(), data);
    assertThat(lenient.getStatus().getError()).isNull();
    assertThat(whoById()).containsExactly("ada");
  }

  @Test
  @DisplayName("values are read with insertAll's type checks: INT64, NUMERIC (exact), BOOL, TIMESTAMP, DATE, unicode STRING")
  void types() throws Exception {
    TableId typed = TableId.of(PROJECT, "d", "typed");
    Schema schema = Schema.of(Field.of("i", StandardSQLTypeName.INT64), Field.of("n", StandardSQLTypeName.NUMERIC),
        Field.of("b", StandardSQLTypeName.BOOL), Field.of("ts", StandardSQLTypeName.TIMESTAMP),
        Field.of("d", StandardSQLTypeName.DATE), Field.of("s", StandardSQLTypeName.STRING));
    String data = "{\"i\": 9223372036854775807, \"n\": 12345678901234567890.123456789, \"b\": true, "
        + "\"ts\": \"2026-03-29 02:30:00.123456 UTC\", \"d\": \"2026-02-28\", \"s\": \"Zoë 日本 🚀\"}\n"
        + "{\"i\": \"-42\", \"n\": \"0.000000001\", \"b\": \"false\", \"ts\": \"2026-03-29T04:30:00+02:00\", "
        + "\"d\": null, \"s\": \"\"}\n";

    Job job = load(WriteChannelConfiguration.newBuilder(typed).setFormatOptions(FormatOptions.json()).setSchema(schema)
        .build(), data);

    assertThat(job.getStatus().getError()).isNull();
    List<FieldValueList> rows = rows("SELECT i, n, b, ts, d, s FROM d.typed ORDER BY i DESC");
    assertThat(rows.get(0).get("i").getLongValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(rows.get(0).get("n").getNumericValue()).isEqualByComparingTo(new BigDecimal("12345678901234567890.123456789"));
    assertThat(rows.get(0).get("b").getBooleanValue()).isTrue();
    assertThat(rows.get(0).get("ts").getTimestampValue()).isEqualTo(1_774_751_400_123_456L);
    assertThat(rows.get(0).get("d").getStringValue()).isEqualTo("2026-02-28");
    assertThat(rows.get(0).get("s").getStringValue()).isEqualTo("Zoë 日本 🚀");
    assertThat(rows.get(1).get("i").getLongValue()).isEqualTo(-42);
    assertThat(rows.get(1).get("n").getNumericValue()).isEqualByComparingTo(new BigDecimal("0.000000001"));
    assertThat(rows.get(1).get("b").getBooleanValue()).isFalse();
    assertThat(rows.get(1).get("ts").getTimestampValue()).isEqualTo(1_774_751_400_000_000L);
    assertThat(rows.get(1).get("d").isNull()).isTrue();
    assertThat(rows.get(1).get("s").getStringValue()).isEmpty();

    Job bad = load(WriteChannelConfiguration.newBuilder(typed).setFormatOptions(FormatOptions.json()).build(),
        "{\"i\": 1, \"d\": \"2026-02-30\"}\n{\"i\": 9223372036854775808}\n{\"b\": \"maybe\"}\n");
    assertThat(bad.getStatus().getError().getMessage()).contains("errors: 3.");
    assertThat(bad.getStatus().getExecutionErrors()).extracting(BigQueryError::getMessage)
        .anySatisfy(m -> assertThat(m).contains("Cannot convert value to date (bad value): 2026-02-30"))
        .anySatisfy(m -> assertThat(m).contains("Cannot convert value to integer (bad value): 9223372036854775808"))
        .anySatisfy(m -> assertThat(m).contains("Cannot convert value to boolean (bad value): maybe"));
  }

  @Test
  @DisplayName("loaded rows are settled at once (no streaming buffer): UPDATE and MERGE on them run straight away")
  void dmlOnLoadedRows() throws Exception {
    emulator.streamingFlushDelay(Duration.ofHours(1));
    load(config(EVENTS).build(), "{\"id\": 1, \"who\": \"ada\"}\n{\"id\": 2, \"who\": \"grace\"}");

    StandardTableDefinition table = bigquery.getTable(EVENTS).getDefinition();
    assertThat(table.getStreamingBuffer()).isNull();
    assertThat(table.getNumRows()).isEqualTo(2);
    query("UPDATE d.events SET who = 'Ada' WHERE id = 1");
    query("MERGE d.events T USING (SELECT 2 AS id) S ON T.id = S.id WHEN MATCHED THEN UPDATE SET who = 'Grace'");
    assertThat(whoById()).containsExactly("Ada", "Grace");
  }

  @Test
  @DisplayName("a schema given for an existing table must match it: a new field or a changed type fails the job")
  void schemaMustMatchExistingTable() throws Exception {
    existingEvents();

    Job added = load(WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.json())
        .setSchema(Schema.of(Field.of("id", StandardSQLTypeName.INT64), Field.of("extra", StandardSQLTypeName.STRING)))
        .build(), "{\"id\": 2}");
    Job changed = load(WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.json())
        .setSchema(Schema.of(Field.of("id", StandardSQLTypeName.STRING))).build(), "{\"id\": \"2\"}");
    Job none = load(WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.json()).build(),
        "{\"id\": 2, \"who\": \"grace\"}");

    assertThat(added.getStatus().getError().getMessage())
        .isEqualTo("Provided Schema does not match Table acme-analytics:d.events. Cannot add fields (field: extra)");
    assertThat(changed.getStatus().getError().getMessage()).contains("Field id has changed type from INTEGER to STRING");
    assertThat(none.getStatus().getError()).as("the table's schema is used").isNull();
    assertThat(whoById()).containsExactly("ada", "grace");
  }

  @Test
  @DisplayName("a table created by a load takes the job's timePartitioning and clustering, as tables.insert does")
  void newTableTakesPartitioning() throws Exception {
    Schema schema = Schema.of(Field.of("id", StandardSQLTypeName.INT64), Field.of("ts", StandardSQLTypeName.TIMESTAMP));

    Job job = load(WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.json()).setSchema(schema)
        .setTimePartitioning(com.google.cloud.bigquery.TimePartitioning.newBuilder(
            com.google.cloud.bigquery.TimePartitioning.Type.DAY).setField("ts").build())
        .setClustering(com.google.cloud.bigquery.Clustering.newBuilder().setFields(List.of("id")).build()).build(),
        "{\"id\": 1, \"ts\": \"2026-03-01 10:00:00 UTC\"}");

    assertThat(job.getStatus().getError()).isNull();
    StandardTableDefinition table = bigquery.getTable(EVENTS).getDefinition();
    assertThat(table.getTimePartitioning().getField()).isEqualTo("ts");
    assertThat(table.getClustering().getFields()).containsExactly("id");
  }

  @Test
  @DisplayName("formats other than NEWLINE_DELIMITED_JSON are refused by name when the upload is opened")
  void csvRefused() {
    assertThatThrownBy(() -> bigquery.writer(JobId.of("csv_load"),
        WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.csv()).setSchema(SCHEMA).build()))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("sourceFormat CSV").contains("only NEWLINE_DELIMITED_JSON is supported")
              .contains("AVRO, PARQUET");
        });
    assertThatThrownBy(() -> bigquery.writer(JobId.of("parquet_load"),
        WriteChannelConfiguration.newBuilder(EVENTS).setFormatOptions(FormatOptions.parquet()).build()))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getMessage()).contains("sourceFormat PARQUET"));
  }

  @Test
  @DisplayName("jobs.insert of a load from gs:// URIs stays refused: loads go through the upload endpoint")
  void loadFromUrisRefused() {
    assertThatThrownBy(() -> bigquery.create(JobInfo.of(JobId.of("uri_load"),
        LoadJobConfiguration.of(EVENTS, "gs://bucket/events.json", FormatOptions.json()))))
        .isInstanceOfSatisfying(BigQueryException.class, e ->
            assertThat(e.getMessage()).contains("loads are supported only through the resumable upload endpoint"));
  }

  @Test
  @DisplayName("jobs.get returns the load job: LOAD configuration, destination, statistics; its id may not be used again")
  void jobsGetFindsTheLoad() throws Exception {
    load(JobId.of("the_load"), config(EVENTS).build(), "{\"id\": 1, \"who\": \"ada\"}\n{\"id\": 2}\n", 0);

    Job job = bigquery.getJob(JobId.of("the_load"));

    assertThat(job).isNotNull();
    assertThat(job.getConfiguration().getType()).isEqualTo(com.google.cloud.bigquery.JobConfiguration.Type.LOAD);
    LoadJobConfiguration configuration = job.getConfiguration();
    assertThat(configuration.getDestinationTable().getTable()).isEqualTo("events");
    assertThat(configuration.getFormat()).isEqualTo("NEWLINE_DELIMITED_JSON");
    assertThat(stats(job).getOutputRows()).isEqualTo(2);
    assertThat(job.getJobId().getLocation()).isEqualTo("US");
    assertThatThrownBy(() -> bigquery.writer(JobId.of("the_load"), config(EVENTS).build()))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getMessage()).contains("Already Exists: Job acme-analytics:US.the_load");
        });
  }

  @Test
  @DisplayName("the upload protocol: Location on the session, 308 with Range and no Location, 404 for an unknown "
      + "upload_id, 400 for a chunk that would leave a gap")
  void uploadProtocol() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String open = emulator.endpoint() + "/upload/bigquery/v2/projects/" + PROJECT + "/jobs?uploadType=resumable";
    String job = "{\"jobReference\": {\"projectId\": \"" + PROJECT + "\", \"jobId\": \"raw\"}, \"configuration\": "
        + "{\"load\": {\"destinationTable\": {\"projectId\": \"" + PROJECT + "\", \"datasetId\": \"d\", \"tableId\": "
        + "\"events\"}, \"sourceFormat\": \"NEWLINE_DELIMITED_JSON\", \"schema\": {\"fields\": [{\"name\": \"id\", "
        + "\"type\": \"INTEGER\"}]}}}}";
    HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(open))
        .POST(HttpRequest.BodyPublishers.ofString(job)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(opened.statusCode()).isEqualTo(200);
    String session = opened.headers().firstValue("Location").orElseThrow();
    assertThat(session).startsWith(open + "&upload_id=");

    HttpResponse<String> first = put(http, session, "bytes 0-9/*", "{\"id\": 1}\n");
    assertThat(first.statusCode()).isEqualTo(308);
    assertThat(first.headers().firstValue("Range")).hasValue("bytes=0-9");
    assertThat(first.headers().firstValue("Location")).isEmpty();
    assertThat(put(http, session, "bytes 20-29/*", "{\"id\": 3}\n").statusCode()).as("gap").isEqualTo(400);
    assertThat(put(http, session.replaceFirst("upload_id=.*", "upload_id=nope"), "bytes 0-9/*", "{\"id\": 1}\n")
        .statusCode()).isEqualTo(404);
    assertThat(put(http, session, "bytes 5-19/20", ": 1}\n{\"id\": 2}\n").statusCode())
        .as("a chunk sent again in part adds only its new bytes").isEqualTo(200);
    assertThat(put(http, session, "bytes */20", "").body()).as("the final answer is repeated").contains("\"outputRows\":\"2\"");
    assertThat(value("SELECT SUM(id) FROM d.events")).isEqualTo("3");
  }

  private static HttpResponse<String> put(HttpClient http, String url, String range, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Range", range).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a load not finished when its upload ends is answered RUNNING and reported DONE by jobs.get once "
      + "loaded, as BigQuery runs loads after the upload; waitFor() polls until then")
  void aLoadStillRunningIsAnsweredRunningThenDone() throws Exception {
    try (BigQueryEmulator background = BigQueryEmulator.builder().projects(PROJECT).loadAnswerWait(Duration.ZERO)
        .start()) {
      BigQuery client = client(background);
      client.create(DatasetInfo.of("d"));
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < 20_000; i++) {
        rows.append("{\"id\": ").append(i).append(", \"who\": \"user ").append(i).append("\"}\n");
      }
      TableDataWriteChannel writer = client.writer(JobId.of("slow_load"), config(EVENTS).build());
      try (writer) {
        writer.write(ByteBuffer.wrap(rows.toString().getBytes(UTF_8)));
      }

      assertThat(writer.getJob().getStatus().getState().toString()).isEqualTo("RUNNING");
      Job done = writer.getJob().waitFor();
      assertThat(done.getStatus().getState().toString()).isEqualTo("DONE");
      assertThat(done.getStatus().getError()).isNull();
      assertThat(stats(done).getOutputRows()).isEqualTo(20_000);
      assertThat(client.query(QueryJobConfiguration.of("SELECT COUNT(*) FROM d.events")).getValues().iterator().next()
          .get(0).getLongValue()).isEqualTo(20_000);
    }
  }
}
