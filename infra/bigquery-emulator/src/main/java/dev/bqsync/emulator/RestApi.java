package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.bqsync.emulator.sql.GoogleSqlTranslator;
import dev.bqsync.emulator.sql.Parameters;
import dev.bqsync.emulator.sql.Translation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The BigQuery REST API v2 as the google-cloud-bigquery client calls it, plus a small admin API
 * under {@code /emulator/v1} (faults, request counts, jobs, reset). Every answer and every error
 * has BigQuery's JSON shape.
 */
final class RestApi implements HttpHandler {
  private static final String PREFIX = "/bigquery/v2/";
  private static final String ADMIN = "/emulator/v1/";
  private static final String UPLOAD = "/upload/bigquery/v2/";
  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Warehouse warehouse;
  private final QueryEngine engine;
  private final RowInserter inserter;
  private final Faults faults;
  private final RequestLog log;
  private final Loader loader;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  /** How long the last chunk of an upload waits for its load before answering the job RUNNING. */
  static final java.time.Duration DEFAULT_LOAD_ANSWER_WAIT = java.time.Duration.ofSeconds(5);
  private final java.time.Duration loadAnswerWait;
  /** Loads run one at a time, after their upload is complete, as BigQuery runs them: in the background. */
  private final java.util.concurrent.ExecutorService loads = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "bigquery-emulator-load");
    t.setDaemon(true);
    return t;
  });
  /** Open and finished resumable uploads of load jobs, by upload id. */
  private final Map<String, Upload> uploads = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  RestApi(Warehouse warehouse, Faults faults, RequestLog log, java.time.Duration loadAnswerWait) {
    this.loadAnswerWait = loadAnswerWait;
    this.warehouse = warehouse;
    this.engine = new QueryEngine(warehouse);
    this.inserter = new RowInserter(warehouse);
    this.loader = new Loader(warehouse, inserter);
    this.faults = faults;
    this.log = log;
  }

  /** On close: no new load starts; one running is let finish (awaitLoads) before the warehouse closes. */
  void stopLoads() {
    loads.shutdown();
  }

  boolean awaitLoads(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
    return loads.awaitTermination(timeout, unit);
  }

  RowInserter inserter() {
    return inserter;
  }

  /** What one request asks: method, path segments after the API prefix, query parameters, body. */
  record Request(String method, List<String> path, Map<String, String> params, JsonNode body) {
    String param(String name) {
      return params.get(name);
    }

    Long longParam(String name) {
      String value = params.get(name);
      return value == null ? null : Long.parseLong(value);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
      // google-http-client sends PATCH as POST with this header.
      String method = override != null ? override.toUpperCase(java.util.Locale.ROOT) : exchange.getRequestMethod();
      Map<String, String> params = queryParams(exchange.getRequestURI().getRawQuery());
      if (path.startsWith(ADMIN)) {
        JsonNode body = Json.parse(readBody(exchange));
        respond(exchange, 200, admin(method, path.substring(ADMIN.length()), body));
        return;
      }
      if (path.startsWith(UPLOAD)) {
        upload(exchange, method, path, params);
        return;
      }
      if (!path.startsWith(PREFIX)) {
        throw ApiException.notFound("URL " + path);
      }
      List<String> segments = new ArrayList<>(Arrays.asList(path.substring(PREFIX.length()).split("/")));
      segments.removeIf(String::isEmpty);
      String operation = operation(method, segments);
      log.record(operation);
      injectFault(operation);
      JsonNode body = method.equals("GET") || method.equals("DELETE") ? null : Json.parse(readBody(exchange));
      Request request = new Request(method, segments, params, body);
      JsonNode answer = dispatch(operation, request);
      if (answer == null) {
        respond(exchange, 204, null);
      } else {
        respond(exchange, 200, answer);
      }
    } catch (ApiException e) {
      respond(exchange, e.status(), errorBody(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, errorBody(new ApiException(503, "backendError", "interrupted")));
    } catch (NumberFormatException e) {
      respond(exchange, 400, errorBody(ApiException.invalid("Invalid number: " + e.getMessage())));
    } catch (RuntimeException e) {
      respond(exchange, 500, errorBody(new ApiException(500, "backendError", "Emulator failure: " + e)));
    } finally {
      exchange.close();
    }
  }

  /** Counts and faults an operation may be given (a hang sleeps outside the warehouse lock). */
  private void injectFault(String operation) throws InterruptedException {
    Optional<Faults.Rule> fault = faults.take(operation);
    if (fault.isPresent()) {
      Faults.Rule rule = fault.get();
      if (!rule.delay().isZero()) {
        Thread.sleep(rule.delay().toMillis());
      }
      if (rule.status() != 0) {
        throw new ApiException(rule.status(), rule.reason(), faultMessage(rule.reason()) + " (fault injected by the "
            + "emulator on " + operation + ")");
      }
    }
  }

  // ---- load jobs through the resumable upload endpoint ----

  /** One resumable upload: the load job it will run, the bytes received so far, and the job once it ran. */
  private static final class Upload {
    final Job job;
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    boolean done;

    Upload(Job job) {
      this.job = job;
    }
  }

  /**
   * The protocol google-http-client speaks for {@code bigquery.writer(...)}: a POST with the job
   * resource opens the session and answers its URL in {@code Location}; each PUT carries
   * {@code Content-Range: bytes a-b/*} and is answered 308 with {@code Range: bytes=0-b} (and no
   * Location, which the client would follow as a redirect); the PUT with the total
   * ({@code bytes a-b/N} or {@code bytes *}{@code /N}) runs the job and answers its resource.
   */
  private void upload(HttpExchange exchange, String method, String path, Map<String, String> params)
      throws IOException, InterruptedException {
    List<String> segments = new ArrayList<>(Arrays.asList(path.substring(UPLOAD.length()).split("/")));
    segments.removeIf(String::isEmpty);
    if (segments.size() != 3 || !segments.get(0).equals("projects") || !segments.get(2).equals("jobs")) {
      throw ApiException.notFound("URL " + path);
    }
    String project = segments.get(1);
    String uploadId = params.get("upload_id");
    if (uploadId == null) {
      if (!method.equals("POST")) {
        throw ApiException.notFound("URL " + method + " " + path + " without upload_id");
      }
      log.record("jobs.insert.upload");
      injectFault("jobs.insert.upload");
      if (!"resumable".equals(params.get("uploadType"))) {
        throw ApiException.unsupported("uploadType=" + params.get("uploadType") + " (only resumable uploads)");
      }
      if (!warehouse.projects().contains(project)) {
        throw AccessDenied.of("jobs.insert", segments);
      }
      String id = openUpload(project, Json.parse(readBody(exchange)));
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (host == null) {
        host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
      }
      exchange.getResponseHeaders().set("Location", "http://" + host + UPLOAD + "projects/" + project
          + "/jobs?uploadType=resumable&upload_id=" + id);
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    if (!method.equals("PUT")) {
      throw ApiException.notFound("URL " + method + " " + path + " with upload_id (uploads take PUT)");
    }
    log.record("jobs.insert.upload.data");
    injectFault("jobs.insert.upload.data");
    Upload upload;
    synchronized (jobs) {
      upload = uploads.get(uploadId);
    }
    if (upload == null || !upload.job.project.equals(project)) {
      throw ApiException.notFound("Upload session " + uploadId);
    }
    byte[] bytes = readBody(exchange);
    String range = exchange.getRequestHeaders().getFirst("Content-Range");
    JsonNode answer;
    synchronized (upload) {
      if (upload.done) {
        respond(exchange, 200, upload.job.resource()); // the last chunk sent again: its answer again
        return;
      }
      boolean last = append(upload, range, bytes);
      if (!last) {
        long size = upload.data.size();
        if (size > 0) {
          exchange.getResponseHeaders().set("Range", "bytes=0-" + (size - 1));
        }
        exchange.sendResponseHeaders(308, -1);
        return;
      }
      byte[] data = upload.data.toByteArray();
      upload.data = null;
      upload.done = true;
      Job job = upload.job;
      job.running = true;
      synchronized (jobs) {
        jobs.put(job.project + "/" + job.jobId, job); // jobs.get finds it while it runs
      }
      java.util.concurrent.Future<?> done = loads.submit(() -> {
        try {
          loader.run(job, data);
        } finally {
          job.running = false;
          log.job(job);
        }
      });
      // BigQuery runs a load after the upload is answered. A small one is done within the wait and
      // answered DONE; a large one is answered RUNNING and the client polls jobs.get (waitFor), so no
      // upload's answer waits longer than a client's read timeout.
      try {
        done.get(loadAnswerWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        // answered RUNNING below
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      answer = job.resource();
    }
    respond(exchange, 200, answer);
  }

  private String openUpload(String project, JsonNode body) {
    ObjectNode configuration = Loader.configuration(project, body);
    JsonNode ref = body.path("jobReference");
    String jobId = Json.text(ref, "jobId") == null ? newJobId() : Json.text(ref, "jobId");
    String location = Json.text(ref, "location");
    if (location == null || location.isBlank()) {
      // the job runs where its destination dataset is, as a query job runs where its tables are
      TableName target = Loader.destination(project, configuration.get("load"));
      location = warehouse.locked(() -> warehouse.projects().contains(target.project())
          && warehouse.datasetExists(target.project(), target.dataset())
          ? (String) warehouse.datasetMeta(target.project(), target.dataset())[0] : null);
    }
    Job job = new Job(project, jobId, location, configuration, warehouse.stamp());
    String id = randomId(32);
    synchronized (jobs) {
      boolean taken = jobs.containsKey(project + "/" + jobId) || uploads.values().stream()
          .anyMatch(u -> u.job.project.equals(project) && u.job.jobId.equals(jobId));
      if (taken) {
        throw ApiException.duplicate("Job " + project + ":" + job.location + "." + jobId);
      }
      uploads.put(id, new Upload(job));
    }
    return id;
  }

  /**
   * Appends one PUT's bytes; true when it was the last. A chunk that starts before the end of what
   * was received (the client sending again what it had no answer for) adds only its new bytes; one
   * that starts after it would leave a gap and is refused with 400, as is a chunk whose length is not
   * that of its range or a total that is not what was received.
   */
  private static boolean append(Upload upload, String range, byte[] bytes) {
    long size = upload.data.size();
    if (range == null) {
      upload.data.writeBytes(bytes); // the whole upload in one request
      return true;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)")
        .matcher(range.trim());
    if (!m.matches()) {
      throw ApiException.invalid("Invalid Content-Range: " + range);
    }
    if (m.group(1) != null) {
      long from = Long.parseLong(m.group(1));
      long to = Long.parseLong(m.group(2));
      if (to - from + 1 != bytes.length) {
        throw ApiException.invalid("Content-Range " + range + " does not match the " + bytes.length + " bytes sent");
      }
      if (from > size) {
        throw ApiException.invalid("Upload chunk starts at byte " + from + " but only " + size + " bytes were received "
            + "(chunks must be sent in order)");
      }
      if (to >= size) {
        upload.data.write(bytes, (int) (size - from), (int) (to + 1 - size));
      }
    } else if (bytes.length > 0) {
      throw ApiException.invalid("Content-Range " + range + " names no bytes but " + bytes.length + " were sent");
    }
    if (m.group(3).equals("*")) {
      return false;
    }
    long total = Long.parseLong(m.group(3));
    if (total != upload.data.size()) {
      throw ApiException.invalid("The upload's total of " + total + " bytes is not the " + upload.data.size()
          + " bytes received");
    }
    return true;
  }

  /** The API method a request calls, e.g. {@code tables.get}; used for faults and counts. */
  static String operation(String method, List<String> s) {
    int n = s.size();
    if (n == 0 || !s.get(0).equals("projects")) {
      throw ApiException.notFound("URL /bigquery/v2/" + String.join("/", s));
    }
    if (n == 1) {
      return "projects.list";
    }
    String kind = n >= 3 ? s.get(2) : "";
    String op = switch (kind) {
      case "datasets" -> switch (n) {
        case 3 -> method.equals("POST") ? "datasets.insert" : "datasets.list";
        case 4 -> switch (method) {
          case "GET" -> "datasets.get";
          case "DELETE" -> "datasets.delete";
          case "PATCH" -> "datasets.patch";
          case "PUT" -> "datasets.update";
          default -> null;
        };
        case 5 -> s.get(4).equals("tables") ? (method.equals("POST") ? "tables.insert" : "tables.list") : null;
        case 6 -> s.get(4).equals("tables") ? switch (method) {
          case "GET" -> "tables.get";
          case "DELETE" -> "tables.delete";
          case "PATCH" -> "tables.patch";
          case "PUT" -> "tables.update";
          default -> null;
        } : null;
        case 7 -> s.get(6).equals("data") ? "tabledata.list" : s.get(6).equals("insertAll") ? "tabledata.insertAll" : null;
        default -> null;
      };
      case "queries" -> n == 3 ? "jobs.query" : n == 4 ? "jobs.getQueryResults" : null;
      case "jobs" -> switch (n) {
        case 3 -> method.equals("POST") ? "jobs.insert" : "jobs.list";
        case 4 -> "jobs.get";
        case 5 -> s.get(4).equals("cancel") ? "jobs.cancel" : s.get(4).equals("delete") ? "jobs.delete" : null;
        default -> null;
      };
      default -> null;
    };
    if (op == null) {
      throw ApiException.notFound("URL /bigquery/v2/" + String.join("/", s));
    }
    return op;
  }

  private JsonNode dispatch(String operation, Request r) throws InterruptedException {
    String project = r.path().get(1);
    if (!operation.equals("projects.list") && !warehouse.projects().contains(project)) {
      throw AccessDenied.of(operation, r.path());
    }
    return switch (operation) {
      case "projects.list" -> projects();
      case "datasets.list" -> listDatasets(project, r);
      case "datasets.insert" -> insertDataset(project, r.body());
      case "datasets.get" -> dataset(project, r.path().get(3));
      case "datasets.delete" -> deleteDataset(project, r.path().get(3), "true".equals(r.param("deleteContents")));
      case "datasets.patch", "datasets.update" -> patchDataset(project, r.path().get(3), r.body());
      case "tables.list" -> listTables(project, r.path().get(3), r);
      case "tables.insert" -> insertTable(project, r.path().get(3), r.body());
      case "tables.get" -> table(new TableName(project, r.path().get(3), r.path().get(5)));
      case "tables.delete" -> deleteTable(new TableName(project, r.path().get(3), r.path().get(5)));
      case "tables.patch", "tables.update" -> patchTable(new TableName(project, r.path().get(3), r.path().get(5)), r.body());
      case "tabledata.list" -> tableData(new TableName(project, r.path().get(3), r.path().get(5)), r);
      case "tabledata.insertAll" -> inserter.insertAll(new TableName(project, r.path().get(3), r.path().get(5)), r.body(),
          true);
      case "jobs.query" -> query(project, r.body());
      case "jobs.getQueryResults" -> queryResults(project, r.path().get(3), r);
      case "jobs.insert" -> insertJob(project, r.body());
      case "jobs.get" -> requireJob(project, r.path().get(3), r.param("location")).resource();
      case "jobs.list" -> listJobs(project);
      case "jobs.cancel" -> {
        ObjectNode out = Json.object();
        out.put("kind", "bigquery#jobCancelResponse");
        out.set("job", requireJob(project, r.path().get(3)).resource());
        yield out;
      }
      case "jobs.delete" -> {
        synchronized (jobs) {
          requireJob(project, r.path().get(3));
          jobs.remove(project + "/" + r.path().get(3));
        }
        yield null;
      }
      default -> throw ApiException.notFound("operation " + operation);
    };
  }

  // ---- datasets ----

  private JsonNode projects() {
    ObjectNode out = Json.object();
    out.put("kind", "bigquery#projectList");
    ArrayNode list = out.putArray("projects");
    for (String project : warehouse.projects()) {
      ObjectNode p = list.addObject();
      p.put("kind", "bigquery#project");
      p.put("id", project);
      p.put("numericId", Integer.toUnsignedString(project.hashCode()));
      p.putObject("projectReference").put("projectId", project);
      p.put("friendlyName", project);
    }
    out.put("totalItems", warehouse.projects().size());
    return out;
  }

  private JsonNode listDatasets(String project, Request r) {
    return warehouse.locked(() -> {
      ObjectNode out = Json.object();
      out.put("kind", "bigquery#datasetList");
      out.put("etag", etag(project));
      ArrayNode list = out.putArray("datasets");
      for (String dataset : listPage(warehouse.datasets(project), r, out)) {
        Object[] meta = warehouse.datasetMeta(project, dataset);
        ObjectNode d = list.addObject();
        d.put("kind", "bigquery#dataset");
        d.put("id", project + ":" + dataset);
        d.set("datasetReference", datasetReference(project, dataset));
        d.put("location", (String) meta[0]);
        putLabels(d, (String) meta[4]);
      }
      return out;
    });
  }

  private JsonNode insertDataset(String project, JsonNode body) {
    JsonNode ref = body.path("datasetReference");
    String dataset = Json.requiredText(ref, "datasetId", "datasetReference.datasetId");
    String refProject = Json.text(ref, "projectId");
    if (refProject != null && !refProject.equals(project)) {
      throw ApiException.invalid("Dataset project " + refProject + " does not match the request's project " + project);
    }
    return warehouse.locked(() -> {
      warehouse.createDataset(project, dataset, Json.text(body, "location"), Json.text(body, "description"),
          Warehouse.labels(body.get("labels")));
      return datasetResource(project, dataset);
    });
  }

  private JsonNode dataset(String project, String dataset) {
    return warehouse.locked(() -> datasetResource(project, dataset));
  }

  private JsonNode deleteDataset(String project, String dataset, boolean deleteContents) {
    warehouse.locked(() -> {
      warehouse.deleteDataset(project, dataset, deleteContents);
      return null;
    });
    return null;
  }

  private JsonNode patchDataset(String project, String dataset, JsonNode body) {
    return warehouse.locked(() -> {
      warehouse.updateDataset(project, dataset, Json.text(body, "description"), Warehouse.labels(body.get("labels")));
      return datasetResource(project, dataset);
    });
  }

  private ObjectNode datasetResource(String project, String dataset) throws java.sql.SQLException {
    Object[] meta = warehouse.datasetMeta(project, dataset);
    ObjectNode d = Json.object();
    d.put("kind", "bigquery#dataset");
    d.put("etag", etag(project + dataset + meta[2]));
    d.put("id", project + ":" + dataset);
    d.put("selfLink", "http://emulator/bigquery/v2/projects/" + project + "/datasets/" + dataset);
    d.set("datasetReference", datasetReference(project, dataset));
    d.put("location", (String) meta[0]);
    d.put("creationTime", Long.toString((Long) meta[1]));
    d.put("lastModifiedTime", Long.toString((Long) meta[2]));
    if (meta[3] != null) {
      d.put("description", (String) meta[3]);
    }
    putLabels(d, (String) meta[4]);
    d.put("type", "DEFAULT");
    return d;
  }

  private static ObjectNode datasetReference(String project, String dataset) {
    ObjectNode ref = Json.object();
    ref.put("datasetId", dataset);
    ref.put("projectId", project);
    return ref;
  }

  /**
   * One page of a list call, as BigQuery pages datasets.list and tables.list: {@code maxResults}
   * items from the position {@code pageToken} names, and a {@code nextPageToken} while more remain.
   */
  private static List<String> listPage(List<String> all, Request r, ObjectNode out) {
    int from = 0;
    String token = r.param("pageToken");
    if (token != null) {
      try {
        from = Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(token),
            java.nio.charset.StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw ApiException.invalid("Invalid page token: " + token);
      }
    }
    int size = r.param("maxResults") == null ? 50 : Integer.parseInt(r.param("maxResults"));
    int to = Math.min(all.size(), from + Math.max(1, size));
    if (to < all.size()) {
      out.put("nextPageToken", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          Integer.toString(to).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return all.subList(Math.min(from, all.size()), to);
  }

  // ---- tables ----

  private JsonNode listTables(String project, String dataset, Request r) {
    return warehouse.locked(() -> {
      ObjectNode out = Json.object();
      out.put("kind", "bigquery#tableList");
      out.put("etag", etag(project + dataset));
      ArrayNode list = out.putArray("tables");
      List<String> names = warehouse.tables(project, dataset);
      for (String name : listPage(names, r, out)) {
        TableInfo info = warehouse.requireTable(new TableName(project, dataset, name));
        ObjectNode t = list.addObject();
        t.put("kind", "bigquery#table");
        t.put("id", info.name().display());
        t.set("tableReference", Job.tableReference(info.name()));
        t.put("type", info.kind());
        t.put("creationTime", Long.toString(info.creationTime()));
        putLabels(t, info.labelsJson());
      }
      out.put("totalItems", names.size());
      return out;
    });
  }

  private JsonNode insertTable(String project, String dataset, JsonNode body) {
    JsonNode ref = body.path("tableReference");
    String tableId = Json.requiredText(ref, "tableId", "tableReference.tableId");
    TableName name = new TableName(project, dataset, tableId);
    if (!tableId.matches("[\\p{L}\\p{M}\\p{N}\\p{Pc}\\p{Pd} ]{1,1024}")) {
      throw ApiException.invalid("Invalid table ID \"" + tableId + "\".");
    }
    if (body.hasNonNull("externalDataConfiguration") || body.hasNonNull("materializedView")) {
      throw ApiException.unsupported("external tables and materialized views");
    }
    return warehouse.locked(() -> {
      warehouse.requireDataset(project, dataset);
      if (warehouse.table(name).isPresent()) {
        throw ApiException.duplicate("Table " + name.display());
      }
      String viewQuery = null;
      if (body.hasNonNull("view")) {
        viewQuery = Json.requiredText(body.get("view"), "query", "view.query");
        if (body.get("view").path("useLegacySql").asBoolean(false)) {
          throw ApiException.invalid("Legacy SQL views are not supported by the emulator: set useLegacySql to false");
        }
        Translation translation = GoogleSqlTranslator.translate(viewQuery, Parameters.NONE);
        if (!translation.isQuery()) {
          throw ApiException.invalid("A view's query must be a SELECT");
        }
        warehouse.createView(name, translation.duckSql(), project);
      } else {
        List<FieldSchema> fields = FieldSchema.listFromJson(body.path("schema").get("fields"));
        warehouse.createTable(name, fields);
      }
      warehouse.resetTable(name, viewQuery);
      if (viewQuery == null) {
        try {
          TableExtras.fromResource(warehouse, name, body, warehouse.schema(name));
        } catch (ApiException e) {
          warehouse.dropTable(name, false); // refused: the table is not created
          throw e;
        }
      }
      Long expiration = body.hasNonNull("expirationTime") ? Long.parseLong(body.get("expirationTime").asText()) : null;
      warehouse.registerTable(name, viewQuery, Json.text(body, "description"), Warehouse.labels(body.get("labels")),
          expiration);
      return tableResource(warehouse.requireTable(name));
    });
  }

  private JsonNode table(TableName name) {
    return warehouse.locked(() -> tableResource(warehouse.requireTable(name)));
  }

  private JsonNode deleteTable(TableName name) {
    warehouse.locked(() -> {
      TableInfo info = warehouse.requireTable(name);
      warehouse.dropTable(name, info.isView());
      return null;
    });
    return null;
  }

  private JsonNode patchTable(TableName name, JsonNode body) {
    return warehouse.locked(() -> {
      TableInfo info = warehouse.requireTable(name);
      if (body.has("schema") && !info.isView()) {
        List<FieldSchema> wanted = FieldSchema.listFromJson(body.path("schema").get("fields"));
        List<FieldSchema> current = info.schema();
        Map<String, FieldSchema> byName = new HashMap<>();
        current.forEach(f -> byName.put(f.name().toLowerCase(java.util.Locale.ROOT), f));
        List<FieldSchema> added = new ArrayList<>();
        for (FieldSchema field : wanted) {
          FieldSchema existing = byName.remove(field.name().toLowerCase(java.util.Locale.ROOT));
          if (existing == null) {
            added.add(field);
          } else if (!existing.type().equals(field.type()) || existing.repeated() != field.repeated()) {
            throw ApiException.invalid("Provided Schema does not match Table " + name.display() + ". Field "
                + field.name() + " has changed type from " + existing.type() + " to " + field.type());
          }
        }
        if (!byName.isEmpty()) {
          throw ApiException.invalid("Provided Schema does not match Table " + name.display() + ". Cannot remove "
              + "fields: " + String.join(", ", byName.keySet()));
        }
        warehouse.addColumns(name, added);
      }
      if (body.hasNonNull("view") && info.isView()) {
        String query = Json.requiredText(body.get("view"), "query", "view.query");
        Translation translation = GoogleSqlTranslator.translate(query, Parameters.NONE);
        warehouse.dropTable(name, true);
        warehouse.createView(name, translation.duckSql(), name.project());
        warehouse.registerTable(name, query, null, null, null);
      }
      if (!info.isView()) {
        TableExtras.patch(warehouse, name, body);
      }
      Long expiration = body.hasNonNull("expirationTime") ? Long.parseLong(body.get("expirationTime").asText()) : null;
      warehouse.updateTableMeta(name, Json.text(body, "description"), Warehouse.labels(body.get("labels")), expiration);
      return tableResource(warehouse.requireTable(name));
    });
  }

  private ObjectNode tableResource(TableInfo info) throws java.sql.SQLException {
    ObjectNode t = Json.object();
    TableName name = info.name();
    t.put("kind", "bigquery#table");
    t.put("etag", etag(name.display() + info.lastModifiedTime()));
    t.put("id", name.display());
    t.put("selfLink", "http://emulator/bigquery/v2/projects/" + name.project() + "/datasets/" + name.dataset()
        + "/tables/" + name.table());
    t.set("tableReference", Job.tableReference(name));
    t.set("schema", FieldSchema.schemaJson(info.schema()));
    t.put("creationTime", Long.toString(info.creationTime()));
    t.put("lastModifiedTime", Long.toString(info.lastModifiedTime()));
    t.put("type", info.kind());
    t.put("location", (String) warehouse.datasetMeta(name.project(), name.dataset())[0]);
    if (info.isView()) {
      ObjectNode view = t.putObject("view");
      view.put("query", info.viewQuery());
      view.put("useLegacySql", false);
    } else {
      // Rows still in the streaming buffer are reported there, not in numRows/numBytes.
      var buffer = warehouse.streaming().stats(name);
      long bufferedRows = buffer.map(StreamingBuffer.Stats::rows).orElse(0L);
      long bufferedBytes = buffer.map(StreamingBuffer.Stats::bytes).orElse(0L);
      t.put("numRows", Long.toString(warehouse.rowCount(name) - bufferedRows));
      t.put("numBytes", Long.toString(Math.max(0, warehouse.bytes(name, null) - bufferedBytes)));
      t.put("numLongTermBytes", "0");
      buffer.ifPresent(b -> {
        ObjectNode streaming = t.putObject("streamingBuffer");
        streaming.put("estimatedRows", Long.toString(b.rows()));
        streaming.put("estimatedBytes", Long.toString(b.bytes()));
        streaming.put("oldestEntryTime", Long.toString(b.oldestEntryTime()));
      });
    }
    if (info.description() != null) {
      t.put("description", info.description());
    }
    if (info.expirationTime() != null) {
      t.put("expirationTime", Long.toString(info.expirationTime()));
    }
    putLabels(t, info.labelsJson());
    TableExtras.apply(warehouse.extras(name), t);
    return t;
  }

  private JsonNode tableData(TableName name, Request r) {
    List<String> selected = r.param("selectedFields") == null ? null : Arrays.asList(r.param("selectedFields").split(","));
    Page page = engine.page(name, r.longParam("startIndex"), r.param("pageToken"), r.longParam("maxResults"),
        "true".equals(r.param("formatOptions.useInt64Timestamp")), selected);
    ObjectNode out = Json.object();
    out.put("kind", "bigquery#tableDataList");
    out.put("etag", etag(name.display() + page.totalRows()));
    out.put("totalRows", Long.toString(page.totalRows()));
    if (page.pageToken() != null) {
      out.put("pageToken", page.pageToken());
    }
    out.set("rows", page.rows());
    return out;
  }

  // ---- jobs ----

  private JsonNode query(String project, JsonNode body) {
    ObjectNode configuration = Json.object();
    configuration.put("jobType", "QUERY");
    ObjectNode query = configuration.putObject("query");
    for (String field : List.of("query", "queryParameters", "parameterMode", "useLegacySql", "defaultDataset",
        "maximumBytesBilled")) {
      if (body.has(field)) {
        query.set(field, body.get(field));
      }
    }
    if (!query.has("useLegacySql")) {
      query.put("useLegacySql", true);
    }
    if (body.has("labels")) {
      configuration.set("labels", body.get("labels"));
    }
    boolean dryRun = body.path("dryRun").asBoolean(false);
    Job job = new Job(project, newJobId(), Json.text(body, "location"), configuration, warehouse.stamp());
    job.dryRun = dryRun;
    try {
      engine.run(job);
    } finally {
      if (!dryRun) {
        remember(job);
      }
    }
    ObjectNode out = Json.object();
    out.put("kind", "bigquery#queryResponse");
    out.set("schema", FieldSchema.schemaJson(job.schema));
    out.set("jobReference", job.reference());
    if (!dryRun) {
      out.put("queryId", job.jobId);
    }
    out.put("totalBytesProcessed", Long.toString(job.bytesProcessed));
    out.put("jobComplete", true);
    out.put("cacheHit", false);
    if (dryRun) {
      return out;
    }
    putDml(out, job);
    if (job.destination != null) {
      Page page = engine.page(job.destination, 0L, null, body.hasNonNull("maxResults") ? body.get("maxResults").asLong() : null,
          body.path("formatOptions").path("useInt64Timestamp").asBoolean(false), null);
      out.put("totalRows", Long.toString(page.totalRows()));
      if (page.pageToken() != null) {
        out.put("pageToken", page.pageToken());
      }
      out.set("rows", page.rows());
    }
    return out;
  }

  private JsonNode queryResults(String project, String jobId, Request r) {
    Job job = requireJob(project, jobId, r.param("location"));
    if (job.error != null) {
      throw job.error;
    }
    ObjectNode out = Json.object();
    out.put("kind", "bigquery#getQueryResultsResponse");
    out.put("etag", etag(jobId));
    out.set("schema", FieldSchema.schemaJson(job.schema));
    out.set("jobReference", job.reference());
    out.put("totalBytesProcessed", Long.toString(job.bytesProcessed));
    out.put("jobComplete", true);
    out.put("cacheHit", false);
    putDml(out, job);
    if (job.destination == null) {
      out.put("totalRows", "0");
      return out;
    }
    Page page = engine.page(job.destination, r.longParam("startIndex"), r.param("pageToken"), r.longParam("maxResults"),
        "true".equals(r.param("formatOptions.useInt64Timestamp")), null);
    out.put("totalRows", Long.toString(page.totalRows()));
    if (page.pageToken() != null) {
      out.put("pageToken", page.pageToken());
    }
    out.set("rows", page.rows());
    return out;
  }

  private static void putDml(ObjectNode out, Job job) {
    if (job.dmlAffectedRows != null) {
      out.put("numDmlAffectedRows", Long.toString(job.dmlAffectedRows));
      if (job.dmlStats != null) {
        out.set("dmlStats", job.statistics().path("query").path("dmlStats"));
      }
    }
  }

  private JsonNode insertJob(String project, JsonNode body) {
    JsonNode ref = body.path("jobReference");
    String jobId = Json.text(ref, "jobId") == null ? newJobId() : Json.text(ref, "jobId");
    ObjectNode configuration = body.path("configuration").isObject()
        ? (ObjectNode) body.get("configuration").deepCopy() : Json.object();
    if (configuration.has("load")) {
      throw ApiException.unsupported("load jobs through jobs.insert (from sourceUris): loads are supported only "
          + "through the resumable upload endpoint (bigquery.writer(...)), for " + Loader.FORMAT);
    }
    if (!configuration.has("query")) {
      String kind = configuration.has("copy") ? "copy" : configuration.has("extract") ? "extract" : "unknown";
      throw ApiException.unsupported(kind + " jobs");
    }
    configuration.put("jobType", "QUERY");
    synchronized (jobs) {
      if (jobs.containsKey(project + "/" + jobId)) {
        throw ApiException.duplicate("Job " + project + ":US." + jobId);
      }
    }
    Job job = new Job(project, jobId, Json.text(ref, "location"), configuration, warehouse.stamp());
    job.dryRun = configuration.path("dryRun").asBoolean(false);
    try {
      engine.run(job);
    } catch (ApiException e) {
      // BigQuery accepts the job and reports the failure in its status.
    }
    if (!job.dryRun) {
      remember(job);
    }
    return job.resource();
  }

  private JsonNode listJobs(String project) {
    ObjectNode out = Json.object();
    out.put("kind", "bigquery#jobList");
    ArrayNode list = out.putArray("jobs");
    synchronized (jobs) {
      for (Job job : jobs.values()) {
        if (job.project.equals(project)) {
          ObjectNode resource = job.resource();
          resource.put("state", "DONE");
          list.add(resource);
        }
      }
    }
    return out;
  }

  private void remember(Job job) {
    synchronized (jobs) {
      jobs.put(job.project + "/" + job.jobId, job);
    }
    log.job(job);
  }

  private Job requireJob(String project, String jobId) {
    return requireJob(project, jobId, null);
  }

  /** A job is found only in its own location, when the caller names one (as BigQuery's jobs are regional). */
  private Job requireJob(String project, String jobId, String location) {
    synchronized (jobs) {
      Job job = jobs.get(project + "/" + jobId);
      if (job == null || (location != null && !location.isBlank() && !location.equalsIgnoreCase(job.location))) {
        throw ApiException.notFound("Job " + project + ":" + (location == null || location.isBlank() ? "US" : location)
            + "." + jobId);
      }
      return job;
    }
  }

  private String newJobId() {
    return "job_" + randomId(22);
  }

  private String randomId(int length) {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < length; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  void clearJobs() {
    synchronized (jobs) {
      jobs.clear();
      uploads.clear();
    }
  }

  // ---- admin ----

  private JsonNode admin(String method, String path, JsonNode body) {
    ObjectNode out = Json.object();
    switch (method + " " + path) {
      case "POST faults" -> {
        faults.add(new Faults.Rule(Json.requiredText(body, "operation", "operation"), body.path("skip").asInt(0),
            body.path("times").asInt(1), body.path("status").asInt(0), Json.text(body, "reason"),
            java.time.Duration.ofMillis(body.path("delayMs").asLong(0))));
        out.put("pending", faults.pending().size());
      }
      case "DELETE faults" -> faults.clear();
      case "GET faults" -> out.set("faults", Json.MAPPER.valueToTree(faults.pending()));
      case "GET requests" -> out.set("requests", Json.MAPPER.valueToTree(log.counts()));
      case "GET jobs" -> out.set("jobs", Json.MAPPER.valueToTree(log.jobs()));
      case "GET health" -> out.put("status", "ok");
      case "POST reset" -> {
        warehouse.locked(() -> {
          warehouse.reset();
          return null;
        });
        faults.clear();
        log.clear();
        clearJobs();
      }
      default -> throw ApiException.notFound("admin endpoint " + method + " /emulator/v1/" + path);
    }
    return out;
  }

  // ---- HTTP plumbing ----

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  private static Map<String, String> queryParams(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static ObjectNode errorBody(ApiException e) {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("code", e.status());
    error.put("message", e.getMessage());
    ObjectNode detail = error.putArray("errors").addObject();
    detail.put("message", e.getMessage());
    detail.put("domain", "global");
    detail.put("reason", e.reason());
    error.put("status", e.statusText());
    return body;
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void putLabels(ObjectNode node, String labelsJson) {
    if (labelsJson != null) {
      try {
        node.set("labels", Json.MAPPER.readTree(labelsJson));
      } catch (IOException ignored) {
        // labels were stored from valid JSON
      }
    }
  }

  /** BigQuery's own wording, so the client's message-based retry rules react as they would in production. */
  private static String faultMessage(String reason) {
    return switch (reason) {
      case "rateLimitExceeded" -> "Exceeded rate limits: too many api requests per user per method for this user_method";
      case "quotaExceeded" -> "Quota exceeded: Your project exceeded quota for free query bytes scanned";
      case "backendError" -> "Backend error. Job aborted.";
      case "internalError" -> "An internal error occurred and the request could not be completed.";
      default -> "Injected " + reason;
    };
  }

  private static String etag(String seed) {
    return Integer.toHexString(seed.hashCode());
  }
}
