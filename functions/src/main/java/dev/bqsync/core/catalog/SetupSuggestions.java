package dev.bqsync.core.catalog;

import dev.bqsync.core.config.CrmField;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.crm.CrmSchemaCheck;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceSchemaCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the setup screens suggest for a table, from its columns and one profile of them: key columns
 * for a CRM section (STRING, unique, never NULL), cursor columns for a usage section (a key type,
 * unique, never NULL; text only of 1-32 digits), and field mappings by name and type. A candidate
 * that does not qualify is listed with the numbers that rule it out, so a person can fix the data
 * rather than guess. Names that look like keys rank first among equals.
 */
public final class SetupSuggestions {
  private static final Pattern KEY_NAME = Pattern.compile("(^|_)(id|key|email|uuid|external_?id|source_?id)$");
  private static final Pattern CURSOR_NAME = Pattern.compile("(^|_)(id|seq|sequence|offset|ingest\\w*|inserted\\w*|"
      + "loaded\\w*|created\\w*|row_?id|event_?id)$");
  private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_ -]{0,99}");

  private SetupSuggestions() {}

  /** The columns a profile for a CRM section must cover: every top-level STRING column. */
  public static List<String> crmKeyColumns(TableDetail table) {
    return table.columns().stream().filter(c -> !c.repeated() && c.type() == ColumnType.STRING)
        .map(CatalogColumn::name).toList();
  }

  /**
   * The columns a profile for a usage section must cover: every column of a type a usage key (or a
   * time key's tie-break) may have.
   */
  public static List<String> cursorColumns(TableDetail table) {
    return table.columns().stream().filter(c -> !c.repeated() && (SourceSchemaCheck.KEY_TYPES.contains(c.type())
        || SourceSchemaCheck.TIME_KEY_TYPES.contains(c.type()) || SourceSchemaCheck.TIE_BREAK_TYPES.contains(c.type())))
        .map(CatalogColumn::name).toList();
  }

  public static List<KeyCandidate> crmKeys(TableDetail table, TableProfile profile) {
    return rank(crmKeyColumns(table).stream().map(name -> judge(table, profile, name, false)).toList(), KEY_NAME);
  }

  /**
   * Number and digit-text keys must be unique on their own. A time key (the source brief's ideal:
   * an ingestion timestamp) may repeat, so it is judged by its NULLs alone and offered with a
   * tie-break: the best unique, never-NULL INT64 or STRING column, since unique alone makes every
   * (time, tie-break) pair unique. Without one the time column is listed as unsuitable, saying so.
   */
  public static List<KeyCandidate> cursors(TableDetail table, TableProfile profile) {
    List<KeyCandidate> plain = new ArrayList<>();
    List<String> times = new ArrayList<>();
    for (String name : cursorColumns(table)) {
      ColumnType type = column(table, name).type();
      if (SourceSchemaCheck.TIME_KEY_TYPES.contains(type)) {
        times.add(name);
      } else if (SourceSchemaCheck.KEY_TYPES.contains(type)) {
        plain.add(judge(table, profile, name, true));
      }
    }
    List<KeyCandidate> tieBreaks = rank(cursorColumns(table).stream()
        .filter(n -> SourceSchemaCheck.TIE_BREAK_TYPES.contains(column(table, n).type()))
        .map(n -> judge(table, profile, n, false)).filter(KeyCandidate::suitable).toList(), CURSOR_NAME);
    List<KeyCandidate> out = new ArrayList<>(plain);
    for (String time : times) {
      out.add(judgeTime(table, profile, time, tieBreaks.isEmpty() ? null : tieBreaks.get(0).column()));
    }
    return rank(out, CURSOR_NAME);
  }

  private static KeyCandidate judgeTime(TableDetail table, TableProfile profile, String name, String tieBreak) {
    CatalogColumn column = column(table, name);
    ColumnProfile p = profile.columns().get(name);
    if (p == null) {
      return new KeyCandidate(name, column.type(), false, "not profiled");
    }
    List<String> against = new ArrayList<>();
    if (profile.rows() == 0) {
      against.add("the table is empty, so the tie-break's uniqueness cannot be checked");
    }
    if (p.nulls() > 0) {
      against.add(p.nulls() + " of " + profile.rows() + " rows are NULL");
    }
    if (tieBreak == null) {
      against.add("a time key needs a tieBreak column (INT64 or STRING) that makes rows sharing a time unique, and "
          + "no column is unique and never NULL: add one (a row id) in a view");
    }
    if (!against.isEmpty()) {
      return new KeyCandidate(name, column.type(), false, String.join("; ", against));
    }
    long repeats = profile.rows() - p.distinct();
    return new KeyCandidate(name, column.type(), true, "never NULL in all " + profile.rows() + " rows"
        + (repeats > 0 ? ", " + repeats + " rows share a time with another" : "") + "; use it with \"tieBreak\": \""
        + tieBreak + "\" (unique and never NULL), and make sure new rows get later times than older ones", tieBreak);
  }

  private static CatalogColumn column(TableDetail table, String name) {
    return table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Mappings for the model's standard fields whose names match a column (case, underscores and
   * hyphens ignored: {@code first_name} is {@code firstName}) and whose types convert; every other
   * column (but the key) as a custom field received from BigQuery.
   */
  public static List<FieldSuggestion> fields(CrmModel model, TableDetail table, String keyColumn) {
    List<FieldSuggestion> out = new ArrayList<>();
    Map<String, CrmField> standard = model.standardFields();
    for (CatalogColumn column : table.columns()) {
      if (column.repeated() || column.name().equalsIgnoreCase(keyColumn == null ? "" : keyColumn)) {
        continue;
      }
      Optional<CrmField> match = standard.values().stream()
          .filter(f -> !f.name().equals("id") && normal(f.name()).equals(normal(column.name()))).findFirst();
      if (match.isPresent()) {
        CrmField field = match.get();
        Optional<Direction> d = direction(field, column, table.summary().view());
        out.add(new FieldSuggestion(column.name(), field.name(), d.orElse(null), d.map(dir -> "same name; "
            + column.type() + " converts to " + field.type() + (dir == Direction.BOTH ? " both ways" : " for " + dir))
            .orElse("same name, but " + column.type() + " does not convert to " + field.type()
                + ": cast it in a view, or map it as a custom field")));
      } else if (CUSTOM_NAME.matcher(column.name()).matches()
          && CrmSchemaCheck.receivable(FieldType.ANY, column.type())) {
        out.add(new FieldSuggestion(column.name(), "custom." + column.name(), Direction.RECEIVE,
            "no standard field of " + model.name() + " by that name: received as a custom field"));
      }
    }
    return out;
  }

  private static Optional<Direction> direction(CrmField field, CatalogColumn column, boolean view) {
    boolean receives = !field.readOnly() && CrmSchemaCheck.receivable(field.type(), column.type());
    boolean sends = !view && CrmSchemaCheck.sendable(field.type(), column.type());
    if (receives && sends) {
      return Optional.of(Direction.BOTH);
    }
    return receives ? Optional.of(Direction.RECEIVE) : sends ? Optional.of(Direction.SEND) : Optional.empty();
  }

  private static KeyCandidate judge(TableDetail table, TableProfile profile, String name, boolean cursor) {
    CatalogColumn column = column(table, name);
    ColumnProfile p = profile.columns().get(name);
    long rows = profile.rows();
    if (p == null) {
      return new KeyCandidate(name, column.type(), false, "not profiled");
    }
    List<String> against = new ArrayList<>();
    if (rows == 0) {
      against.add("the table is empty, so uniqueness cannot be checked");
    }
    if (p.nulls() > 0) {
      against.add(p.nulls() + " of " + rows + " rows are NULL");
    }
    long duplicates = rows - p.nulls() - p.distinct();
    if (duplicates > 0) {
      against.add(duplicates + " rows repeat a value (" + p.distinct() + " distinct of " + (rows - p.nulls())
          + ")");
    }
    if (cursor && p.notDigits() != null && p.notDigits() > 0) {
      against.add(p.notDigits() + " values are not 1-32 digits");
    }
    if (against.isEmpty()) {
      return new KeyCandidate(name, column.type(), true, "unique and never NULL in all " + rows + " rows"
          + (cursor ? "; make sure new rows get higher values than older ones" : ""));
    }
    return new KeyCandidate(name, column.type(), false, String.join("; ", against));
  }

  private static List<KeyCandidate> rank(List<KeyCandidate> candidates, Pattern hint) {
    return candidates.stream().sorted(Comparator.comparing((KeyCandidate c) -> !c.suitable())
        .thenComparing(c -> !hint.matcher(c.column().toLowerCase(Locale.ROOT)).find())
        .thenComparing(KeyCandidate::column)).toList();
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
  }
}
