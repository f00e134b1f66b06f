package dev.bqsync.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One CRM model synced with one BigQuery table or view, field by field. */
public record CrmSection(
    String id,
    CrmModel model,
    TableRef source,
    CrmKey crmKey,
    String warehouseKey,
    Direction direction,
    List<FieldMapping> fields,
    CrmSyncOptions options,
    boolean enabled) {

  public CrmSection {
    Check.valid(Identifiers.sectionIdProblem(id), "section id");
    Check.present(model, "model");
    Check.present(source, "source");
    Check.present(crmKey, "crmKey");
    Check.valid(Identifiers.columnProblem(warehouseKey), "warehouseKey");
    Check.present(direction, "direction");
    fields = List.copyOf(Check.present(fields, "fields"));
    options = options == null ? CrmSyncOptions.DEFAULTS : options;
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a CRM section maps at least one field");
    }
    if (crmKey == CrmKey.EMAIL && !model.hasEmail()) {
      throw new IllegalArgumentException("crmKey EMAIL needs a model with an email");
    }
    Set<String> columns = new HashSet<>(Set.of(warehouseKey));
    Set<String> crmFields = new HashSet<>(Set.of(crmKey.field()));
    for (FieldMapping field : fields) {
      if (!columns.add(field.column())) {
        throw new IllegalArgumentException("column mapped twice: " + field.column());
      }
      if (!crmFields.add(field.crmField())) {
        throw new IllegalArgumentException("CRM field mapped twice: " + field.crmField());
      }
      if (model.field(field.crmField()).isEmpty()) {
        throw new IllegalArgumentException(model.unknownFieldMessage(field.crmField()));
      }
    }
  }
}
