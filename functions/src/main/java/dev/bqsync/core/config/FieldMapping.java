package dev.bqsync.core.config;

/**
 * One CRM field mapped to one BigQuery column. {@code direction} is the field's own direction;
 * null means "the section's". {@code skipNulls} keeps a null from overwriting a value.
 */
public record FieldMapping(String crmField, String column, Direction direction, boolean skipNulls) {
  public FieldMapping {
    Check.present(crmField, "crm field");
    Check.valid(Identifiers.columnProblem(column), "column");
  }

  public Direction effectiveDirection(Direction sectionDefault) {
    return direction == null ? sectionDefault : direction;
  }
}
