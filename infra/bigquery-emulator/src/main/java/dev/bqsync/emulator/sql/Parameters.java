package dev.bqsync.emulator.sql;

/** Query parameters as DuckDB literals, looked up while translating. */
public interface Parameters {
  /** A parameter's value as a typed DuckDB literal; {@code structArray} when it is ARRAY of STRUCT. */
  record Literal(String sql, boolean structArray) {}

  Literal named(String name);

  Literal positional(int index);

  Parameters NONE = new Parameters() {
    @Override
    public Literal named(String name) {
      throw dev.bqsync.emulator.ApiException.invalidQuery("Query parameter '" + name + "' not found");
    }

    @Override
    public Literal positional(int index) {
      throw dev.bqsync.emulator.ApiException.invalidQuery("Query parameter number " + (index + 1) + " not found");
    }
  };
}
