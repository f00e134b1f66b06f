package dev.bqsync.port;

import dev.bqsync.core.catalog.TableProfile;
import dev.bqsync.core.config.TableRef;
import java.util.List;
import java.util.Map;

/** Profiles columns of a tenant's table with one query (distinct values and NULLs per column). */
public interface ColumnProfiler {
  /** {@code textColumns} also get their count of values that are not 1-32 digits. */
  TableProfile profile(TableRef table, List<String> columns, List<String> textColumns, Map<String, String> labels,
      long maximumBytesBilled);
}
