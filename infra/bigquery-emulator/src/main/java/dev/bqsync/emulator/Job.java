package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** A job the emulator ran (every job finishes before its request is answered). */
final class Job {
  final String project;
  final String jobId;
  String location;
  final boolean locationGiven;
  final ObjectNode configuration;
  final long creationTime;
  long startTime;
  long endTime;
  ApiException error;
  String statementType;
  TableName destination;
  List<FieldSchema> schema = List.of();
  long totalRows;
  Long dmlAffectedRows;
  Map<String, Long> dmlStats;
  long bytesProcessed;
  long bytesBilled;
  String ddlOperation;
  TableName ddlTarget;
  boolean dryRun;
  /** A load still running in the background (see RestApi#upload): reported RUNNING, without results. */
  volatile boolean running;
  /** A load job's statistics (null for other jobs). */
  LoadStats load;
  /** Errors a job reports in {@code status.errors} besides its errorResult (a load's bad records). */
  List<ObjectNode> errors = List.of();

  /** What a load job read and wrote. */
  record LoadStats(long inputFileBytes, long outputRows, long outputBytes, long badRecords) {}

  Job(String project, String jobId, String location, ObjectNode configuration, long creationTime) {
    this.project = project;
    this.jobId = jobId;
    this.locationGiven = location != null && !location.isBlank();
    this.location = locationGiven ? location : "US";
    this.configuration = configuration;
    this.creationTime = creationTime;
  }

  String query() {
    return Json.text(configuration.path("query"), "query");
  }

  Map<String, String> labels() {
    JsonNode labels = configuration.get("labels");
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (labels != null) {
      labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  ObjectNode reference() {
    ObjectNode ref = Json.object();
    ref.put("projectId", project);
    if (!dryRun) {
      ref.put("jobId", jobId); // BigQuery gives a dry run no job id: it is never stored
    }
    ref.put("location", location);
    return ref;
  }

  ObjectNode resource() {
    ObjectNode job = Json.object();
    job.put("kind", "bigquery#job");
    job.put("etag", Integer.toHexString((jobId + endTime).hashCode()));
    if (!dryRun) {
      job.put("id", project + ":" + location + "." + jobId);
      job.put("selfLink", "http://emulator/bigquery/v2/projects/" + project + "/jobs/" + jobId + "?location=" + location);
    }
    job.put("user_email", "emulator@bqsync.local");
    job.set("jobReference", reference());
    ObjectNode config = configuration.deepCopy();
    if (destination != null && config.has("query")) {
      ((ObjectNode) config.get("query")).set("destinationTable", tableReference(destination));
    }
    job.set("configuration", config);
    ObjectNode status = job.putObject("status");
    if (running) {
      status.put("state", "RUNNING");
      job.set("statistics", Json.object().put("creationTime", Long.toString(creationTime)));
      return job;
    }
    status.put("state", "DONE");
    if (error != null || !errors.isEmpty()) {
      // The errorResult first, then the details (a load's bad records), as BigQuery lists them.
      var list = status.putArray("errors");
      if (error != null) {
        String where = configuration.has("load") ? null : "query";
        status.set("errorResult", errorProto(error, where));
        list.add(errorProto(error, where));
      }
      errors.forEach(list::add);
    }
    job.set("statistics", statistics());
    return job;
  }

  ObjectNode statistics() {
    ObjectNode stats = Json.object();
    stats.put("creationTime", Long.toString(creationTime));
    stats.put("startTime", Long.toString(startTime));
    stats.put("endTime", Long.toString(endTime));
    stats.put("totalBytesProcessed", Long.toString(bytesProcessed));
    if (configuration.has("load")) {
      ObjectNode out = stats.putObject("load");
      LoadStats l = load == null ? new LoadStats(0, 0, 0, 0) : load;
      out.put("inputFiles", "1");
      out.put("inputFileBytes", Long.toString(l.inputFileBytes()));
      out.put("outputRows", Long.toString(l.outputRows()));
      out.put("outputBytes", Long.toString(l.outputBytes()));
      out.put("badRecords", Long.toString(l.badRecords()));
      return stats;
    }
    ObjectNode query = stats.putObject("query");
    query.put("totalBytesProcessed", Long.toString(bytesProcessed));
    query.put("totalBytesBilled", Long.toString(bytesBilled));
    query.put("cacheHit", false);
    if (statementType != null) {
      query.put("statementType", statementType);
    }
    if (dmlAffectedRows != null) {
      query.put("numDmlAffectedRows", Long.toString(dmlAffectedRows));
    }
    if (dmlStats != null) {
      ObjectNode dml = query.putObject("dmlStats");
      dml.put("insertedRowCount", Long.toString(dmlStats.getOrDefault("INSERT", 0L)));
      dml.put("updatedRowCount", Long.toString(dmlStats.getOrDefault("UPDATE", 0L)));
      dml.put("deletedRowCount", Long.toString(dmlStats.getOrDefault("DELETE", 0L)));
    }
    if (ddlOperation != null) {
      query.put("ddlOperationPerformed", ddlOperation);
    }
    if (ddlTarget != null) {
      query.set("ddlTargetTable", tableReference(ddlTarget));
    }
    if (!schema.isEmpty()) {
      query.set("schema", FieldSchema.schemaJson(schema));
    }
    return stats;
  }

  static ObjectNode tableReference(TableName name) {
    ObjectNode ref = Json.object();
    ref.put("projectId", name.project());
    ref.put("datasetId", name.dataset());
    ref.put("tableId", name.table());
    return ref;
  }

  static ObjectNode errorProto(ApiException error, String location) {
    ObjectNode proto = Json.object();
    proto.put("reason", error.reason());
    if (location != null) {
      proto.put("location", location);
    }
    proto.put("message", error.getMessage());
    return proto;
  }
}
