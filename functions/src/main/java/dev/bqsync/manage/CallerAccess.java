package dev.bqsync.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.core.config.Identifiers;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which verified callers may manage which tenants, from {@code MANAGEMENT_CALLERS}: a JSON object
 * from caller email to the tenant ids it may manage, {@code "*"} for every tenant, e.g.
 * {@code {"crm-backend@crm.iam.gserviceaccount.com": ["*"], "ops@acme.example": ["acme"]}}. Being
 * allowed to invoke the function (IAM) is not enough: a caller missing here is refused.
 */
public final class CallerAccess {
  public static final String EVERY_TENANT = "*";

  private final Map<String, Set<String>> tenantsByCaller;

  private CallerAccess(Map<String, Set<String>> tenantsByCaller) {
    this.tenantsByCaller = Map.copyOf(tenantsByCaller);
  }

  /** Parses the setting, or says what is wrong with it (the function will not start without it). */
  public static CallerAccess parse(String json) {
    if (json == null || json.isBlank()) {
      return new CallerAccess(Map.of());
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("MANAGEMENT_CALLERS is not JSON: set it to an object such as "
          + "{\"crm-backend@p.iam.gserviceaccount.com\": [\"*\"]}");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("MANAGEMENT_CALLERS must be a JSON object from caller email to tenant ids");
    }
    Map<String, Set<String>> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        throw new IllegalArgumentException("MANAGEMENT_CALLERS: " + e.getKey() + " must list tenant ids or [\"*\"]");
      }
      Set<String> tenants = new TreeSet<>();
      for (JsonNode t : e.getValue()) {
        String id = t.asText();
        if (!id.equals(EVERY_TENANT) && Identifiers.tenantIdProblem(id).isPresent()) {
          throw new IllegalArgumentException("MANAGEMENT_CALLERS: '" + id + "' (for " + e.getKey()
              + ") is not a tenant id: " + Identifiers.tenantIdProblem(id).get());
        }
        tenants.add(id);
      }
      out.put(e.getKey().toLowerCase(Locale.ROOT), tenants);
    }
    return new CallerAccess(out);
  }

  /** Refuses a caller that is unknown or not allowed for {@code tenantId} (null: a request about no one tenant). */
  public void check(Optional<String> caller, String tenantId) {
    if (caller.isEmpty()) {
      throw new ManagementException(ManagementException.Kind.UNAUTHENTICATED, "the request carries no verified "
          + "identity: call with an ID token of a caller listed in MANAGEMENT_CALLERS (Authorization: Bearer ...)");
    }
    Set<String> allowed = tenantsByCaller.get(caller.get().toLowerCase(Locale.ROOT));
    if (allowed == null) {
      throw new ManagementException(ManagementException.Kind.FORBIDDEN, caller.get() + " may not use the management "
          + "API: add it to the management_callers of the deployment");
    }
    if (tenantId != null && !allowed.contains(EVERY_TENANT) && !allowed.contains(tenantId)) {
      throw new ManagementException(ManagementException.Kind.FORBIDDEN, caller.get() + " may not manage tenant '"
          + tenantId + "'");
    }
  }

  /** Whether {@code caller} (already checked) sees {@code tenantId} in lists. */
  public boolean sees(String caller, String tenantId) {
    Set<String> allowed = tenantsByCaller.getOrDefault(caller.toLowerCase(Locale.ROOT), Set.of());
    return allowed.contains(EVERY_TENANT) || allowed.contains(tenantId);
  }
}
