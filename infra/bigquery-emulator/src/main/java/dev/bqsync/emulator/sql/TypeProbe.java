package dev.bqsync.emulator.sql;

/**
 * A copy of a statement in which one expression's operands are passed to {@code lower(...)}, a
 * function DuckDB cannot match: preparing it fails with the operands' types in the message, which
 * is how the emulator learns the types BigQuery would check (DuckDB itself casts implicitly).
 * {@code kind} says which rule applies: COMPARISON (label: the operator), FUNCTION (label: its
 * name), ASSIGNMENT (label: the column; the first type is the column's), INSERT (label: the
 * column list; each type is checked against the target's column), ALIAS (label: a SELECT alias the
 * WHERE clause names; the probe binds only if the name is also a real column).
 */
public record TypeProbe(Kind kind, String label, String duckSql) {
  public enum Kind {
    COMPARISON, FUNCTION, ASSIGNMENT, INSERT, ALIAS
  }
}
