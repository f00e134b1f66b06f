package dev.bqsync.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;

/** Writes a tenant configuration in the same JSON format {@link TenantConfigParser} reads, defaults spelled out. */
public final class TenantConfigWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  public ObjectNode toJson(TenantConfig config) {
    ObjectNode root = JSON.createObjectNode();
    root.put("tenantId", config.tenantId());
    root.put("enabled", config.enabled());
    root.put("timeZone", config.timeZone().getId());
    root.set("connection", connection(config.connection()));
    ArrayNode crm = root.putArray("crmSections");
    config.crmSections().forEach(s -> crm.add(crmSection(s)));
    ArrayNode usage = root.putArray("usageSections");
    config.usageSections().forEach(s -> usage.add(usageSection(s)));
    return root;
  }

  public String toPrettyString(TenantConfig config) {
    return toJson(config).toPrettyString();
  }

  private ObjectNode connection(Connection connection) {
    ObjectNode out = JSON.createObjectNode();
    out.put("billingProject", connection.billingProject());
    out.put("location", connection.location());
    if (connection.maximumBytesBilled() != null) {
      out.put("maximumBytesBilled", connection.maximumBytesBilled());
    }
    var allowed = out.putArray("allowedProjects");
    connection.allowedProjects().forEach(allowed::add);
    if (connection.stateDataset() != null) {
      out.put("stateDataset", connection.stateDataset().toString());
    }
    ObjectNode auth = out.putObject("auth");
    auth.put("kind", connection.auth().kind().name());
    if (connection.auth() instanceof Auth.OAuthClient oauth) {
      auth.put("clientId", oauth.clientId());
      if (!oauth.allowedGoogleDomains().isEmpty()) {
        var domains = auth.putArray("allowedGoogleDomains");
        oauth.allowedGoogleDomains().forEach(domains::add);
      }
    }
    return out;
  }

  private static ObjectNode deletePolicy(DeletePolicy policy, String targetName) {
    ObjectNode out = JSON.createObjectNode();
    out.put("policy", policy.action().name());
    if (policy.target() != null) {
      out.put(targetName, policy.target());
    }
    return out;
  }

  private ObjectNode crmSection(CrmSection section) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", section.id());
    out.put("model", section.model().name());
    out.put("source", section.source().toString());
    out.put("crmKey", section.crmKey().name());
    out.put("warehouseKey", section.warehouseKey());
    out.put("direction", section.direction().name());
    CrmSyncOptions options = section.options();
    out.put("conflictPolicy", options.conflictPolicy().name());
    if (options.updatedAtColumn() != null) {
      out.put("updatedAtColumn", options.updatedAtColumn());
    }
    if (options.updatedAtField() != null) {
      out.put("updatedAtField", options.updatedAtField());
    }
    out.put("createInCrm", options.createInCrm());
    out.put("createInWarehouse", options.createInWarehouse());
    OnDelete onDelete = options.onDelete();
    ObjectNode deletes = out.putObject("onDelete");
    deletes.set("rowDeleted", deletePolicy(onDelete.rowDeleted(), "field"));
    deletes.set("recordDeleted", deletePolicy(onDelete.recordDeleted(), "column"));
    if (onDelete.massChangeShare() != OnDelete.DEFAULT_SHARE) {
      out.put("massChangeShare", onDelete.massChangeShare());
    }
    out.put("enabled", section.enabled());
    ArrayNode fields = out.putArray("fields");
    for (FieldMapping field : section.fields()) {
      ObjectNode f = fields.addObject();
      f.put("crm", field.crmField());
      f.put("column", field.column());
      if (field.direction() != null) {
        f.put("direction", field.direction().name());
      }
      if (field.skipNulls()) {
        f.put("skipNulls", true);
      }
    }
    return out;
  }

  private ObjectNode usageSection(UsageSection section) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", section.id());
    out.put("kind", section.kind().name());
    out.put("model", section.model().name());
    out.put("source", section.source().toString());
    out.put("keyColumn", section.keyColumn());
    if (section.tieBreak() != null) {
      out.put("tieBreak", section.tieBreak());
    }
    out.put("batchSize", section.batchSize());
    out.put("frequency", section.frequency().kind().name());
    if (section.frequency().dailyAt() != null) {
      out.put("dailyAt", HH_MM.format(section.frequency().dailyAt()));
    }
    if (section.lookback() instanceof Lookback.Keys keys && keys.count() > 0) {
      out.put("lookback", keys.count());
    } else if (section.lookback() instanceof Lookback.Span span && !span.isNone()) {
      out.put("lookback", span.span().toString());
    }
    out.put("enabled", section.enabled());
    ObjectNode mapping = out.putObject("mapping");
    if (section.mapping() instanceof UserActivityMapping ua) {
      putIfSet(mapping, "email", ua.email());
      putIfSet(mapping, "externalId", ua.externalId());
      mapping.set("action", columnOrConstant(ua.action()));
      mapping.put("date", ua.date());
      putIfSet(mapping, "companyExternalId", ua.companyExternalId());
      putIfSet(mapping, "name", ua.name());
      putIfSet(mapping, "weight", ua.weight());
      if (!ua.info().isEmpty()) {
        ArrayNode info = mapping.putArray("info");
        ua.info().forEach(info::add);
      }
    } else if (section.mapping() instanceof CustomMetricMapping cm) {
      mapping.put("externalId", cm.externalId());
      mapping.set("dimensionId", columnOrConstant(cm.dimensionId()));
      mapping.put("value", cm.value());
      mapping.put("date", cm.date());
      mapping.put("aggregation", cm.aggregation().name());
    }
    return out;
  }

  private ObjectNode columnOrConstant(ColumnOrConstant value) {
    ObjectNode out = JSON.createObjectNode();
    if (value.isColumn()) {
      out.put("column", value.column());
    } else {
      out.put("constant", value.constant());
    }
    return out;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
