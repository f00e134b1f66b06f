package dev.bqsync.cli;

import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.config.InvalidConfigException;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.config.TenantConfigWriter;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.gcp.FirestoreClientFactory;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.FirestoreRunLog;
import dev.bqsync.gcp.FirestoreTenantConfigStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator CLI ({@code infra/local/bqsync}). Exit codes: 0 done, 2 invalid input (what to
 * change on stderr), 1 any other failure.
 */
public final class BqsyncCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  static final String USAGE = """
      usage: bqsync <command>

        tenant validate --file F     check a tenant configuration file; print every problem
        tenant apply --file F        validate, then store the configuration in Firestore
        tenant show --tenant ID      print a tenant's configuration, connection and recent runs
        cursor reset --tenant ID --section S
                                     forget a usage section's cursor: the next pull reads the source from the start
        sync crm --tenant ID [--section S] --dry-run
                                     print what a CRM sync would change, writing nothing
                                     (BigQuery: BIGQUERY_EMULATOR_HOST, or the tenant's connection)
        crm import --tenant ID --model M --file F.json
                                     write CRM records (a JSON list of objects with externalId, sourceId or email)

      Firestore: FIRESTORE_EMULATOR_HOST=host:port for the local emulator, or GOOGLE_CLOUD_PROJECT
      (with Application Default Credentials) for a real project.
      Exit codes: 0 done, 2 invalid input, 1 other failure.""";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<Map<String, String>, Firestore> firestoreFactory;

  BqsyncCli(Map<String, String> env, PrintStream out, PrintStream err,
      Function<Map<String, String>, Firestore> firestoreFactory) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.firestoreFactory = firestoreFactory;
  }

  public static void main(String[] args) {
    // The client libraries log connection details at INFO; an operator wants only the answer.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("io.grpc").setLevel(java.util.logging.Level.WARNING);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code = new BqsyncCli(System.getenv(), out, err, FirestoreClientFactory::fromEnvironment).run(args);
    System.exit(code);
  }

  int run(String... args) {
    try {
      CommandLine line = CommandLine.parse(args, Set.of("help", "dry-run"));
      if (line.flags().contains("help") || line.words().isEmpty() || line.words().equals(List.of("help"))) {
        out.println(USAGE);
        return OK;
      }
      return dispatch(line);
    } catch (UsageException e) {
      err.println("bqsync: " + e.getMessage());
      err.println(USAGE);
      return INVALID;
    } catch (InvalidInputException e) {
      err.println("bqsync: " + e.getMessage());
      return INVALID;
    } catch (InvalidConfigException e) {
      err.println("bqsync: " + e.getMessage());
      return INVALID;
    } catch (RuntimeException e) {
      err.println("bqsync: failed: " + new SecretRedactor().redact(String.valueOf(e.getMessage())));
      return FAILED;
    }
  }

  private int dispatch(CommandLine line) {
    List<String> words = line.words();
    String command = String.join(" ", words);
    switch (command) {
      case "tenant validate" -> {
        line.allowOnly("file");
        TenantConfig config = readConfig(line.required("file"));
        out.printf("OK: tenant %s is valid (%d CRM section(s), %d usage section(s))%n", config.tenantId(),
            config.crmSections().size(), config.usageSections().size());
        return OK;
      }
      case "tenant apply" -> {
        line.allowOnly("file");
        TenantConfig config = readConfig(line.required("file"));
        try (FirestoreSession db = firestore()) {
          new FirestoreTenantConfigStore(db.firestore(), Clock.systemUTC()).save(config);
        }
        out.printf("Applied: tenant %s (%d CRM section(s), %d usage section(s))%n", config.tenantId(),
            config.crmSections().size(), config.usageSections().size());
        return OK;
      }
      case "tenant show" -> {
        line.allowOnly("tenant");
        return show(line.required("tenant"));
      }
      case "cursor reset" -> {
        line.allowOnly("tenant", "section");
        return resetCursor(line.required("tenant"), line.required("section"));
      }
      case "sync crm" -> {
        line.allowOnly("tenant", "section");
        if (!line.flags().contains("dry-run")) {
          throw new UsageException("sync crm runs as a dry run only from the CLI: add --dry-run (the CRM sync itself "
              + "runs in CrmSyncFunction)");
        }
        return dryRun(line.required("tenant"), line.options().get("section"));
      }
      case "crm import" -> {
        line.allowOnly("tenant", "model", "file");
        return importRecords(line.required("tenant"), line.required("model"), line.required("file"));
      }
      default -> throw new UsageException("unknown command '" + command + "'");
    }
  }

  private int show(String tenantId) {
    try (FirestoreSession db = firestore()) {
      TenantConfig config = new FirestoreTenantConfigStore(db.firestore(), Clock.systemUTC()).find(tenantId)
          .orElseThrow(() -> new InvalidInputException("no tenant '" + tenantId
              + "': apply its configuration first with 'bqsync tenant apply --file F'"));
      ConnectionStatus connection = new FirestoreConnectionStatusStore(db.firestore()).find(tenantId)
          .orElse(ConnectionStatus.notConnected(null));
      List<RunRecord> runs = new FirestoreRunLog(db.firestore(), new SecretRedactor()).recent(tenantId, 10);
      out.print(new TenantReport(config, connection, runs).render());
      out.println("Configuration:");
      out.println(new TenantConfigWriter().toPrettyString(config));
      return OK;
    }
  }

  private int dryRun(String tenantId, String sectionId) {
    try (FirestoreSession db = firestore()) {
      Clock clock = Clock.systemUTC();
      SecretRedactor redactor = new SecretRedactor();
      var job = new dev.bqsync.sync.CrmSyncJob(new dev.bqsync.sync.CrmSyncJob.Ports(
          new FirestoreTenantConfigStore(db.firestore(), clock), new FirestoreConnectionStatusStore(db.firestore()),
          new dev.bqsync.gcp.FirestoreLeaseStore(db.firestore(), clock), new FirestoreRunLog(db.firestore(), redactor),
          event -> { }, new dev.bqsync.gcp.BigQueryConnector(env.get(dev.bqsync.gcp.BigQueryConnector.EMULATOR_HOST)),
          new dev.bqsync.gcp.FirestoreCrmStore(db.firestore()), clock), java.time.Duration.ofMinutes(55),
          java.time.Duration.ofDays(30));
      var result = job.run(new dev.bqsync.sync.CrmSyncRequest(tenantId, sectionId, true), null);
      if (result.httpStatus() == 404) {
        throw new InvalidInputException(result.message());
      }
      for (var outcome : result.sections()) {
        out.print(new dev.bqsync.sync.PlanReport(outcome).render());
      }
      return result.sections().stream().anyMatch(o -> o.status() == dev.bqsync.core.state.RunStatus.FAILED) ? FAILED : OK;
    }
  }

  private int resetCursor(String tenantId, String sectionId) {
    try (FirestoreSession db = firestore()) {
      TenantConfig config = new FirestoreTenantConfigStore(db.firestore(), Clock.systemUTC()).find(tenantId)
          .orElseThrow(() -> new InvalidInputException("no tenant '" + tenantId + "'"));
      if (config.usageSection(sectionId).isEmpty()) {
        throw new InvalidInputException("tenant '" + tenantId + "' has no usage section '" + sectionId + "'");
      }
      var cursors = new dev.bqsync.gcp.FirestoreCursorStore(db.firestore());
      String before = cursors.find(tenantId, sectionId).map(dev.bqsync.core.state.Cursor::describe).orElse("-");
      cursors.reset(tenantId, sectionId);
      out.printf("Cursor of %s/%s reset (was %s): the next pull reads %s from the start%n", tenantId, sectionId, before,
          config.usageSection(sectionId).get().source());
      return OK;
    }
  }

  private int importRecords(String tenantId, String modelName, String file) {
    dev.bqsync.core.config.CrmModel model;
    try {
      model = dev.bqsync.core.config.CrmModel.valueOf(modelName);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown model '" + modelName + "': use one of "
          + java.util.Arrays.toString(dev.bqsync.core.config.CrmModel.values()));
    }
    java.util.List<java.util.Map<String, Object>> records;
    try {
      records = new com.fasterxml.jackson.databind.ObjectMapper().readValue(Files.readString(Path.of(file)),
          new com.fasterxml.jackson.core.type.TypeReference<java.util.List<java.util.Map<String, Object>>>() {});
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException e) {
      throw new InvalidInputException(file + " is not a JSON list of records: " + e.getMessage());
    }
    try (FirestoreSession db = firestore()) {
      int written = new dev.bqsync.gcp.FirestoreCrmRecords(db.firestore()).upsert(tenantId, model, records);
      out.printf("Imported %d %s record(s) into tenant %s%n", written, model, tenantId);
      return OK;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  private TenantConfig readConfig(String file) {
    String json;
    try {
      json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
    }
    try {
      return new TenantConfigParser().parse(json);
    } catch (InvalidConfigException e) {
      throw new InvalidInputException(file + ": " + e.getMessage());
    }
  }

  private FirestoreSession firestore() {
    boolean emulator = notBlank(env.get(FirestoreClientFactory.EMULATOR_HOST));
    if (!emulator && !notBlank(env.get(FirestoreClientFactory.PROJECT))) {
      throw new InvalidInputException("no Firestore to talk to: set FIRESTORE_EMULATOR_HOST=host:port for the local "
          + "emulator, or GOOGLE_CLOUD_PROJECT=<project> for a real project");
    }
    return new FirestoreSession(firestoreFactory.apply(env));
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  /** Closes the client when the command is done, so the JVM exits promptly. */
  private record FirestoreSession(Firestore firestore) implements AutoCloseable {
    @Override
    public void close() {
      try {
        firestore.close();
      } catch (Exception ignored) {
        // closing is best effort at exit
      }
    }
  }

  /** Input that names something missing or malformed (exit code 2). */
  static final class InvalidInputException extends RuntimeException {
    InvalidInputException(String message) {
      super(message);
    }
  }
}
