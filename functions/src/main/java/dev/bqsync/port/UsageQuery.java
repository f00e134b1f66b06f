package dev.bqsync.port;

import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.ColumnType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The one read of a usage pull: rows of {@code table} whose key is past {@code after} (all rows
 * when null), plus rows whose key is null or not a number (so they are reported), ordered by key.
 * Jobs carry {@code labels} and, when set, {@code maximumBytesBilled}.
 */
public record UsageQuery(TableRef table, String keyColumn, ColumnType keyType, List<String> columns, BigInteger after,
    Map<String, String> labels, Long maximumBytesBilled, int firstPageRows) {
  public UsageQuery {
    columns = List.copyOf(columns);
    labels = Map.copyOf(labels);
  }
}
