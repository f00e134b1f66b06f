package dev.bqsync.port;

import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.crm.WarehouseWriteResult;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import java.util.List;
import java.util.Map;

/** A tenant's BigQuery tables as the CRM sync reads and writes them. */
public interface CrmWarehouse {
  SourceTable describe(TableRef table);

  /** Every row's key and mapped columns: one query. */
  List<SourceRow> readAll(TableRef table, String keyColumn, List<String> columns, Map<String, String> labels,
      Long maximumBytesBilled);

  /**
   * Writes the rows with one MERGE on the key, setting only the columns each row changes: all of
   * them or none (rows past one request's size limit are staged first, never split over MERGEs).
   * When BigQuery refuses the MERGE for a reason of one row (a NULL into a REQUIRED column, a value
   * out of range), the rows are written in halves until the refused ones are isolated; those are
   * returned, every other row is written.
   */
  WarehouseWriteResult merge(TableRef table, String keyColumn, Map<String, ColumnType> columnTypes, List<SyncPlan.WarehouseWrite> writes,
      Map<String, String> labels, Long maximumBytesBilled);
}
