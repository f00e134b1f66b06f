package dev.bqsync.core.config;

import dev.bqsync.core.log.ControlCharacters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * BigQuery's naming rules for the identifiers a configuration may name. Anything that passes can be
 * put between backticks in SQL without escaping: none of the allowed forms contains a backtick,
 * a backslash, a quote or a line break, so nothing from a config can inject SQL.
 */
public final class Identifiers {
  private Identifiers() {}

  // https://cloud.google.com/resource-manager/docs/creating-managing-projects: 6-30 chars,
  // lowercase letters, digits, hyphens, starts with a letter, does not end with a hyphen.
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_]{1,1024}");
  // Table names: letters, marks, numbers, connectors (_), dashes and spaces; at most 1,024 bytes.
  private static final Pattern TABLE = Pattern.compile("[\\p{L}\\p{M}\\p{N}\\p{Pc}\\p{Pd} ]+");
  // Columns: we accept the classic rule (not "flexible column names") so names need no escaping
  // anywhere: letters, digits, underscore, starting with a letter or underscore, at most 300.
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,299}");
  private static final List<String> RESERVED_COLUMN_PREFIXES =
      List.of("_TABLE_", "_FILE_", "_PARTITION", "_ROW_TIMESTAMP", "__ROOT__", "_COLON_");
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z]+(-[a-z]+[0-9]*)?");
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,38}[a-z0-9]|[a-z0-9]");
  private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern ADMIN = Pattern.compile("[A-Za-z0-9._%+@:-]{1,254}");
  private static final Pattern SECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  // What RunIds makes: yyyyMMdd-HHmmss-8 hex digits.
  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}");
  private static final Pattern RESERVED_DOCUMENT_ID = Pattern.compile("__.*__", Pattern.DOTALL);
  private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}\\.apps\\.googleusercontent\\.com");

  public static Optional<String> projectProblem(String project) {
    if (project != null && project.contains(":")) {
      return shown("'" + project + "' is a domain-scoped project id; bqsync supports plain project ids only");
    }
    return rule(PROJECT, project, "'" + project
        + "' is not a valid project id: use 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen");
  }

  public static Optional<String> datasetProblem(String dataset) {
    return rule(DATASET, dataset, "'" + dataset
        + "' is not a valid dataset name: use up to 1,024 letters, digits or underscores");
  }

  public static Optional<String> tableProblem(String table) {
    if (!matches(TABLE, table) || table.getBytes(StandardCharsets.UTF_8).length > 1024) {
      return shown("'" + table
          + "' is not a valid table name: use letters, digits, underscores, dashes or spaces (at most 1,024 bytes)");
    }
    return Optional.empty();
  }

  public static Optional<String> columnProblem(String column) {
    if (!matches(COLUMN, column)) {
      return shown("'" + column
          + "' is not a valid column name: use up to 300 letters, digits or underscores, starting with a letter or underscore");
    }
    String upper = column.toUpperCase(Locale.ROOT);
    for (String prefix : RESERVED_COLUMN_PREFIXES) {
      if (upper.startsWith(prefix)) {
        return shown("'" + column + "' starts with the reserved prefix " + prefix + ": rename the column");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> locationProblem(String location) {
    return rule(LOCATION, location, "'" + location
        + "' is not a BigQuery location: use a multi-region such as US or EU, or a region such as europe-west3");
  }

  public static Optional<String> tenantIdProblem(String tenantId) {
    return rule(TENANT_ID, tenantId, "'" + tenantId
        + "' is not a valid tenant id: use 1-40 lowercase letters, digits or hyphens, not starting or ending with a hyphen");
  }

  public static Optional<String> sectionIdProblem(String sectionId) {
    return rule(SECTION_ID, sectionId, "'" + sectionId
        + "' is not a valid section id: use 1-63 letters, digits, underscores or hyphens, starting with a letter or digit");
  }

  public static Optional<String> runIdProblem(String runId) {
    return rule(RUN_ID, runId, "'" + runId
        + "' is not a run id: copy it from 'bqsync tenant show' or a log line, such as 20261123-101530-3f9a1c2e");
  }

  /**
   * Firestore's rule for a document id, for ids that have no stricter rule of their own (a CRM
   * record's native id from a warehouse row, say): anything it would read as a path or reserves.
   */
  public static Optional<String> documentIdProblem(String id) {
    if (id == null || id.isEmpty()) {
      return shown("a document id must not be empty");
    }
    if (id.indexOf('/') >= 0 || id.equals(".") || id.equals("..") || RESERVED_DOCUMENT_ID.matcher(id).matches()
        || id.chars().anyMatch(Character::isISOControl) || id.getBytes(StandardCharsets.UTF_8).length > 1500) {
      return shown("'" + id + "' cannot be a Firestore document id: no '/', not '.' or '..', not __name__, no "
          + "control characters, at most 1500 bytes");
    }
    return Optional.empty();
  }

  public static Optional<String> secretIdProblem(String secretId) {
    return rule(SECRET_ID, secretId, "'" + secretId
        + "' is not a valid Secret Manager secret id: use 1-255 letters, digits, underscores or hyphens");
  }

  public static Optional<String> serviceAccountProblem(String email) {
    return rule(SERVICE_ACCOUNT, email, "'" + email
        + "' is not a service account email: use NAME@PROJECT.iam.gserviceaccount.com");
  }

  /** Who asked for a connect link: the CRM's user id or email, as the CRM names its admins. */
  public static Optional<String> adminProblem(String admin) {
    return rule(ADMIN, admin, "'" + admin + "' is not an admin id: use the CRM user's id or email (1-254 letters, "
        + "digits and . _ % + @ : -)");
  }

  public static Optional<String> domainProblem(String domain) {
    return rule(DOMAIN, domain, "'" + domain + "' is not a domain name: use the part after @ in lowercase, e.g. acme.com");
  }

  public static Optional<String> oauthClientIdProblem(String clientId) {
    return rule(CLIENT_ID, clientId, "'" + clientId
        + "' is not an OAuth client id: copy it from the Google console, it ends in .apps.googleusercontent.com");
  }

  /** A validated identifier between backticks. */
  public static String quote(String identifier) {
    if (identifier.indexOf('`') >= 0 || identifier.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("identifier cannot be quoted: " + identifier);
    }
    return "`" + identifier + "`";
  }

  /** Empty when {@code value} follows {@code pattern}, else the message that says what to use. */
  private static Optional<String> rule(Pattern pattern, String value, String message) {
    return matches(pattern, value) ? Optional.empty() : shown(message);
  }

  /** A problem that quotes the value as given, its line breaks and control characters escaped. */
  private static Optional<String> shown(String message) {
    return Optional.of(ControlCharacters.escape(message));
  }

  private static boolean matches(Pattern pattern, String value) {
    return value != null && pattern.matcher(value).matches();
  }
}
