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
  /** Keys that are times: each needs a tie-break column. */
  public static final Set<ColumnType> TIME_KEY_TYPES = EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME);
  public static final Set<ColumnType> TIE_BREAK_TYPES = EnumSet.of(ColumnType.INT64, ColumnType.STRING);
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
          + "unique, numeric, incrementing column (or a TIMESTAMP or DATETIME one, with a tieBreak)");
    } else if (key.get().repeated() || !KEY_TYPES.contains(key.get().type()) && !TIME_KEY_TYPES.contains(key.get().type())) {
      problems.add("key column '" + section.keyColumn() + "' is " + key.get().describe()
          + ": the key must be INT64, NUMERIC, BIGNUMERIC, a STRING of digits, or a TIMESTAMP or DATETIME with a tieBreak");
    } else {
      tieBreak(problems, section, table, TIME_KEY_TYPES.contains(key.get().type()) ? key.get() : null);
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

  /**
   * A time key needs its tie-break: rows sharing a time are ordered, positioned and named by it, so
   * a batch ending inside such a run loses nothing and each row keeps one id. A number key has none.
   */
  private static void tieBreak(List<String> problems, UsageSection section, SourceTable table, SourceColumn timeKey) {
    if (timeKey == null) {
      if (section.tieBreak() != null) {
        problems.add("tieBreak '" + section.tieBreak() + "' is set but key column '" + section.keyColumn() + "' is "
            + table.column(section.keyColumn()).orElseThrow().describe() + ": a tie-break is for TIMESTAMP or DATETIME "
            + "keys; remove tieBreak (and give lookback as a number of keys)");
      }
      return;
    }
    if (section.tieBreak() == null) {
      problems.add("key column '" + section.keyColumn() + "' is " + timeKey.type() + ": rows can share a time, so set "
          + "tieBreak to a column that tells them apart (INT64 or STRING, e.g. the event id), and give lookback as a "
          + "duration such as \"PT10M\"");
      return;
    }
    Optional<SourceColumn> tie = table.column(section.tieBreak());
    if (tie.isEmpty()) {
      problems.add("tieBreak column '" + section.tieBreak() + "' does not exist in " + table.ref()
          + ": name a column that tells apart the rows sharing a time (INT64 or STRING)");
    } else if (tie.get().repeated() || !TIE_BREAK_TYPES.contains(tie.get().type())) {
      problems.add("tieBreak column '" + section.tieBreak() + "' is " + tie.get().describe()
          + ": a tie-break must be INT64 or STRING (a value that is exact and can be part of a record id)");
    }
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
