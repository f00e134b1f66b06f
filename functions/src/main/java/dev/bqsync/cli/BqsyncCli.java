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
        tenant set-oauth-client --tenant ID --client-id X --client-secret-file F
                                     store the tenant's OAuth client secret in Secret Manager (never in the config)
        tenant connect --tenant ID [--function-url URL]
                                     print the redirect URI to paste into Google's console, and the start URL
        tenant status --tenant ID    connection health: state, account, scopes, stored secrets
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
      case "tenant set-oauth-client" -> {
        line.allowOnly("tenant", "client-id", "client-secret-file");
        return setOAuthClient(line.required("tenant"), line.required("client-id"), line.required("client-secret-file"));
      }
      case "tenant connect" -> {
        line.allowOnly("tenant", "function-url");
        return connect(line.required("tenant"), line.options().get("function-url"));
      }
      case "tenant status" -> {
        line.allowOnly("tenant");
        return status(line.required("tenant"));
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

  private dev.bqsync.core.config.Auth.OAuthClient oauthClient(TenantConfig config) {
    if (!(config.connection().auth() instanceof dev.bqsync.core.config.Auth.OAuthClient client)) {
      throw new InvalidInputException("tenant '" + config.tenantId() + "' connects with "
          + config.connection().auth().kind() + ", not OAUTH: nothing to store or connect");
    }
    return client;
  }

  private dev.bqsync.port.SecretStore secretStore() {
    String project = env.get(FirestoreClientFactory.PROJECT);
    String emulator = env.get("SECRET_MANAGER_EMULATOR_HOST");
    if (!notBlank(project) && !notBlank(emulator)) {
      throw new InvalidInputException("no Secret Manager to talk to: set GOOGLE_CLOUD_PROJECT (with Application Default "
          + "Credentials), or SECRET_MANAGER_EMULATOR_HOST for a local fake");
    }
    return new dev.bqsync.gcp.SecretManagerSecretStore(dev.bqsync.gcp.SecretManagerClients.create(emulator),
        notBlank(project) ? project : FirestoreClientFactory.LOCAL_PROJECT);
  }

  private TenantConfig tenant(FirestoreSession db, String tenantId) {
    return new FirestoreTenantConfigStore(db.firestore(), Clock.systemUTC()).find(tenantId)
        .orElseThrow(() -> new InvalidInputException("no tenant '" + tenantId + "': apply its configuration first with "
            + "'bqsync tenant apply --file F'"));
  }

  private int setOAuthClient(String tenantId, String clientId, String secretFile) {
    String secret;
    try {
      secret = Files.readString(Path.of(secretFile), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + secretFile);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + secretFile + ": " + e.getMessage());
    }
    if (secret.isEmpty() || secret.contains("\n")) {
      throw new InvalidInputException(secretFile + " must hold the client secret alone, on one line");
    }
    try (FirestoreSession db = firestore()) {
      var client = oauthClient(tenant(db, tenantId));
      if (!client.clientId().equals(clientId)) {
        throw new InvalidInputException("tenant '" + tenantId + "' is configured with client id " + client.clientId()
            + ", not " + clientId + ": apply a configuration with this client id first, or pass the configured one");
      }
      var secrets = secretStore();
      var stored = secrets.latest(client.secretId()).map(dev.bqsync.oauth.TenantSecrets::parse)
          .orElse(new dev.bqsync.oauth.TenantSecrets(null, null));
      secrets.put(client.secretId(), stored.withClientSecret(secret).payload());
      out.printf("Stored the OAuth client secret of tenant %s in Secret Manager (secret %s)%s.%n", tenantId,
          client.secretId(), stored.refreshToken() == null ? "" : "; the existing connection is kept");
      out.printf("Next: bqsync tenant connect --tenant %s%n", tenantId);
      return OK;
    }
  }

  private int connect(String tenantId, String functionUrl) {
    String base = notBlank(functionUrl) ? functionUrl : env.get("OAUTH_FUNCTION_URL");
    if (!notBlank(base)) {
      throw new InvalidInputException("which OAuth function? pass --function-url (Terraform's output oauth_function_uri) "
          + "or set OAUTH_FUNCTION_URL");
    }
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    try (FirestoreSession db = firestore()) {
      oauthClient(tenant(db, tenantId));
    }
    out.println("1. In the tenant's Google Cloud console (APIs & Services > Credentials > their OAuth client), add this");
    out.println("   Authorized redirect URI:");
    out.println("     " + base + "/callback");
    out.println("2. Make sure the OAuth consent screen is published ('In production'): in 'Testing' Google expires");
    out.println("   refresh tokens after 7 days.");
    out.println("3. Have an account with BigQuery access to the tenant's project open:");
    out.println("     " + base + "/start?tenant=" + tenantId);
    return OK;
  }

  private int status(String tenantId) {
    try (FirestoreSession db = firestore()) {
      TenantConfig config = tenant(db, tenantId);
      ConnectionStatus status = new FirestoreConnectionStatusStore(db.firestore()).find(tenantId)
          .orElse(ConnectionStatus.notConnected(null));
      out.printf("Tenant %s: %s%n", tenantId, status.state());
      out.printf("  auth:    %s%n", config.connection().auth().kind());
      if (status.account() != null) {
        out.printf("  account: %s%n", status.account());
      }
      if (!status.scopes().isEmpty()) {
        out.printf("  scopes:  %s%n", String.join(" ", status.scopes()));
      }
      if (status.updatedAt() != null) {
        out.printf("  since:   %s%n", status.updatedAt());
      }
      if (status.message() != null) {
        out.printf("  note:    %s%n", status.message());
      }
      if (config.connection().auth() instanceof dev.bqsync.core.config.Auth.OAuthClient client) {
        try {
          var stored = secretStore().latest(client.secretId()).map(dev.bqsync.oauth.TenantSecrets::parse)
              .orElse(new dev.bqsync.oauth.TenantSecrets(null, null));
          out.printf("  secret %s: client secret %s, refresh token %s%n", client.secretId(),
              stored.clientSecret() == null ? "MISSING (bqsync tenant set-oauth-client)" : "stored",
              stored.refreshToken() == null ? "missing (bqsync tenant connect)" : "stored");
        } catch (InvalidInputException e) {
          out.println("  secrets: not checked (" + e.getMessage() + ")");
        }
      }
      return status.state() == dev.bqsync.core.state.ConnectionState.CONNECTED ? OK : FAILED;
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
