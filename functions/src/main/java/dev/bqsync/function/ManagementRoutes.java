package dev.bqsync.function;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The management API's routes: the one list the function dispatches on and the OpenAPI test checks. */
final class ManagementRoutes {
  static final String TENANT = "/v1/tenants/{tenantId}";
  static final String CATALOG = TENANT + "/catalog/projects";

  static final List<ManagementRoute> ALL = List.of(
      new ManagementRoute("GET", "/v1/tenants", "listTenants"),
      new ManagementRoute("GET", TENANT, "getTenant"),
      new ManagementRoute("GET", TENANT + "/configuration", "getConfiguration"),
      new ManagementRoute("PUT", TENANT + "/configuration", "putConfiguration"),
      new ManagementRoute("POST", TENANT + "/configuration/validate", "validateConfiguration"),
      new ManagementRoute("PUT", TENANT + "/automation", "setAutomation"),
      new ManagementRoute("GET", TENANT + "/connection", "getConnection"),
      new ManagementRoute("POST", TENANT + "/connection/link", "createConnectLink"),
      new ManagementRoute("POST", TENANT + "/connection/disconnect", "disconnect"),
      new ManagementRoute("GET", CATALOG, "listProjects"),
      new ManagementRoute("GET", CATALOG + "/{project}/datasets", "listDatasets"),
      new ManagementRoute("GET", CATALOG + "/{project}/datasets/{dataset}/tables", "listTables"),
      new ManagementRoute("GET", CATALOG + "/{project}/datasets/{dataset}/tables/{table}", "getTable"),
      new ManagementRoute("GET", TENANT + "/suggestions", "suggest"),
      new ManagementRoute("GET", TENANT + "/runs", "listRuns"),
      new ManagementRoute("POST", TENANT + "/runs", "startRun"),
      new ManagementRoute("GET", TENANT + "/runs/{runId}", "getRun"));

  /** A route that matched, with its path parameters. */
  record Matched(ManagementRoute route, Map<String, String> params) {}

  private ManagementRoutes() {}

  static Optional<Matched> match(String method, String path) {
    for (ManagementRoute route : ALL) {
      if (route.method().equals(method)) {
        Optional<Map<String, String>> params = route.match(path);
        if (params.isPresent()) {
          return Optional.of(new Matched(route, params.get()));
        }
      }
    }
    return Optional.empty();
  }

  static boolean pathExists(String path) {
    return ALL.stream().anyMatch(r -> r.match(path).isPresent());
  }
}
