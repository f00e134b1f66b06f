package dev.bqsync.core.config;

import java.util.HashSet;
import java.util.Set;

/**
 * One BigQuery table or view pulled into User Activities or Custom Metrics. {@code keyColumn} is
 * unique, numeric and incrementing, or a TIMESTAMP or DATETIME: it is also the cursor. A time key
 * needs {@code tieBreak}, a column that orders and names the rows sharing a time (null for number
 * keys). {@code lookback} is how far below the cursor each run reads again, to pick up rows
 * committed late with a lower key: a number of keys, or a span of time for a time key.
 */
public record UsageSection(
    String id,
    UsageKind kind,
    UsageModel model,
    TableRef source,
    String keyColumn,
    String tieBreak,
    UsageMapping mapping,
    int batchSize,
    Frequency frequency,
    Lookback lookback,
    boolean enabled) {

  public static final int MIN_BATCH = 1;
  public static final int MAX_BATCH = 50_000;
  public static final int DEFAULT_BATCH = 5_000;
  public static final int MAX_LOOKBACK = (int) Lookback.MAX_KEYS;

  /** A section with a number key and a lookback of {@code lookback} keys. */
  public UsageSection(String id, UsageKind kind, UsageModel model, TableRef source, String keyColumn,
      UsageMapping mapping, int batchSize, Frequency frequency, int lookback, boolean enabled) {
    this(id, kind, model, source, keyColumn, null, mapping, batchSize, frequency, new Lookback.Keys(lookback), enabled);
  }

  public UsageSection {
    Check.valid(Identifiers.sectionIdProblem(id), "section id");
    Check.present(kind, "kind");
    Check.present(model, "model");
    Check.present(source, "source");
    Check.valid(Identifiers.columnProblem(keyColumn), "keyColumn");
    Check.present(mapping, "mapping");
    Check.present(frequency, "frequency");
    if (batchSize < MIN_BATCH || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException("batchSize must be " + MIN_BATCH + ".." + MAX_BATCH);
    }
    Check.present(lookback, "lookback");
    if (tieBreak != null) {
      Check.valid(Identifiers.columnProblem(tieBreak), "tieBreak");
    }
    if (tieBreak == null && lookback instanceof Lookback.Span) {
      throw new IllegalArgumentException("a lookback span is for time keys, which need a tieBreak");
    }
    if (tieBreak != null && lookback instanceof Lookback.Keys keys && keys.count() > 0) {
      throw new IllegalArgumentException("a time key (one with a tieBreak) takes its lookback as a span of time");
    }
    if ((kind == UsageKind.USER_ACTIVITY) != (mapping instanceof UserActivityMapping)) {
      throw new IllegalArgumentException("mapping does not match kind " + kind);
    }
    if (kind == UsageKind.USER_ACTIVITY && model != UsageModel.END_USER) {
      throw new IllegalArgumentException("user activities belong to end users: model must be END_USER");
    }
    if (keyColumn.equals(tieBreak)) {
      throw new IllegalArgumentException("tieBreak must be another column than keyColumn");
    }
    Set<String> seen = new HashSet<>(); // the key and tie-break may also be mapped columns
    for (String column : mapping.columns()) {
      if (!seen.add(column)) {
        throw new IllegalArgumentException("column mapped twice: " + column);
      }
    }
  }
}
