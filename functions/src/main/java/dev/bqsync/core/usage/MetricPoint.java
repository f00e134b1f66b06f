package dev.bqsync.core.usage;

import dev.bqsync.core.config.Aggregation;
import dev.bqsync.core.config.UsageModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One value of a Custom Metric: for the record of {@code model} with {@code externalId}, dimension,
 * value, when, and the day it counts for in the tenant's time zone. Points of one (record,
 * dimension, day) combine into the daily value by the section's aggregation.
 */
public record MetricPoint(String id, String sectionId, String key, UsageModel model, String externalId,
    String dimensionId, BigDecimal value, Instant date, LocalDate day, Aggregation aggregation) implements UsageRecord {
  @Override
  public UsageTarget target() {
    return new UsageTarget(model, UsageTarget.By.EXTERNAL_ID, externalId);
  }
}
