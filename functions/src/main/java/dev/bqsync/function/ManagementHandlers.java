package dev.bqsync.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpRequest;
import dev.bqsync.core.catalog.CatalogPage;
import dev.bqsync.core.catalog.DatasetSummary;
import dev.bqsync.core.catalog.TableDetail;
import dev.bqsync.core.catalog.TableSummary;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.StoredConfig;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigWriter;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunFilter;
import dev.bqsync.core.state.RunPosition;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.manage.CallerAccess;
import dev.bqsync.manage.ConfigurationAdmin;
import dev.bqsync.manage.ManagementException;
import dev.bqsync.manage.ManagementException.Kind;
import dev.bqsync.manage.SuggestionService;
import dev.bqsync.oauth.MintedTicket;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.sync.JobResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What each management route does, for one verified caller; answers are JSON. */
final class ManagementHandlers {
  /** A handler's answer: status, body and extra headers (the ETag). */
  record Reply(int status, JsonNode body, Map<String, String> headers) {
    static Reply ok(JsonNode body) {
      return new Reply(200, body, Map.of());
    }
  }

  static final int DEFAULT_PAGE = 50;
  private static final Set<String> LINK_FIELDS = Set.of("admin", "replace");
  private static final Set<String> DISCONNECT_FIELDS = Set.of("admin");
  private static final Set<String> AUTOMATION_FIELDS = Set.of("enabled");
  private static final Set<String> RUN_FIELDS = Set.of("job", "sectionId", "dryRun", "force", "allowMassChange");
  /** How many recent runs the tenant overview looks at for each tenant's last runs and failing sections. */
  private static final int OVERVIEW_RUNS = 50;

  private final Components c;
  private final CallerAccess access;
  private final String caller;
  private final TraceContext trace;

  ManagementHandlers(Components c, CallerAccess access, String caller, TraceContext trace) {
    this.c = c;
    this.access = access;
    this.caller = caller;
    this.trace = trace;
  }

  Reply handle(ManagementRoutes.Matched matched, HttpRequest request) {
    Map<String, String> p = matched.params();
    String tenant = p.get("tenantId");
    return switch (matched.route().operationId()) {
      case "listTenants" -> listTenants(request);
      case "getTenant" -> Reply.ok(overview(tenant));
      case "getConfiguration" -> configuration(c.configurationAdmin().get(tenant), null, 200);
      case "putConfiguration" -> {
        ConfigurationAdmin.Saved saved = c.configurationAdmin().put(tenant, body(request), ifMatch(request));
        yield configuration(saved.stored(), saved.notChecked(), saved.stored().revision() == 1 ? 201 : 200);
      }
      case "validateConfiguration" -> validate(tenant, body(request));
      case "setAutomation" -> {
        JsonNode b = JsonBodies.object(request, AUTOMATION_FIELDS);
        JsonNode enabled = b.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
          throw new JsonBodies.BadRequest("\"enabled\" is required: true to run the tenant's schedules, false to pause");
        }
        yield configuration(c.configurationAdmin().setAutomation(tenant, enabled.booleanValue(), ifMatch(request)), null,
            200);
      }
      case "getConnection" -> Reply.ok(connection(tenant));
      case "createConnectLink" -> link(tenant, JsonBodies.object(request, LINK_FIELDS));
      case "disconnect" -> {
        String admin = JsonBodies.requiredText(JsonBodies.object(request, DISCONNECT_FIELDS), "admin");
        c.oauth().disconnect(tenant, admin);
        yield Reply.ok(connection(tenant));
      }
      case "listProjects" -> {
        ObjectNode out = JsonBodies.JSON.createObjectNode();
        ArrayNode items = out.putArray("projects");
        c.catalog().projects(tenant).forEach(id -> items.addObject().put("project", id));
        yield Reply.ok(out);
      }
      case "listDatasets" -> Reply.ok(datasets(c.catalog().datasets(tenant, p.get("project"), pageToken(request),
          pageSize(request))));
      case "listTables" -> Reply.ok(tables(c.catalog().tables(tenant, p.get("project"), p.get("dataset"),
          pageToken(request), pageSize(request))));
      case "getTable" -> Reply.ok(table(c.catalog().table(tenant, new TableRef(p.get("project"), p.get("dataset"),
          p.get("table")))));
      case "suggest" -> Reply.ok(suggest(tenant, request));
      case "listRuns" -> Reply.ok(runs(tenant, request));
      case "startRun" -> startRun(tenant, JsonBodies.object(request, RUN_FIELDS));
      case "getRun" -> Reply.ok(run(c.runLog().find(tenant, p.get("runId")).orElseThrow(() -> new ManagementException(
          Kind.NOT_FOUND, "tenant '" + tenant + "' has no run record '" + p.get("runId") + "' (records expire after "
              + c.settings().runRetention().toDays() + " days)"))));
      default -> throw new IllegalStateException("no handler for " + matched.route().operationId());
    };
  }

  // ---- tenants ----

  private Reply listTenants(HttpRequest request) {
    int size = pageSize(request);
    String after = pageToken(request);
    if (after != null && ManagementRoute.problem("tenantId", after).isPresent()) {
      throw new ManagementException(Kind.INVALID, "pageToken is not one this API gave out: start without it");
    }
    List<String> ids = c.tenantDirectory().tenantIds(after, size);
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    ArrayNode items = out.putArray("tenants");
    ids.stream().filter(id -> access.sees(caller, id)).forEach(id -> items.add(overview(id)));
    if (ids.size() == size) {
      out.put("nextPageToken", ids.get(ids.size() - 1));
    }
    return Reply.ok(out);
  }

  /** A tenant at a glance: automation, connection, the last run of each section, and which are failing. */
  private ObjectNode overview(String tenantId) {
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("tenantId", tenantId);
    try {
      StoredConfig stored = c.configurationAdmin().get(tenantId);
      out.put("enabled", stored.config().enabled());
      out.put("revision", stored.revision());
      out.put("crmSections", stored.config().crmSections().size());
      out.put("usageSections", stored.config().usageSections().size());
    } catch (dev.bqsync.core.NeedsAttentionException | dev.bqsync.core.config.InvalidConfigException e) {
      out.put("configurationProblem", e.getMessage());
    }
    ConnectionStatus status = c.connections().find(tenantId).orElse(ConnectionStatus.notConnected(null));
    out.put("connection", status.state().name());
    Map<String, RunRecord> last = new LinkedHashMap<>();
    for (RunRecord r : c.runLog().recent(tenantId, OVERVIEW_RUNS)) {
      last.putIfAbsent(r.job().id() + "/" + r.sectionId(), r);
    }
    ArrayNode lastRuns = out.putArray("lastRuns");
    ArrayNode failing = out.putArray("failingSections");
    for (RunRecord r : last.values()) {
      lastRuns.add(runSummary(r));
      if (r.status() == RunStatus.FAILED) {
        failing.add(r.sectionId());
      }
    }
    return out;
  }

  // ---- configuration ----

  private static Reply configuration(StoredConfig stored, String notChecked, int status) {
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("revision", stored.revision());
    out.set("configuration", new TenantConfigWriter().toJson(stored.config()));
    if (notChecked != null) {
      out.put("notChecked", notChecked);
    }
    return new Reply(status, out, Map.of("ETag", etag(stored.revision())));
  }

  private Reply validate(String tenantId, JsonNode body) {
    ConfigurationAdmin.Validation v = c.configurationAdmin().validate(tenantId, body);
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("valid", v.valid());
    ArrayNode problems = out.putArray("problems");
    v.problems().forEach(p -> problems.addObject().put("path", p.path()).put("message", p.message()));
    if (v.notChecked() != null) {
      out.put("notChecked", v.notChecked());
    }
    return Reply.ok(out);
  }

  static String etag(long revision) {
    return "\"" + revision + "\"";
  }

  /** The revision an If-Match names, or null when there is none. */
  static Long ifMatch(HttpRequest request) {
    Optional<String> header = request.getFirstHeader("If-Match");
    if (header.isEmpty() || header.get().isBlank()) {
      return null;
    }
    String value = header.get().trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.matches("\"[0-9]{1,18}\"")) {
      return Long.parseLong(value.substring(1, value.length() - 1));
    }
    throw new ManagementException(Kind.INVALID, "If-Match must be the ETag a GET answered, such as \"3\", not "
        + header.get());
  }

  private static JsonNode body(HttpRequest request) {
    try {
      JsonNode body = JsonBodies.JSON.readTree(request.getInputStream());
      if (body == null || !body.isObject()) {
        throw new JsonBodies.BadRequest("the body must be a tenant configuration: a JSON object (docs/configuration.md)");
      }
      return body;
    } catch (java.io.IOException e) {
      throw new JsonBodies.BadRequest("the body is not valid JSON: send a tenant configuration (docs/configuration.md)");
    }
  }

  // ---- connection ----

  private ObjectNode connection(String tenantId) {
    TenantConfig config = c.tenants().find(tenantId).orElseThrow(() -> new ManagementException(Kind.NOT_FOUND,
        "no tenant '" + tenantId + "'"));
    ConnectionStatus status = c.connections().find(tenantId).orElse(ConnectionStatus.notConnected(null));
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("tenantId", tenantId);
    out.put("auth", config.connection().auth().kind().name());
    out.put("state", status.state().name());
    out.put("account", status.account());
    out.set("scopes", JsonBodies.JSON.valueToTree(status.scopes()));
    out.put("updatedAt", status.updatedAt() == null ? null : status.updatedAt().toString());
    out.put("message", status.message());
    out.put("connectedBy", status.connectedBy());
    out.put("generation", status.generation());
    if (config.connection().auth() instanceof Auth.OAuthClient client) {
      out.put("clientId", client.clientId());
      out.put("redirectUri", c.settings().get(Settings.OAUTH_REDIRECT_URI));
      try {
        out.put("clientSecretStored", c.secretStore().latest(TenantIdentities.clientSecretId(tenantId)).isPresent());
      } catch (RuntimeException e) {
        // Secret Manager not reachable from here (a local run without it): the status still answers.
        out.put("secretsNotChecked", "Secret Manager could not be asked: " + e.getMessage());
      }
    } else if (c.projectId() != null) {
      out.put("serviceAccount", TenantIdentities.serviceAccountEmail(tenantId, c.projectId()));
    }
    return out;
  }

  private Reply link(String tenantId, JsonNode body) {
    String admin = JsonBodies.requiredText(body, "admin");
    boolean replace = JsonBodies.optionalFlag(body, "replace");
    MintedTicket ticket = c.oauth().mint(tenantId, admin, replace);
    String callback = c.settings().get(Settings.OAUTH_REDIRECT_URI);
    String base = callback.substring(0, callback.length() - OAuthFunction.CALLBACK_PATH.length());
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("url", URI.create(base + OAuthFunction.START_PATH + "?ticket=" + ticket.ticket()).toString());
    out.put("expiresAt", ticket.expiresAt().toString());
    out.put("redirectUri", callback);
    return new Reply(201, out, Map.of());
  }

  // ---- catalog ----

  private static ObjectNode datasets(CatalogPage<DatasetSummary> page) {
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    ArrayNode items = out.putArray("datasets");
    page.items().forEach(d -> items.addObject().put("project", d.project()).put("dataset", d.dataset())
        .put("location", d.location()));
    return paged(out, page);
  }

  private static ObjectNode tables(CatalogPage<TableSummary> page) {
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    ArrayNode items = out.putArray("tables");
    page.items().forEach(t -> summary(items.addObject(), t));
    return paged(out, page);
  }

  private static ObjectNode summary(ObjectNode node, TableSummary t) {
    node.put("table", t.ref().toString()).put("kind", t.kind());
    if (t.rows() != null) {
      node.put("rows", t.rows());
    }
    if (t.lastModified() != null) {
      node.put("lastModified", t.lastModified().toString());
    }
    return node;
  }

  private static ObjectNode table(TableDetail detail) {
    ObjectNode out = summary(JsonBodies.JSON.createObjectNode(), detail.summary());
    ArrayNode columns = out.putArray("columns");
    detail.columns().forEach(col -> {
      ObjectNode n = columns.addObject().put("name", col.name()).put("type", col.type().name()).put("mode", col.mode());
      if (col.description() != null) {
        n.put("description", col.description());
      }
    });
    return out;
  }

  private static ObjectNode paged(ObjectNode out, CatalogPage<?> page) {
    if (page.nextPageToken() != null) {
      out.put("nextPageToken", page.nextPageToken());
    }
    return out;
  }

  private ObjectNode suggest(String tenantId, HttpRequest request) {
    String table = query(request, "table").orElseThrow(() -> new ManagementException(Kind.INVALID,
        "the query parameter table is required: project.dataset.table"));
    TableRef.problem(table).ifPresent(p -> {
      throw new ManagementException(Kind.INVALID, "table: " + p);
    });
    String kind = query(request, "kind").orElse(SuggestionService.CRM);
    CrmModel model = query(request, "model").map(m -> Arrays.stream(CrmModel.values()).filter(v -> v.name().equals(m))
        .findFirst().orElseThrow(() -> new ManagementException(Kind.INVALID, "model '" + m + "' is not a CRM model: use "
            + "one of " + List.of(CrmModel.values())))).orElse(null);
    SuggestionService.Suggestions s = c.suggestions().suggest(tenantId, new SuggestionService.Request(
        TableRef.parse(table), kind, model));
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("table", table).put("kind", kind).put("rows", s.rows()).put("bytesProcessed", s.bytesProcessed())
        .put("maximumBytesBilled", s.maximumBytesBilled());
    ArrayNode keys = out.putArray(SuggestionService.CRM.equals(kind) ? "keyCandidates" : "cursorCandidates");
    s.keys().forEach(k -> {
      ObjectNode n = keys.addObject().put("column", k.column()).put("type", k.type().name())
          .put("suitable", k.suitable()).put("reason", k.reason());
      if (k.tieBreak() != null) {
        n.put("tieBreak", k.tieBreak());
      }
    });
    if (SuggestionService.CRM.equals(kind)) {
      ArrayNode fields = out.putArray("fieldMappings");
      s.fields().forEach(f -> {
        ObjectNode n = fields.addObject().put("column", f.column()).put("crm", f.crm()).put("reason", f.reason());
        n.put("direction", f.direction() == null ? null : f.direction().name());
      });
    }
    return out;
  }

  // ---- runs ----

  private ObjectNode runs(String tenantId, HttpRequest request) {
    if (c.tenants().find(tenantId).isEmpty()) {
      throw ConfigurationAdmin.notFoundFor(tenantId);
    }
    JobKind job = query(request, "job").map(j -> Arrays.stream(JobKind.values()).filter(k -> k.id().equals(j))
        .findFirst().orElseThrow(() -> new ManagementException(Kind.INVALID, "job must be usage or crm, not '" + j
            + "'"))).orElse(null);
    String section = query(request, "section").orElse(null);
    if (section != null && dev.bqsync.core.config.Identifiers.sectionIdProblem(section).isPresent()) {
      throw new ManagementException(Kind.INVALID, "section: "
          + dev.bqsync.core.config.Identifiers.sectionIdProblem(section).get());
    }
    RunStatus status = query(request, "status").map(s -> Arrays.stream(RunStatus.values())
        .filter(v -> v.name().equals(s)).findFirst().orElseThrow(() -> new ManagementException(Kind.INVALID,
            "status must be one of " + List.of(RunStatus.values()) + ", not '" + s + "'"))).orElse(null);
    int size = pageSize(request);
    RunPosition after = Optional.ofNullable(pageToken(request)).map(ManagementHandlers::position).orElse(null);
    List<RunRecord> page = c.runLog().page(tenantId, new RunFilter(job, section, status), after, size);
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    ArrayNode items = out.putArray("runs");
    page.forEach(r -> items.add(runSummary(r)));
    if (page.size() == size) {
      RunRecord last = page.get(page.size() - 1);
      out.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString((last.startedAt() + "|"
          + last.runId()).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static RunPosition position(String token) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
      if (ManagementRoute.problem("runId", parts[1]).isPresent()) {
        throw new IllegalArgumentException();
      }
      return new RunPosition(Instant.parse(parts[0]), parts[1]);
    } catch (RuntimeException e) {
      throw new ManagementException(Kind.INVALID, "pageToken is not one this API gave out: start without it");
    }
  }

  private static ObjectNode runSummary(RunRecord r) {
    ObjectNode n = JsonBodies.JSON.createObjectNode();
    n.put("runId", r.runId()).put("job", r.job().id()).put("sectionId", r.sectionId()).put("status", r.status().name());
    n.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    n.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    n.set("counts", JsonBodies.JSON.valueToTree(r.counts()));
    long rejected = r.rejectionsByReason().values().stream().mapToLong(Long::longValue).sum();
    n.put("rejected", rejected);
    if (r.error() != null) {
      n.put("error", r.error());
    }
    return n;
  }

  private static ObjectNode run(RunRecord r) {
    ObjectNode n = runSummary(r);
    n.put("cursorBefore", r.cursorBefore()).put("cursorAfter", r.cursorAfter());
    n.set("rejectionsByReason", JsonBodies.JSON.valueToTree(r.rejectionsByReason()));
    ArrayNode samples = n.putArray("rejectedSamples");
    r.rejectedSamples().forEach(s -> samples.addObject().put("key", s.key()).put("reason", s.reason())
        .put("detail", s.detail()));
    n.set("warnings", JsonBodies.JSON.valueToTree(r.warnings()));
    return n;
  }

  /** Sync now: the same jobs Scheduler calls, for the tenant or one section; a CRM dry run only plans. */
  private Reply startRun(String tenantId, JsonNode body) {
    String job = JsonBodies.requiredText(body, "job");
    String section = JsonBodies.optionalText(body, "sectionId");
    boolean dryRun = JsonBodies.optionalFlag(body, "dryRun");
    boolean force = JsonBodies.optionalFlag(body, "force");
    boolean allowMassChange = JsonBodies.optionalFlag(body, "allowMassChange");
    ObjectNode out;
    JobResult<?> result;
    if (job.equals(JobKind.USAGE_PULL.id())) {
      if (dryRun) {
        throw new JsonBodies.BadRequest("\"dryRun\" is for CRM syncs: a usage pull has no plan to show");
      }
      if (allowMassChange) {
        throw new JsonBodies.BadRequest("\"allowMassChange\" is for CRM syncs: a usage pull deletes nothing");
      }
      var usage = c.usagePull().run(JobRequest.usage(tenantId, section, force), trace);
      result = usage;
      out = HttpAnswers.usage(usage);
    } else if (job.equals(JobKind.CRM_SYNC.id())) {
      if (force) {
        throw new JsonBodies.BadRequest("\"force\" is for usage pulls (ignore the schedule): a CRM sync always runs");
      }
      var crm = c.crmSync().run(JobRequest.crm(tenantId, section, false, dryRun, allowMassChange), trace);
      result = crm;
      out = HttpAnswers.crm(crm);
    } else {
      throw new JsonBodies.BadRequest("\"job\" must be \"usage\" or \"crm\", not \"" + job + "\"");
    }
    return new Reply(HttpAnswers.status(result), out, Map.of());
  }

  // ---- query parameters ----

  private static Optional<String> query(HttpRequest request, String name) {
    List<String> values = request.getQueryParameters().get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty()
        : Optional.of(values.get(0));
  }

  private static String pageToken(HttpRequest request) {
    return query(request, "pageToken").orElse(null);
  }

  private static int pageSize(HttpRequest request) {
    String value = query(request, "pageSize").orElse(String.valueOf(DEFAULT_PAGE));
    try {
      int size = Integer.parseInt(value);
      if (size >= 1 && size <= 100) {
        return size;
      }
    } catch (NumberFormatException ignored) {
      // said below
    }
    throw new ManagementException(Kind.INVALID, "pageSize must be a whole number from 1 to 100, not '" + value + "'");
  }
}
