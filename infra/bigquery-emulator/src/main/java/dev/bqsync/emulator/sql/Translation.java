package dev.bqsync.emulator.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * A GoogleSQL statement translated to DuckDB. {@code statementType} uses BigQuery's names
 * (SELECT, INSERT, MERGE, CREATE_TABLE, ...). {@code target} is the table a DML or DDL statement
 * changes; {@code tables} every table path read or written (for cost estimates and existence
 * checks); {@code identifiers} every name mentioned (lower case), to estimate the columns scanned;
 * {@code tableExtras} what a CREATE TABLE says of partitioning, clustering and descriptions.
 */
public record Translation(
    String duckSql,
    String statementType,
    List<String> target,
    Set<List<String>> tables,
    Set<String> identifiers,
    boolean selectsStar,
    String viewQuery,
    ObjectNode tableExtras) {

  public boolean isQuery() {
    return statementType.equals("SELECT");
  }

  public boolean isDml() {
    return Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE_TABLE").contains(statementType);
  }
}
