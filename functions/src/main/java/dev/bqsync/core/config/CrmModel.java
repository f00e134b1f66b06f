package dev.bqsync.core.config;

import static dev.bqsync.core.config.FieldType.BOOLEAN;
import static dev.bqsync.core.config.FieldType.DATE;
import static dev.bqsync.core.config.FieldType.INTEGER;
import static dev.bqsync.core.config.FieldType.JSON;
import static dev.bqsync.core.config.FieldType.NUMBER;
import static dev.bqsync.core.config.FieldType.STRING;
import static dev.bqsync.core.config.FieldType.TIMESTAMP;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CRM models a CRM section can map, with their standard fields. Custom fields are addressed as
 * {@code custom.<name>}.
 */
public enum CrmModel {
  Company(fields(
      f("name", STRING), f("domain", STRING), f("phase", STRING), f("status", STRING), f("owner", STRING),
      f("country", STRING), f("industry", STRING), f("mrr", NUMBER), f("arr", NUMBER), f("employees", INTEGER),
      f("customerFrom", DATE), f("customerTo", DATE), f("renewalDate", DATE), f("lastActivity", TIMESTAMP),
      f("updatedAt", TIMESTAMP), f("tags", JSON))),
  EndUser(fields(
      f("email", STRING), f("firstName", STRING), f("lastName", STRING), f("name", STRING), f("position", STRING),
      f("phone", STRING), f("companyExternalId", STRING), f("primary", BOOLEAN), f("lastSeen", TIMESTAMP),
      f("updatedAt", TIMESTAMP), f("tags", JSON))),
  License(fields(
      f("companyExternalId", STRING), f("product", STRING), f("currency", STRING), f("value", NUMBER),
      f("mrr", NUMBER), f("fromDate", DATE), f("toDate", DATE), f("autoRenew", BOOLEAN), f("status", STRING),
      f("updatedAt", TIMESTAMP))),
  Opportunity(fields(
      f("companyExternalId", STRING), f("title", STRING), f("salesStage", STRING), f("status", STRING),
      f("currency", STRING), f("value", NUMBER), f("probability", NUMBER), f("closeDate", DATE),
      f("owner", STRING), f("updatedAt", TIMESTAMP))),
  Asset(fields(
      f("companyExternalId", STRING), f("name", STRING), f("type", STRING), f("status", STRING),
      f("updatedAt", TIMESTAMP))),
  Project(fields(
      f("companyExternalId", STRING), f("name", STRING), f("status", STRING), f("startDate", DATE),
      f("endDate", DATE), f("owner", STRING), f("updatedAt", TIMESTAMP)));

  private static final String CUSTOM_PREFIX = "custom.";
  private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_ -]{0,99}");

  private final Map<String, CrmField> fields;

  CrmModel(Map<String, CrmField> fields) {
    this.fields = fields;
  }

  /** Standard fields by name, including the key fields every model has. */
  public Map<String, CrmField> standardFields() {
    return fields;
  }

  public boolean hasEmail() {
    return fields.containsKey("email");
  }

  /** The field a mapping names, standard or custom, or why it cannot be used. */
  public Optional<CrmField> field(String name) {
    if (name == null) {
      return Optional.empty();
    }
    if (name.startsWith(CUSTOM_PREFIX)) {
      String custom = name.substring(CUSTOM_PREFIX.length());
      return CUSTOM_NAME.matcher(custom).matches()
          ? Optional.of(new CrmField(name, FieldType.ANY, false)) : Optional.empty();
    }
    return Optional.ofNullable(fields.get(name));
  }

  public String unknownFieldMessage(String name) {
    if (name != null && name.startsWith(CUSTOM_PREFIX)) {
      return "'" + name + "' is not a valid custom field: use custom.<name> where name is 1-100 letters, digits, "
          + "spaces, underscores or hyphens starting with a letter";
    }
    return "'" + name + "' is not a field of " + name() + ": use one of " + String.join(", ", fields.keySet())
        + ", or a custom field as custom.<name>";
  }

  private static CrmField f(String name, FieldType type) {
    return new CrmField(name, type, false);
  }

  private static Map<String, CrmField> fields(CrmField... specific) {
    List<CrmField> all = new ArrayList<>();
    all.add(new CrmField("id", STRING, true));
    all.add(f("sourceId", STRING));
    all.add(f("externalId", STRING));
    all.addAll(List.of(specific));
    Map<String, CrmField> byName = new LinkedHashMap<>();
    all.forEach(field -> byName.put(field.name(), field));
    return Collections.unmodifiableMap(byName);
  }
}
