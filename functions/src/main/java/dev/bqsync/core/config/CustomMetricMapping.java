package dev.bqsync.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows as Custom Metrics: the target record's externalId, the dimension (column or constant), the
 * numeric value, the date, and how a day's values aggregate.
 */
public record CustomMetricMapping(
    String externalId,
    ColumnOrConstant dimensionId,
    String value,
    String date,
    Aggregation aggregation) implements UsageMapping {

  public CustomMetricMapping {
    Check.valid(Identifiers.columnProblem(externalId), "externalId");
    Check.present(dimensionId, "dimensionId");
    if (!dimensionId.isColumn() && !dimensionId.constant().matches("[A-Za-z0-9_]{1,100}")) {
      throw new IllegalArgumentException("dimensionId constant must be letters, digits or underscores");
    }
    Check.valid(Identifiers.columnProblem(value), "value");
    Check.valid(Identifiers.columnProblem(date), "date");
    Check.present(aggregation, "aggregation");
  }

  @Override
  public List<String> columns() {
    List<String> out = new ArrayList<>(List.of(externalId));
    if (dimensionId.isColumn()) {
      out.add(dimensionId.column());
    }
    out.add(value);
    out.add(date);
    return out;
  }
}
