package dev.bqsync.core.config;

/** A usage value taken from a column of each row, or the same constant for every row. */
public record ColumnOrConstant(String column, String constant) {
  public ColumnOrConstant {
    if ((column == null) == (constant == null)) {
      throw new IllegalArgumentException("give exactly one of column or constant");
    }
    if (column != null) {
      Check.valid(Identifiers.columnProblem(column), "column");
    }
  }

  public static ColumnOrConstant column(String column) {
    return new ColumnOrConstant(column, null);
  }

  public static ColumnOrConstant constant(String constant) {
    return new ColumnOrConstant(null, constant);
  }

  public boolean isColumn() {
    return column != null;
  }
}
