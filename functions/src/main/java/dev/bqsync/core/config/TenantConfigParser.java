package dev.bqsync.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a tenant configuration from its JSON format (docs/configuration.md). Every problem is
 * reported at once, each with its JSON path and what to change; a record is built only from a
 * part that has no problem.
 */
public final class TenantConfigParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(java.time.format.ResolverStyle.STRICT);

  /** Parses and validates, or throws {@link InvalidConfigException} listing every problem. */
  public TenantConfig parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(List.of(new ConfigProblem("$",
          "not valid JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
              + "): " + e.getOriginalMessage())));
    }
    return parse(root);
  }

  public TenantConfig parse(JsonNode root) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(List.of(new ConfigProblem("$", "the configuration must be a JSON object")));
    }
    TenantConfig config = tenant(new JsonObjectReader(root, "$", problems));
    if (!problems.isEmpty() || config == null) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  private TenantConfig tenant(JsonObjectReader in) {
    in.allowOnly("tenantId", "enabled", "timeZone", "connection", "crmSections", "usageSections");
    int before = in.problemCount();
    String tenantId = in.checkedText("tenantId", true, "the tenant's id, e.g. \"acme\"", Identifiers::tenantIdProblem);
    boolean enabled = in.bool("enabled", true);
    ZoneId zone = zone(in, "timeZone", ZoneId.of("UTC"));
    Connection connection = in.object("connection", true, "billingProject, location and auth")
        .map(c -> connection(c, tenantId)).orElse(null);

    Map<String, String> sectionIds = new HashMap<>();
    List<CrmSection> crm = new ArrayList<>();
    for (JsonObjectReader section : in.objects("crmSections")) {
      uniqueId(section, sectionIds);
      add(crm, crmSection(section, connection == null || connection.stateDataset() != null));
      sourceAllowed(section, connection);
    }
    List<UsageSection> usage = new ArrayList<>();
    for (JsonObjectReader section : in.objects("usageSections")) {
      uniqueId(section, sectionIds);
      add(usage, usageSection(section));
      sourceAllowed(section, connection);
    }
    if (in.problemCount() > before) {
      return null;
    }
    return build(in, null, () -> new TenantConfig(tenantId, enabled, zone, connection, crm, usage));
  }

  /** A section's table (read, and for CRM sections written) must be in one of the tenant's projects. */
  private static void sourceAllowed(JsonObjectReader section, Connection connection) {
    String source = section.optionalText("source");
    if (connection == null || source == null || TableRef.problem(source).isPresent()) {
      return;
    }
    String project = TableRef.parse(source).project();
    if (!connection.allowedProjects().contains(project)) {
      section.problem("source", "project '" + project + "' is not in connection.allowedProjects "
          + connection.allowedProjects() + ": use a table in one of the tenant's projects, or add the project there");
    }
  }

  private void uniqueId(JsonObjectReader section, Map<String, String> seen) {
    String id = section.optionalText("id");
    if (id == null) {
      return;
    }
    String first = seen.putIfAbsent(id, section.pathOf("id"));
    if (first != null) {
      section.problem("id", "section id '" + id + "' is already used at " + first + ": give every section its own id");
    }
  }

  private Connection connection(JsonObjectReader in, String tenantId) {
    in.allowOnly("billingProject", "location", "auth", "maximumBytesBilled", "allowedProjects", "stateDataset");
    int before = in.problemCount();
    String project = in.checkedText("billingProject", true, "the Google Cloud project BigQuery jobs are billed to",
        Identifiers::projectProblem);
    String location = in.checkedText("location", true, "where jobs run, e.g. \"EU\", \"US\" or \"europe-west3\"",
        Identifiers::locationProblem);
    Long maxBytes = in.integer("maximumBytesBilled", null);
    if (maxBytes != null && maxBytes <= 0) {
      in.problem("maximumBytesBilled", "must be a positive number of bytes, or left out for no cap");
    }
    List<String> allowed = allowedProjects(in, project);
    String stateText = in.checkedText("stateDataset", false, "the dataset bqsync keeps the CRM sync's state in, as "
        + "project.dataset", DatasetRef::problem);
    DatasetRef state = stateText == null ? null : DatasetRef.parse(stateText);
    if (state != null && !allowed.isEmpty() && !allowed.contains(state.project())) {
      in.problem("stateDataset", "project '" + state.project() + "' is not in allowedProjects " + allowed
          + ": keep the state in one of the tenant's projects, or add the project there");
    }
    Auth auth = in.object("auth", true, "{\"kind\": \"OAUTH\", \"clientId\": ...} or "
        + "{\"kind\": \"SERVICE_ACCOUNT_IMPERSONATION\"}")
        .map(a -> auth(a, tenantId)).orElse(null);
    if (in.problemCount() > before) {
      return null;
    }
    return build(in, null, () -> new Connection(project, location, auth, maxBytes, allowed, state));
  }

  /**
   * The projects this tenant may read and write: required, so a configuration cannot point a
   * section at a project it was never meant to reach; the billing project must be one of them.
   */
  private List<String> allowedProjects(JsonObjectReader in, String billingProject) {
    if (!in.has("allowedProjects")) {
      in.problem("allowedProjects", "required: list the tenant's own Google Cloud projects bqsync may use, e.g. "
          + "[\"" + (billingProject == null ? "acme-analytics" : billingProject) + "\"]");
      return List.of();
    }
    List<String> projects = in.texts("allowedProjects");
    for (int i = 0; i < projects.size(); i++) {
      int index = i;
      Identifiers.projectProblem(projects.get(i)).ifPresent(p -> in.problem("allowedProjects[" + index + "]", p));
    }
    if (projects.isEmpty()) {
      in.problem("allowedProjects", "must list at least one project");
    } else if (billingProject != null && !projects.contains(billingProject)) {
      in.problem("billingProject", "'" + billingProject + "' is not in allowedProjects " + projects
          + ": add it there or bill another of the tenant's projects");
    }
    return projects;
  }

  private Auth auth(JsonObjectReader in, String tenantId) {
    AuthKind kind = in.enumValue("kind", AuthKind.class, null);
    if (kind == null) {
      return null;
    }
    int before = in.problemCount();
    if (in.has("secretId")) {
      in.problem("secretId", "remove it: a tenant's secrets are named after its id ("
          + (tenantId == null ? "bqsync-<tenant>-oauth-client" : TenantIdentities.clientSecretId(tenantId)) + " and "
          + (tenantId == null ? "bqsync-<tenant>-refresh-token" : TenantIdentities.refreshTokenSecretId(tenantId))
          + "), never by the configuration");
    }
    if (in.has("serviceAccount")) {
      in.problem("serviceAccount", "remove it: each tenant has its own service account, named after its id ("
          + (tenantId == null ? "tenant-<tenant>" : TenantIdentities.serviceAccountId(tenantId))
          + "@<bqsync's project>.iam.gserviceaccount.com, see 'bqsync tenant show'), never by the configuration");
    }
    if (kind == AuthKind.OAUTH) {
      in.allowOnly("kind", "clientId", "allowedGoogleDomains", "secretId", "serviceAccount");
      String clientId = in.checkedText("clientId", true,
          "the tenant's OAuth client id (it ends in .apps.googleusercontent.com)", Identifiers::oauthClientIdProblem);
      List<String> domains = in.texts("allowedGoogleDomains");
      for (int i = 0; i < domains.size(); i++) {
        int index = i;
        Identifiers.domainProblem(domains.get(i)).ifPresent(p -> in.problem("allowedGoogleDomains[" + index + "]", p));
      }
      return in.problemCount() > before ? null : build(in, null, () -> new Auth.OAuthClient(clientId, domains));
    }
    in.allowOnly("kind", "secretId", "serviceAccount");
    return in.problemCount() > before ? null : new Auth.ServiceAccountImpersonation();
  }

  /** {@code hasState}: the tenant keeps the CRM sync's state, which delete policies need. */
  private CrmSection crmSection(JsonObjectReader in, boolean hasState) {
    in.allowOnly("id", "model", "source", "crmKey", "warehouseKey", "direction", "fields", "conflictPolicy",
        "updatedAtColumn", "updatedAtField", "createInCrm", "createInWarehouse", "onDelete", "massChangeShare",
        "enabled");
    int before = in.problemCount();
    String id = in.checkedText("id", true, "a section id, e.g. \"companies\"", Identifiers::sectionIdProblem);
    CrmModel model = in.enumValue("model", CrmModel.class, null);
    TableRef source = source(in);
    CrmKey crmKey = in.enumValue("crmKey", CrmKey.class, null);
    String warehouseKey = in.checkedText("warehouseKey", true, "the unique text column that holds the key",
        Identifiers::columnProblem);
    Direction direction = in.enumValue("direction", Direction.class, null);
    boolean enabled = in.bool("enabled", true);
    CrmSyncOptions options = syncOptions(in, model);
    if (crmKey == CrmKey.EMAIL && model != null && !model.hasEmail()) {
      in.problem("crmKey", "EMAIL is only a key for models with an email (EndUser): use SOURCE_ID, EXTERNAL_ID or ID");
    }

    Map<String, String> columns = new HashMap<>();
    Map<String, String> crmFields = new HashMap<>();
    if (warehouseKey != null) {
      columns.put(warehouseKey, in.pathOf("warehouseKey"));
    }
    if (crmKey != null) {
      crmFields.put(crmKey.field(), in.pathOf("crmKey"));
    }
    int beforeFields = in.problemCount();
    List<JsonObjectReader> fieldReaders = in.objects("fields");
    if (!in.has("fields")) {
      in.problem("fields", "required: a list of {\"crm\": field, \"column\": column} mappings");
    } else if (fieldReaders.isEmpty() && in.problemCount() == beforeFields) {
      in.problem("fields", "map at least one field");
    }
    List<FieldMapping> fields = new ArrayList<>();
    for (JsonObjectReader field : fieldReaders) {
      add(fields, fieldMapping(field, model, direction, columns, crmFields));
    }
    OnDelete onDelete = onDelete(in, model, crmKey, warehouseKey, direction, fields, hasState);
    if (in.problemCount() > before) {
      return null;
    }
    CrmSyncOptions withDeletes = new CrmSyncOptions(options.conflictPolicy(), options.updatedAtColumn(),
        options.updatedAtField(), options.createInCrm(), options.createInWarehouse(), onDelete);
    return build(in, null,
        () -> new CrmSection(id, model, source, crmKey, warehouseKey, direction, fields, withDeletes, enabled));
  }

  /**
   * {@code onDelete} and {@code massChangeShare}. A policy other than IGNORE needs the state (only it
   * knows a key disappeared), a section that writes the side it acts on, and for ARCHIVE a field or
   * column of its own: one this section does not map, so the mark never fights a mapped value.
   */
  private OnDelete onDelete(JsonObjectReader in, CrmModel model, CrmKey crmKey, String warehouseKey,
      Direction direction, List<FieldMapping> fields, boolean hasState) {
    Double share = in.fraction("massChangeShare", OnDelete.DEFAULT_SHARE);
    Optional<JsonObjectReader> policies = in.object("onDelete", false,
        "{\"rowDeleted\": {\"policy\": \"IGNORE\"}, \"recordDeleted\": {\"policy\": \"IGNORE\"}}");
    if (policies.isEmpty()) {
      return share == null ? null : new OnDelete(DeletePolicy.IGNORE, DeletePolicy.IGNORE, share);
    }
    JsonObjectReader p = policies.get();
    p.allowOnly("rowDeleted", "recordDeleted");
    int before = in.problemCount(); // one problem list for the whole document
    // With no direction (already a problem) nothing more is said about the side a policy acts on.
    boolean receives = direction == null || fields.stream().anyMatch(f -> f.effectiveDirection(direction).receives());
    boolean sends = direction == null || fields.stream().anyMatch(f -> f.effectiveDirection(direction).sends());
    DeletePolicy row = deletePolicy(p, "rowDeleted", "field", receives, "the CRM record, but this section never "
        + "writes the CRM: map a field RECEIVE or BOTH", (r, field) -> archiveField(r, field, model, crmKey, fields));
    DeletePolicy record = deletePolicy(p, "recordDeleted", "column", sends, "the BigQuery row, but this section never "
        + "writes BigQuery: map a field SEND or BOTH", (r, column) -> archiveColumn(r, column, warehouseKey, fields));
    if (row == null || record == null || share == null) {
      return null;
    }
    if (row.acts() || record.acts()) {
      if (!hasState) {
        in.problem("onDelete", "needs connection.stateDataset: a deletion is known only from the last-synced state");
      }
    }
    if (in.problemCount() > before) {
      return null;
    }
    return new OnDelete(row, record, share);
  }

  /**
   * One direction's policy: {@code target} names ARCHIVE's field or column, checked by
   * {@code archiveCheck}; {@code writesTarget} says whether the section writes the side it acts on.
   * Null when it has a problem; IGNORE when it is left out.
   */
  private static DeletePolicy deletePolicy(JsonObjectReader p, String name, String target, boolean writesTarget,
      String actsOn, java.util.function.BiConsumer<JsonObjectReader, String> archiveCheck) {
    return p.object(name, false, "{\"policy\": \"IGNORE|CLEAR|ARCHIVE|DELETE\"}").map(r -> {
      r.allowOnly("policy", target);
      DeleteAction action = r.enumValue("policy", DeleteAction.class, null);
      String named = r.optionalText(target);
      if (action == DeleteAction.ARCHIVE) {
        archiveCheck.accept(r, named);
      } else if (named != null) {
        r.problem(target, "only ARCHIVE sets a " + target + ": remove it, or use \"policy\": \"ARCHIVE\"");
      }
      if (action != null && action != DeleteAction.IGNORE && !writesTarget) {
        r.problem("policy", action + " acts on " + actsOn + ", or use IGNORE");
      }
      return action == null || action == DeleteAction.ARCHIVE && named == null ? null
          : new DeletePolicy(action, action == DeleteAction.ARCHIVE ? named : null);
    }).orElse(DeletePolicy.IGNORE);
  }

  private static void archiveField(JsonObjectReader r, String field, CrmModel model, CrmKey crmKey,
      List<FieldMapping> fields) {
    if (field == null) {
      r.problem("field", "required for ARCHIVE: the CRM field that marks the record, e.g. \"custom.archived\" "
          + "(BOOLEAN, TIMESTAMP or DATE)");
      return;
    }
    if (model == null) {
      return;
    }
    Optional<CrmField> known = model.field(field);
    if (known.isEmpty()) {
      r.problem("field", model.unknownFieldMessage(field));
    } else if (known.get().readOnly()) {
      r.problem("field", "'" + field + "' is read-only in the CRM: use a field bqsync may write, e.g. a custom field");
    } else if (!Set.of(FieldType.BOOLEAN, FieldType.TIMESTAMP, FieldType.DATE, FieldType.ANY)
        .contains(known.get().type())) {
      r.problem("field", "'" + field + "' is a " + known.get().type() + " field: use a BOOLEAN, TIMESTAMP or DATE field");
    } else if ((crmKey != null && field.equals(crmKey.field()))
        || fields.stream().anyMatch(f -> f.crmField().equals(field))) {
      r.problem("field", "'" + field + "' is mapped by this section: the archive mark needs a field of its own");
    }
  }

  private static void archiveColumn(JsonObjectReader r, String column, String warehouseKey, List<FieldMapping> fields) {
    if (column == null) {
      r.problem("column", "required for ARCHIVE: the column that marks the row, e.g. \"deleted_at\" "
          + "(BOOL, TIMESTAMP, DATETIME or DATE)");
      return;
    }
    Optional<String> problem = Identifiers.columnProblem(column);
    if (problem.isPresent()) {
      r.problem("column", problem.get());
    } else if (column.equals(warehouseKey) || fields.stream().anyMatch(f -> f.column().equals(column))) {
      r.problem("column", "'" + column + "' is mapped by this section: the archive mark needs a column of its own");
    }
  }

  private CrmSyncOptions syncOptions(JsonObjectReader in, CrmModel model) {
    ConflictPolicy policy = in.enumValue("conflictPolicy", ConflictPolicy.class, ConflictPolicy.WAREHOUSE_WINS);
    String column = in.checkedText("updatedAtColumn", false, "", Identifiers::columnProblem);
    String field = in.optionalText("updatedAtField");
    if (field != null && model != null) {
      Optional<CrmField> known = model.field(field);
      if (known.isEmpty()) {
        in.problem("updatedAtField", model.unknownFieldMessage(field));
      } else if (known.get().type() != FieldType.TIMESTAMP && known.get().type() != FieldType.DATE
          && known.get().type() != FieldType.ANY) {
        in.problem("updatedAtField", "'" + field + "' is a " + known.get().type() + " field: use a TIMESTAMP or DATE field");
      }
    }
    if (policy == ConflictPolicy.NEWEST) {
      if (!in.has("updatedAtColumn")) {
        in.problem("updatedAtColumn", "required for conflictPolicy NEWEST: the BigQuery column with each row's update time");
      }
      if (!in.has("updatedAtField")) {
        in.problem("updatedAtField", "required for conflictPolicy NEWEST: the CRM field with each record's update time, "
            + "e.g. \"updatedAt\"");
      }
    }
    boolean createInCrm = in.bool("createInCrm", true);
    boolean createInWarehouse = in.bool("createInWarehouse", true);
    if (policy == null || policy == ConflictPolicy.NEWEST && (column == null || field == null)) {
      return null;
    }
    return new CrmSyncOptions(policy, column, field, createInCrm, createInWarehouse);
  }

  private FieldMapping fieldMapping(JsonObjectReader in, CrmModel model, Direction sectionDirection,
      Map<String, String> columns, Map<String, String> crmFields) {
    in.allowOnly("crm", "column", "direction", "skipNulls");
    int before = in.problemCount();
    String crm = in.requiredText("crm", "the CRM field, e.g. \"name\" or \"custom.tier\"");
    String column = in.checkedText("column", true, "the BigQuery column", Identifiers::columnProblem);
    // A field without its own direction follows the section's.
    Direction direction = in.has("direction") ? in.enumValue("direction", Direction.class, null) : null;
    boolean skipNulls = in.bool("skipNulls", false);
    if (crm != null && model != null) {
      Optional<CrmField> field = model.field(crm);
      if (field.isEmpty()) {
        in.problem("crm", model.unknownFieldMessage(crm));
      } else if (field.get().readOnly() && sectionDirection != null
          && (direction == null ? sectionDirection : direction).receives()) {
        in.problem("direction", "'" + crm + "' is read-only in the CRM: set this field's direction to SEND");
      }
    }
    mappedOnce(in, "column", column, columns, "column");
    mappedOnce(in, "crm", crm, crmFields, "CRM field");
    if (in.problemCount() > before) {
      return null;
    }
    Direction own = direction;
    return build(in, null, () -> new FieldMapping(crm, column, own, skipNulls));
  }

  private void mappedOnce(JsonObjectReader in, String field, String value, Map<String, String> seen, String what) {
    if (value == null) {
      return;
    }
    String first = seen.putIfAbsent(value, in.pathOf(field));
    if (first != null) {
      in.problem(field, what + " '" + value + "' is already mapped at " + first + ": map each " + what + " once");
    }
  }

  private UsageSection usageSection(JsonObjectReader in) {
    in.allowOnly("id", "kind", "model", "source", "keyColumn", "tieBreak", "mapping", "batchSize", "frequency",
        "dailyAt", "lookback", "enabled");
    int before = in.problemCount();
    String id = in.checkedText("id", true, "a section id, e.g. \"logins\"", Identifiers::sectionIdProblem);
    UsageKind kind = in.enumValue("kind", UsageKind.class, null);
    UsageModel model = in.enumValue("model", UsageModel.class, kind == UsageKind.USER_ACTIVITY ? UsageModel.END_USER : null);
    if (kind == UsageKind.USER_ACTIVITY && model != null && model != UsageModel.END_USER) {
      in.problem("model", "user activities belong to end users: set model to END_USER (or leave it out)");
    }
    TableRef source = source(in);
    String keyColumn = in.checkedText("keyColumn", true, "the unique, numeric, incrementing column (or TIMESTAMP or "
        + "DATETIME column, with a tieBreak) that is also the cursor", Identifiers::columnProblem);
    String tieBreak = in.checkedText("tieBreak", false, null, Identifiers::columnProblem);
    if (tieBreak != null && tieBreak.equals(keyColumn)) {
      in.problem("tieBreak", "is the key column itself: name another column, one that tells apart the rows sharing "
          + "a time (e.g. the event id)");
    }
    Long batch = in.integer("batchSize", (long) UsageSection.DEFAULT_BATCH);
    if (batch != null && (batch < UsageSection.MIN_BATCH || batch > UsageSection.MAX_BATCH)) {
      in.problem("batchSize", "is " + batch + ": use a batch size from " + UsageSection.MIN_BATCH + " to "
          + String.format("%,d", UsageSection.MAX_BATCH));
    }
    Frequency frequency = frequency(in);
    Lookback lookback = lookback(in, tieBreak != null);
    boolean enabled = in.bool("enabled", true);

    UsageMapping mapping = null;
    if (kind != null) {
      // The key and the tie-break may also be mapped (a time key is usually the activity's date, an
      // event id its info): the query reads them under their own aliases, so nothing is read twice wrongly.
      Map<String, String> columns = new HashMap<>();
      mapping = in.object("mapping", true, kind == UsageKind.USER_ACTIVITY
              ? "email or externalId, action, date (and optional companyExternalId, name, weight, info)"
              : "externalId, dimensionId, value, date (and optional aggregation)")
          .map(m -> kind == UsageKind.USER_ACTIVITY ? userActivity(m, columns) : customMetric(m, columns))
          .orElse(null);
    }
    if (in.problemCount() > before) {
      return null;
    }
    UsageMapping finalMapping = mapping;
    int batchSize = batch.intValue();
    return build(in, null, () -> new UsageSection(id, kind, model, source, keyColumn, tieBreak, finalMapping, batchSize,
        frequency, lookback, enabled));
  }

  /**
   * A number of keys for a number key, an ISO-8601 duration for a time key. The configuration does
   * not know the key column's type (the source's schema is checked when the section runs), so a
   * tieBreak is what marks a time key here: the two lookback forms are told apart by it.
   */
  private static Lookback lookback(JsonObjectReader in, boolean timeKey) {
    JsonNode value = in.raw("lookback");
    if (value == null || value.isNull()) {
      return Lookback.NONE;
    }
    if (value.isTextual()) {
      Duration span;
      try {
        span = Duration.parse(value.asText());
      } catch (DateTimeParseException e) {
        in.problem("lookback", "'" + value.asText() + "' is not an ISO-8601 duration: use e.g. \"PT10M\" (ten "
            + "minutes), \"PT2H\" or \"P1D\"");
        return null;
      }
      if (!timeKey) {
        in.problem("lookback", "is a duration, which only a TIMESTAMP or DATETIME key takes (with a tieBreak column): "
            + "for a numeric key give a number of keys, e.g. 100; for a time key add \"tieBreak\"");
        return null;
      }
      if (span.isNegative() || span.compareTo(Lookback.MAX_SPAN) > 0) {
        in.problem("lookback", "is " + value.asText() + ": use a duration from PT0S to P31D");
        return null;
      }
      if (span.getNano() % 1000 != 0) {
        in.problem("lookback", "is " + value.asText() + ", finer than BigQuery's microseconds: use whole microseconds "
            + "(at most six digits after the seconds' point)");
        return null;
      }
      return new Lookback.Span(span);
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      in.problem("lookback", "must be a whole number of keys (numeric keys) or an ISO-8601 duration such as \"PT10M\" "
          + "(TIMESTAMP or DATETIME keys)");
      return null;
    }
    long keys = value.longValue();
    if (timeKey && keys != 0) {
      in.problem("lookback", "is a number of keys, but a section with a tieBreak has a TIMESTAMP or DATETIME key: give "
          + "the lookback as an ISO-8601 duration, e.g. \"PT10M\" for ten minutes");
      return null;
    }
    if (keys < 0 || keys > Lookback.MAX_KEYS) {
      in.problem("lookback", "is " + keys + ": use a number of keys from 0 to " + String.format("%,d", Lookback.MAX_KEYS));
      return null;
    }
    return new Lookback.Keys(keys);
  }

  private Frequency frequency(JsonObjectReader in) {
    FrequencyKind kind = in.enumValue("frequency", FrequencyKind.class, null);
    String at = in.optionalText("dailyAt");
    if (kind == null) {
      return null;
    }
    if (kind != FrequencyKind.DAILY) {
      if (at != null) {
        in.problem("dailyAt", "only a DAILY frequency has a time: remove dailyAt or set frequency to DAILY");
        return null;
      }
      return Frequency.every(kind);
    }
    if (at == null) {
      if (!in.has("dailyAt")) {
        in.problem("dailyAt", "required for DAILY: the local time as HH:MM, e.g. \"06:30\"");
      }
      return null;
    }
    try {
      return Frequency.dailyAt(LocalTime.parse(at, HH_MM));
    } catch (DateTimeParseException e) {
      in.problem("dailyAt", "'" + at + "' is not a time: use HH:MM on a 24-hour clock, e.g. \"06:30\"");
      return null;
    }
  }

  private UserActivityMapping userActivity(JsonObjectReader in, Map<String, String> columns) {
    in.allowOnly("email", "externalId", "action", "date", "companyExternalId", "name", "weight", "info");
    int before = in.problemCount();
    String email = column(in, "email", false, columns);
    String externalId = column(in, "externalId", false, columns);
    if (email == null && externalId == null && !in.has("email") && !in.has("externalId")) {
      in.problem(null, "USER_ACTIVITY needs the end user: map \"email\" or \"externalId\" (or both) to a column");
    }
    ColumnOrConstant action = columnOrConstant(in, "action", true, columns, null);
    String date = column(in, "date", true, columns);
    String company = column(in, "companyExternalId", false, columns);
    String name = column(in, "name", false, columns);
    String weight = column(in, "weight", false, columns);
    List<String> info = in.texts("info");
    for (int i = 0; i < info.size(); i++) {
      String path = in.pathOf("info") + "[" + i + "]";
      String column = info.get(i);
      Optional<String> problem = Identifiers.columnProblem(column);
      if (problem.isPresent()) {
        in.problem("info[" + i + "]", problem.get());
      } else if (column.startsWith("__") && column.endsWith("__")) {
        // info columns become field names of the activity, and Firestore reserves __name__ fields
        in.problem("info[" + i + "]", "'" + column + "' cannot be an info column: names that start and end with "
            + "two underscores are reserved by the CRM's store; alias the column in a view (SELECT " + column
            + " AS meta ...)");
      } else {
        String first = columns.putIfAbsent(column, path);
        if (first != null) {
          in.problem("info[" + i + "]", "column '" + column + "' is already mapped at " + first + ": map each column once");
        }
      }
    }
    if (in.problemCount() > before) {
      return null;
    }
    return build(in, null, () -> new UserActivityMapping(email, externalId, action, date, company, name, weight, info));
  }

  private CustomMetricMapping customMetric(JsonObjectReader in, Map<String, String> columns) {
    in.allowOnly("externalId", "dimensionId", "value", "date", "aggregation");
    int before = in.problemCount();
    String externalId = column(in, "externalId", true, columns);
    ColumnOrConstant dimension = columnOrConstant(in, "dimensionId", true, columns, "[A-Za-z0-9_]{1,100}");
    String value = column(in, "value", true, columns);
    String date = column(in, "date", true, columns);
    Aggregation aggregation = in.enumValue("aggregation", Aggregation.class, Aggregation.SUM);
    if (in.problemCount() > before) {
      return null;
    }
    return build(in, null, () -> new CustomMetricMapping(externalId, dimension, value, date, aggregation));
  }

  private String column(JsonObjectReader in, String field, boolean required, Map<String, String> columns) {
    String column = in.checkedText(field, required, "the column that holds it", Identifiers::columnProblem);
    if (column != null) {
      String first = columns.putIfAbsent(column, in.pathOf(field));
      if (first != null) {
        in.problem(field, "column '" + column + "' is already mapped at " + first + ": map each column once");
        return null;
      }
    }
    return column;
  }

  private ColumnOrConstant columnOrConstant(JsonObjectReader in, String field, boolean required,
      Map<String, String> columns, String constantPattern) {
    String hint = "{\"column\": \"<column>\"} or {\"constant\": \"<value>\"}";
    Optional<JsonObjectReader> object = in.object(field, required, hint);
    if (object.isEmpty()) {
      return null;
    }
    JsonObjectReader value = object.get();
    value.allowOnly("column", "constant");
    boolean hasColumn = value.has("column");
    boolean hasConstant = value.has("constant");
    if (hasColumn == hasConstant) {
      in.problem(field, "give exactly one of column or constant: " + hint);
      return null;
    }
    if (hasColumn) {
      String column = column(value, "column", true, columns);
      return column == null ? null : ColumnOrConstant.column(column);
    }
    String constant = value.optionalText("constant");
    if (constant != null && constantPattern != null && !constant.matches(constantPattern)) {
      value.problem("constant", "'" + constant + "' is not allowed: use 1-100 letters, digits or underscores");
      return null;
    }
    return constant == null ? null : ColumnOrConstant.constant(constant);
  }

  private TableRef source(JsonObjectReader in) {
    String text = in.checkedText("source", true, "the table or view as project.dataset.table", TableRef::problem);
    return text == null ? null : TableRef.parse(text);
  }

  private ZoneId zone(JsonObjectReader in, String field, ZoneId defaultZone) {
    String text = in.optionalText(field);
    if (text == null) {
      return defaultZone;
    }
    try {
      // Only region ids (Europe/Berlin) and UTC: fixed offsets would silently ignore daylight saving.
      ZoneId zone = ZoneId.of(text);
      if (!text.equals("UTC") && !text.contains("/")) {
        in.problem(field, "'" + text + "' is not an IANA time zone: use a region name such as \"Europe/Berlin\" or \"UTC\"");
        return null;
      }
      return zone;
    } catch (DateTimeException e) {
      in.problem(field, "'" + text + "' is not an IANA time zone: use a region name such as \"Europe/Berlin\" or \"UTC\"");
      return null;
    }
  }

  private static <T> void add(List<T> list, T value) {
    if (value != null) {
      list.add(value);
    }
  }

  /** Builds a record; a rule only the constructor knows still becomes a problem, never a crash. */
  private static <T> T build(JsonObjectReader in, String field, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      in.problem(field, e.getMessage());
      return null;
    }
  }
}
