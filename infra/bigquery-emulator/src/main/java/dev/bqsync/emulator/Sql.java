package dev.bqsync.emulator;

/** Quoting for DuckDB SQL text the emulator writes itself. */
final class Sql {
  private Sql() {}

  static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String quoteString(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String table(TableName name) {
    return quoteIdentifier(name.project()) + "." + quoteIdentifier(name.dataset()) + "." + quoteIdentifier(name.table());
  }
}
