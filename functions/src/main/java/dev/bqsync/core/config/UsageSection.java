package dev.bqsync.core.config;

import java.util.HashSet;
import java.util.Set;

/**
 * One BigQuery table or view pulled into User Activities or Custom Metrics. {@code keyColumn} is
 * unique, numeric and incrementing: it is also the cursor. {@code lookback} is how many keys below
 * the cursor each run reads again, to pick up rows committed late with a lower key.
 */
public record UsageSection(
    String id,
    UsageKind kind,
    UsageModel model,
    TableRef source,
    String keyColumn,
    UsageMapping mapping,
    int batchSize,
    Frequency frequency,
    int lookback,
    boolean enabled) {

  public static final int MIN_BATCH = 1;
  public static final int MAX_BATCH = 50_000;
  public static final int DEFAULT_BATCH = 5_000;
  public static final int MAX_LOOKBACK = 1_000_000;

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
    if (lookback < 0 || lookback > MAX_LOOKBACK) {
      throw new IllegalArgumentException("lookback must be 0.." + MAX_LOOKBACK);
    }
    if ((kind == UsageKind.USER_ACTIVITY) != (mapping instanceof UserActivityMapping)) {
      throw new IllegalArgumentException("mapping does not match kind " + kind);
    }
    if (kind == UsageKind.USER_ACTIVITY && model != UsageModel.END_USER) {
      throw new IllegalArgumentException("user activities belong to end users: model must be END_USER");
    }
    Set<String> seen = new HashSet<>(Set.of(keyColumn));
    for (String column : mapping.columns()) {
      if (!seen.add(column)) {
        throw new IllegalArgumentException("column mapped twice: " + column);
      }
    }
  }
}
