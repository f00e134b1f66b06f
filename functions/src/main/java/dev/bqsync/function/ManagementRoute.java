package dev.bqsync.function;

import dev.bqsync.core.config.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route of the management API: a method and a path template such as
 * {@code /v1/tenants/{tenantId}/runs/{runId}} (the same text as in the OpenAPI document). Every
 * path parameter is checked against its id rule before a handler sees it.
 */
record ManagementRoute(String method, String template, String operationId) {
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,199}");

  /** The path's parameters when it matches this template, else empty. */
  Optional<Map<String, String>> match(String path) {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    Matcher p = Pattern.compile(regex.toString()).matcher(path);
    if (!p.matches()) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      params.put(names.get(i), p.group(i + 1));
    }
    return Optional.of(params);
  }

  /** Why a path parameter's value is refused, if it is. */
  static Optional<String> problem(String name, String value) {
    Optional<String> problem = switch (name) {
      case "tenantId" -> Identifiers.tenantIdProblem(value);
      case "project" -> Identifiers.projectProblem(value);
      case "dataset" -> Identifiers.datasetProblem(value);
      case "table" -> Identifiers.tableProblem(value);
      case "runId" -> RUN_ID.matcher(value).matches() ? Optional.empty()
          : Optional.of("'" + value + "' is not a run id: 1-200 letters, digits, underscores or hyphens");
      default -> Optional.of("unknown parameter " + name);
    };
    return problem.map(p -> name + ": " + p);
  }
}
