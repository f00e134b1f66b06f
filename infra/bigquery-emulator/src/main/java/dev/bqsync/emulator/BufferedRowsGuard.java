package dev.bqsync.emulator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an UPDATE, DELETE or MERGE so that it fails, changing nothing, when it would change rows
 * still in the table's streaming buffer, as BigQuery refuses it: the buffered rows (identified by
 * their row ids) are fingerprinted before and after the statement, inside one transaction.
 */
final class BufferedRowsGuard {
  interface Work<T> {
    T run() throws SQLException;
  }

  private BufferedRowsGuard() {}

  static <T> T run(Warehouse warehouse, TableName table, String statementType, Work<T> work) throws SQLException {
    List<StreamingBuffer.Batch> batches = warehouse.streaming().batches(table);
    if (batches.isEmpty()) {
      return work.run();
    }
    Connection connection = warehouse.connection();
    String fingerprint = fingerprintSql(table, batches);
    connection.setAutoCommit(false);
    try {
      String before = fingerprint(connection, fingerprint);
      T result = work.run();
      if (!before.equals(fingerprint(connection, fingerprint))) {
        connection.rollback();
        throw ApiException.invalidQuery((statementType.equals("MERGE") ? "MERGE" : "UPDATE or DELETE")
            + " statement over table " + table.project() + "." + table.dataset() + "." + table.table()
            + " would affect rows in the streaming buffer, which is not supported");
      }
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static String fingerprintSql(TableName table, List<StreamingBuffer.Batch> batches) {
    List<String> ranges = new ArrayList<>();
    for (StreamingBuffer.Batch b : batches) {
      ranges.add("rowid BETWEEN " + b.firstRowId() + " AND " + b.lastRowId());
    }
    return "SELECT count(*) || ':' || coalesce(sum(hash(CAST(t AS VARCHAR))), 0) FROM " + Sql.table(table)
        + " AS t WHERE " + String.join(" OR ", ranges);
  }

  private static String fingerprint(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
