package dev.bqsync.core.usage;

import java.util.Map;

/**
 * One row as the warehouse adapter read it: the raw key, the raw tie-break of a time-keyed section
 * (null otherwise) and the mapped columns' values, as Java values (String, Long, Double,
 * BigDecimal, Boolean, Instant for TIMESTAMP, LocalDate for DATE, LocalDateTime for DATETIME, List
 * and Map for ARRAY and STRUCT).
 */
public record SourceRow(Object key, Object tieBreak, Map<String, Object> values) {
  public SourceRow(Object key, Map<String, Object> values) {
    this(key, null, values);
  }

  public Object value(String column) {
    return values.get(column);
  }
}
