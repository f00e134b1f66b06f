package dev.bqsync.core.usage;

import dev.bqsync.core.config.CustomMetricMapping;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.config.UserActivityMapping;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a usage section against its source's schema before anything is read: the key column and
 * every mapped column must exist with a usable type. Each problem names the column and says what
 * to change.
 */
public final class SourceSchemaCheck {
  public static final Set<ColumnType> KEY_TYPES =
      EnumSet.of(ColumnType.INT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.STRING);
  private static final Set<ColumnType> TEXT = EnumSet.of(ColumnType.STRING, ColumnType.INT64, ColumnType.NUMERIC,
      ColumnType.BIGNUMERIC);
  private static final Set<ColumnType> NUMBER = EnumSet.of(ColumnType.INT64, ColumnType.FLOAT64, ColumnType.NUMERIC,
      ColumnType.BIGNUMERIC, ColumnType.STRING);
  private static final Set<ColumnType> DATE = EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME, ColumnType.DATE,
      ColumnType.STRING);

  private SourceSchemaCheck() {}

  public static List<String> problems(UsageSection section, SourceTable table) {
    List<String> problems = new ArrayList<>();
    String source = section.source().toString();
    Optional<SourceColumn> key = table.column(section.keyColumn());
    if (key.isEmpty()) {
      problems.add("key column '" + section.keyColumn() + "' does not exist in " + source + ": set keyColumn to a "
          + "unique, numeric, incrementing column");
    } else if (key.get().repeated() || !KEY_TYPES.contains(key.get().type())) {
      problems.add("key column '" + section.keyColumn() + "' is " + key.get().describe()
          + ": the key must be INT64, NUMERIC, BIGNUMERIC or a STRING of digits");
    }
    if (section.mapping() instanceof UserActivityMapping m) {
      check(problems, table, m.email(), "email", TEXT);
      check(problems, table, m.externalId(), "externalId", TEXT);
      if (m.action().isColumn()) {
        check(problems, table, m.action().column(), "action", TEXT);
      }
      check(problems, table, m.date(), "date", DATE);
      check(problems, table, m.companyExternalId(), "companyExternalId", TEXT);
      check(problems, table, m.name(), "name", TEXT);
      check(problems, table, m.weight(), "weight", NUMBER);
      for (String info : m.info()) {
        check(problems, table, info, "info", null);
      }
    } else if (section.mapping() instanceof CustomMetricMapping m) {
      check(problems, table, m.externalId(), "externalId", TEXT);
      if (m.dimensionId().isColumn()) {
        check(problems, table, m.dimensionId().column(), "dimensionId", TEXT);
      }
      check(problems, table, m.value(), "value", NUMBER);
      check(problems, table, m.date(), "date", DATE);
    }
    return problems;
  }

  private static void check(List<String> problems, SourceTable table, String column, String field, Set<ColumnType> allowed) {
    if (column == null) {
      return;
    }
    Optional<SourceColumn> found = table.column(column);
    if (found.isEmpty()) {
      problems.add("column '" + column + "' (mapped to " + field + ") does not exist in " + table.ref()
          + ": fix the mapping or add the column");
    } else if (allowed != null && (found.get().repeated() || !allowed.contains(found.get().type()))) {
      problems.add("column '" + column + "' (mapped to " + field + ") is " + found.get().describe() + ": " + field
          + " needs one of " + allowed);
    }
  }
}
