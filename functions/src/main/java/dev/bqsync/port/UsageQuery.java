package dev.bqsync.port;

import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.KeyColumns;
import dev.bqsync.core.usage.KeyWindow;
import java.util.List;
import java.util.Map;

/**
 * The one read of a usage pull: rows of {@code table} from {@code start} (all rows when null), plus
 * rows whose key (or tie-break) is null or not a number (so they are reported), ordered by key and
 * tie-break. Jobs carry {@code labels} and, when set, {@code maximumBytesBilled}.
 */
public record UsageQuery(TableRef table, KeyColumns key, List<String> columns, KeyWindow.Start start,
    Map<String, String> labels, Long maximumBytesBilled, int firstPageRows) {
  public UsageQuery {
    columns = List.copyOf(columns);
    labels = Map.copyOf(labels);
  }
}
