package dev.bqsync.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows as User Activities: the end user by email or externalId (at least one), the action (column
 * or constant), the date; optional company externalId, name, weight; extra columns kept as info.
 */
public record UserActivityMapping(
    String email,
    String externalId,
    ColumnOrConstant action,
    String date,
    String companyExternalId,
    String name,
    String weight,
    List<String> info) implements UsageMapping {

  public UserActivityMapping {
    if (email == null && externalId == null) {
      throw new IllegalArgumentException("a user activity needs an email or externalId column");
    }
    Check.present(action, "action");
    Check.present(date, "date");
    info = List.copyOf(info == null ? List.of() : info);
    for (String column : new UserActivityMapping.Columns(email, externalId, action, date, companyExternalId, name, weight, info).all()) {
      Check.valid(Identifiers.columnProblem(column), "column");
    }
  }

  @Override
  public List<String> columns() {
    return new Columns(email, externalId, action, date, companyExternalId, name, weight, info).all();
  }

  private record Columns(String email, String externalId, ColumnOrConstant action, String date,
      String companyExternalId, String name, String weight, List<String> info) {
    List<String> all() {
      List<String> out = new ArrayList<>();
      add(out, email);
      add(out, externalId);
      add(out, action.column());
      add(out, date);
      add(out, companyExternalId);
      add(out, name);
      add(out, weight);
      out.addAll(info);
      return out;
    }

    private static void add(List<String> out, String column) {
      if (column != null) {
        out.add(column);
      }
    }
  }
}
