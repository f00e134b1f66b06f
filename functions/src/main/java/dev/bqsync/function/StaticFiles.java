package dev.bqsync.function;

import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The management function's static files: its OpenAPI document and the operator console's pages.
 * Only the files listed here are served (no path from the request ever names a resource), and they
 * hold no data: everything the console shows comes from the API, with the caller's checks.
 */
final class StaticFiles {
  static final String OPENAPI = "/management-openapi.json";
  private static final Map<String, String[]> FILES = Map.of(
      "/openapi.json", new String[] {OPENAPI, "application/json; charset=utf-8"},
      "/console/", new String[] {"/console/index.html", "text/html; charset=utf-8"},
      "/console/console.js", new String[] {"/console/console.js", "text/javascript; charset=utf-8"},
      "/console/console.css", new String[] {"/console/console.css", "text/css; charset=utf-8"});

  private StaticFiles() {}

  static void serve(String path, HttpResponse response) throws IOException {
    if (path.equals("/console")) {
      // Relative API paths in the console resolve from /console/.
      response.setStatusCode(301);
      response.appendHeader("Location", "/console/");
      return;
    }
    String[] file = FILES.get(path);
    if (file == null) {
      ManagementFunction.problem(response, 404, "no such resource", "no file at " + path + ": the console is at "
          + "/console/", path, java.util.List.of());
      return;
    }
    response.setStatusCode(200);
    response.setContentType(file[1]);
    response.appendHeader("Cache-Control", "no-cache");
    response.appendHeader("X-Content-Type-Options", "nosniff");
    response.appendHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'");
    try (InputStream in = StaticFiles.class.getResourceAsStream(file[0]); OutputStream out = response.getOutputStream()) {
      in.transferTo(out);
    }
  }
}
