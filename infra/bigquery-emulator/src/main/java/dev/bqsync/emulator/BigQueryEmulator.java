package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local BigQuery REST API v2 on DuckDB, for tests and the local demo; never deployed. The real
 * google-cloud-bigquery client reaches it with {@code BigQueryOptions.setHost(endpoint())} and
 * {@code NoCredentials}. It binds the loopback interface only.
 *
 * <pre>
 * try (BigQueryEmulator bq = BigQueryEmulator.builder().projects("acme-analytics").start()) {
 *   BigQuery client = BigQueryOptions.newBuilder().setHost(bq.endpoint()).setProjectId("acme-analytics")
 *       .setCredentials(NoCredentials.getInstance()).build().getService();
 * }
 * </pre>
 */
public final class BigQueryEmulator implements AutoCloseable {
  static final int DEFAULT_STREAMING_FLUSH_SECONDS = 3;
  static final java.time.Duration DEFAULT_STREAMING_FLUSH_DELAY = java.time.Duration.ofSeconds(DEFAULT_STREAMING_FLUSH_SECONDS);
  private final HttpServer server;
  private final ExecutorService executor;
  private final Warehouse warehouse;
  private final Faults faults = new Faults();
  private final RequestLog log = new RequestLog();
  private final RestApi api;
  private final List<String> projects;
  private final java.time.Duration streamingFlushDelay;

  private BigQueryEmulator(Builder builder) throws IOException {
    if (builder.projects.isEmpty()) {
      throw new IllegalArgumentException("name at least one project to serve");
    }
    InetAddress loopback = InetAddress.getByName(builder.host);
    if (!loopback.isLoopbackAddress()) {
      throw new IllegalArgumentException("the emulator binds loopback only; " + builder.host + " is not a loopback address");
    }
    this.projects = List.copyOf(builder.projects);
    this.streamingFlushDelay = builder.streamingFlushDelay;
    this.warehouse = new Warehouse(projects, builder.dataFile, builder.clock, builder.streamingFlushDelay);
    this.api = new RestApi(warehouse, faults, log, builder.loadAnswerWait);
    this.server = HttpServer.create(new InetSocketAddress(loopback, builder.port), 64);
    this.executor = Executors.newFixedThreadPool(builder.threads, r -> {
      Thread t = new Thread(r, "bigquery-emulator");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", api);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL for {@code BigQueryOptions.setHost}, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<String> projects() {
    return projects;
  }

  /** Fault injection: fail or delay the next calls of an operation. */
  public Faults faults() {
    return faults;
  }

  /** How many times an operation ({@code jobs.query}, {@code tables.get}, ...) was called. */
  public long requestCount(String operation) {
    return log.count(operation);
  }

  public Map<String, Long> requestCounts() {
    return log.counts();
  }

  /** Every query job run so far, oldest first. */
  public List<ExecutedJob> jobs() {
    return log.jobs();
  }

  /** Forgets request counts and jobs, keeps data: for tests that count the BigQuery work of one step. */
  public void clearCounts() {
    log.clear();
  }

  /**
   * Changes how long rows written by insertAll from now on stay in the streaming buffer, until the
   * next {@link #reset()} (which restores the builder's delay): for a test that needs rows to stay
   * buffered on an emulator shared with tests that do not.
   */
  public void streamingFlushDelay(java.time.Duration delay) {
    warehouse.streaming().delay(delay);
  }

  /** Drops every dataset, fault, count and job, and restores the streaming flush delay. */
  public void reset() {
    warehouse.locked(() -> {
      warehouse.reset();
      return null;
    });
    warehouse.streaming().delay(streamingFlushDelay);
    faults.clear();
    log.clear();
    api.clearJobs();
  }

  public void seed(Path file) {
    Seed.load(this, file);
  }

  public void createDataset(String project, String dataset, String location) {
    warehouse.locked(() -> {
      if (!warehouse.datasetExists(project, dataset)) {
        warehouse.createDataset(project, dataset, location, null, null);
      }
      return null;
    });
  }

  void createTable(TableName name, List<FieldSchema> schema) {
    warehouse.locked(() -> {
      warehouse.createTable(name, schema);
      warehouse.resetTable(name, null);
      return null;
    });
  }

  /** Creates a table from a schema given as {@code name:TYPE[:MODE]} pairs, for tests. */
  public void createTable(String project, String dataset, String table, String... columns) {
    List<FieldSchema> schema = new ArrayList<>();
    for (String column : columns) {
      String[] parts = column.split(":");
      schema.add(new FieldSchema(parts[0], parts[1], parts.length > 2 ? parts[2] : null, List.of(), null));
    }
    createTable(new TableName(project, dataset, table), schema);
  }

  /**
   * Inserts rows in insertAll's JSON form, all or none, as a load job would: they skip the
   * streaming buffer (which only the REST insertAll uses), so seeded data is settled at once.
   */
  public void insertRows(String project, String dataset, String table, List<? extends JsonNode> rows) {
    insertRows(new TableName(project, dataset, table), rows);
  }

  void insertRows(TableName name, List<? extends JsonNode> rows) {
    ObjectNode body = Json.object();
    ArrayNode array = body.putArray("rows");
    rows.forEach(r -> array.addObject().set("json", r));
    ObjectNode answer = api.inserter().insertAll(name, body, false);
    if (answer.has("insertErrors")) {
      throw new IllegalArgumentException("rows rejected by " + name.display() + ": " + answer.get("insertErrors"));
    }
  }

  /** Runs one GoogleSQL statement in {@code project}, as a query job would; returns affected or result rows. */
  public long execute(String project, String googleSql) {
    ObjectNode configuration = Json.object();
    configuration.put("jobType", "QUERY");
    ObjectNode query = configuration.putObject("query");
    query.put("query", googleSql);
    query.put("useLegacySql", false);
    Job job = new Job(project, "seed_" + System.nanoTime(), null, configuration, warehouse.stamp());
    new QueryEngine(warehouse).run(job);
    return job.dmlAffectedRows != null ? job.dmlAffectedRows : job.totalRows;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    api.stopLoads();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
      api.awaitLoads(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    warehouse.close();
  }

  public static final class Builder {
    private final List<String> projects = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port;
    private Path dataFile;
    private Path seed;
    private int threads = 8;
    private Clock clock = Clock.systemUTC();
    private java.time.Duration streamingFlushDelay = DEFAULT_STREAMING_FLUSH_DELAY;
    private java.time.Duration loadAnswerWait = RestApi.DEFAULT_LOAD_ANSWER_WAIT;

    public Builder projects(String... ids) {
      projects.addAll(List.of(ids));
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Keep the data in a DuckDB file instead of memory. */
    public Builder dataFile(Path file) {
      this.dataFile = file;
      return this;
    }

    public Builder seed(Path file) {
      this.seed = file;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * How long rows written by insertAll stay in the streaming buffer (default
     * {@value #DEFAULT_STREAMING_FLUSH_SECONDS} seconds); {@code Duration.ZERO} flushes at once.
     */
    public Builder streamingFlushDelay(java.time.Duration delay) {
      this.streamingFlushDelay = delay;
      return this;
    }

    /**
     * How long the last chunk of a load's upload waits for the load (5 seconds by default) before
     * answering it RUNNING, as BigQuery answers a load it has not finished; the client then polls.
     */
    public Builder loadAnswerWait(java.time.Duration wait) {
      this.loadAnswerWait = wait;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public BigQueryEmulator start() {
      try {
        BigQueryEmulator emulator = new BigQueryEmulator(this);
        if (seed != null) {
          try {
            emulator.seed(seed);
          } catch (RuntimeException e) {
            emulator.close();
            throw e;
          }
        }
        return emulator;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the BigQuery emulator: " + e.getMessage(), e);
      }
    }
  }
}
