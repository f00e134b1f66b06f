package dev.bqsync.core.crm;

import dev.bqsync.core.config.CrmField;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.config.DeletePolicy;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a CRM section against its table or view before anything is read: a STRING key column,
 * no sending to a view, mapped columns whose types convert to and from the CRM fields' types, and
 * the columns the onDelete policy writes.
 */
public final class CrmSchemaCheck {
  private static final Set<ColumnType> ANY_SCALAR = EnumSet.of(ColumnType.STRING, ColumnType.INT64, ColumnType.FLOAT64,
      ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.BOOL, ColumnType.DATE, ColumnType.DATETIME,
      ColumnType.TIMESTAMP, ColumnType.JSON);
  private static final Map<FieldType, Set<ColumnType>> RECEIVABLE = Map.of(
      FieldType.STRING, ANY_SCALAR,
      FieldType.INTEGER, EnumSet.of(ColumnType.INT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.STRING),
      FieldType.NUMBER, EnumSet.of(ColumnType.INT64, ColumnType.FLOAT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC,
          ColumnType.STRING),
      FieldType.BOOLEAN, EnumSet.of(ColumnType.BOOL, ColumnType.STRING),
      FieldType.DATE, EnumSet.of(ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP, ColumnType.STRING),
      FieldType.TIMESTAMP, EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME, ColumnType.DATE, ColumnType.STRING),
      FieldType.JSON, EnumSet.of(ColumnType.JSON, ColumnType.STRING),
      FieldType.ANY, ANY_SCALAR);
  private static final Map<FieldType, Set<ColumnType>> SENDABLE = Map.of(
      FieldType.STRING, EnumSet.of(ColumnType.STRING),
      FieldType.INTEGER, EnumSet.of(ColumnType.INT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.FLOAT64,
          ColumnType.STRING),
      FieldType.NUMBER, EnumSet.of(ColumnType.FLOAT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.STRING),
      FieldType.BOOLEAN, EnumSet.of(ColumnType.BOOL, ColumnType.STRING),
      FieldType.DATE, EnumSet.of(ColumnType.DATE, ColumnType.STRING),
      FieldType.TIMESTAMP, EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME, ColumnType.STRING),
      FieldType.JSON, EnumSet.of(ColumnType.JSON, ColumnType.STRING),
      FieldType.ANY, ANY_SCALAR);

  private static final Set<ColumnType> ARCHIVE_MARKS = EnumSet.of(ColumnType.BOOL, ColumnType.TIMESTAMP,
      ColumnType.DATETIME, ColumnType.DATE);

  private CrmSchemaCheck() {}

  /** Whether a column of {@code column}'s type can be received into a field of {@code field}'s type. */
  public static boolean receivable(FieldType field, ColumnType column) {
    return RECEIVABLE.get(field).contains(column);
  }

  /** Whether a field of {@code field}'s type can be sent to a column of {@code column}'s type. */
  public static boolean sendable(FieldType field, ColumnType column) {
    return SENDABLE.get(field).contains(column);
  }

  public static List<String> problems(CrmSection section, SourceTable table) {
    List<String> problems = new ArrayList<>();
    String source = section.source().toString();
    if (table.view()) {
      List<String> sending = new ArrayList<>();
      for (FieldMapping f : section.fields()) {
        if (f.effectiveDirection(section.direction()).sends()) {
          sending.add(f.crmField());
        }
      }
      if (!sending.isEmpty()) {
        problems.add(source + " is a view, and views are read-only, but " + String.join(", ", sending)
            + " would be sent to it: make the section (and those fields) RECEIVE, or point the section at a table");
        return problems;
      }
    }
    Optional<SourceColumn> key = table.column(section.warehouseKey());
    if (key.isEmpty()) {
      problems.add("key column '" + section.warehouseKey() + "' does not exist in " + source
          + ": set warehouseKey to the unique text column that holds the key");
    } else if (key.get().repeated() || key.get().type() != ColumnType.STRING) {
      problems.add("key column '" + section.warehouseKey() + "' is " + key.get().describe()
          + ": the CRM sync key must be a STRING column (cast it in a view if needed)");
    }
    for (FieldMapping f : section.fields()) {
      CrmField field = section.model().field(f.crmField()).orElseThrow();
      Optional<SourceColumn> column = table.column(f.column());
      if (column.isEmpty()) {
        problems.add("column '" + f.column() + "' (mapped to " + f.crmField() + ") does not exist in " + source
            + ": fix the mapping or add the column");
        continue;
      }
      Direction direction = f.effectiveDirection(section.direction());
      SourceColumn c = column.get();
      if (c.repeated()) {
        problems.add("column '" + f.column() + "' is " + c.describe() + ": arrays cannot be mapped to CRM fields");
        continue;
      }
      if (direction.receives() && !RECEIVABLE.get(field.type()).contains(c.type())) {
        problems.add("column '" + f.column() + "' is " + c.type() + " and cannot be received into " + f.crmField()
            + " (" + field.type() + "): use a column of type " + RECEIVABLE.get(field.type()));
      }
      if (direction.sends() && !SENDABLE.get(field.type()).contains(c.type())) {
        problems.add("column '" + f.column() + "' is " + c.type() + " and cannot hold " + f.crmField() + " ("
            + field.type() + "): use a column of type " + SENDABLE.get(field.type()) + ", or make the field RECEIVE");
      }
    }
    DeletePolicy onRecordDeleted = section.options().onDelete().recordDeleted();
    if (onRecordDeleted.action() == DeleteAction.ARCHIVE) {
      Optional<SourceColumn> mark = table.column(onRecordDeleted.target());
      if (mark.isEmpty() || mark.get().repeated() || !ARCHIVE_MARKS.contains(mark.get().type())) {
        problems.add("onDelete.recordDeleted archives into column '" + onRecordDeleted.target() + "', which "
            + (mark.isEmpty() ? "does not exist in " + source : "is " + mark.get().describe()) + ": add it as a BOOL, "
            + "TIMESTAMP, DATETIME or DATE column, or name one that is");
      }
    }
    if (onRecordDeleted.action() == DeleteAction.CLEAR) {
      for (FieldMapping f : section.fields()) {
        Optional<SourceColumn> column = table.column(f.column());
        if (f.effectiveDirection(section.direction()).sends() && column.isPresent() && column.get().required()) {
          problems.add("onDelete.recordDeleted CLEAR would set column '" + f.column() + "' to NULL, but it is REQUIRED:"
              + " make it NULLABLE, or use ARCHIVE or DELETE");
        }
      }
    }
    String updatedAt = section.options().updatedAtColumn();
    if (updatedAt != null) {
      Optional<SourceColumn> column = table.column(updatedAt);
      if (column.isEmpty() || !EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME, ColumnType.DATE)
          .contains(column.get().type())) {
        problems.add("updatedAtColumn '" + updatedAt + "' must be a TIMESTAMP, DATETIME or DATE column of " + source);
      }
    }
    return problems;
  }
}
