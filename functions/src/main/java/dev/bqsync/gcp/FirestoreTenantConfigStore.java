package dev.bqsync.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.config.TenantConfigWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Tenant configurations in {@code tenants/{tenantId}}, field {@code config}, as the same JSON
 * structure the config file has (so the console shows what the operator applied). Read back
 * through the parser, so a document edited by hand is validated like a file, and refused when the
 * configuration names another tenant than its document.
 */
public final class FirestoreTenantConfigStore implements dev.bqsync.port.TenantConfigStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Firestore db;
  private final Clock clock;

  public FirestoreTenantConfigStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void save(TenantConfig config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = JSON.convertValue(new TenantConfigWriter().toJson(config), Map.class);
    Map<String, Object> fields = Map.of(
        "config", asMap,
        "enabled", config.enabled(),
        "configUpdatedAt", FirestoreValues.timestamp(clock.instant()));
    // mergeFields: the connection status in the same document is left as it is.
    FirestoreCalls.await(FirestorePaths.tenant(db, config.tenantId())
        .set(fields, SetOptions.mergeFields("config", "enabled", "configUpdatedAt")), "saving tenant " + config.tenantId());
  }

  @Override
  public Optional<TenantConfig> find(String tenantId) {
    DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.tenant(db, tenantId).get(), "reading tenant " + tenantId);
    Object config = doc.exists() ? doc.get("config") : null;
    if (config == null) {
      return Optional.empty();
    }
    JsonNode tree = JSON.valueToTree(config);
    TenantConfig parsed = new TenantConfigParser().parse(tree);
    if (!parsed.tenantId().equals(tenantId)) {
      // A document copied or edited by hand: running it would act for one tenant with another's settings.
      throw new NeedsAttentionException("the configuration stored at tenants/" + tenantId + " says \"tenantId\": \""
          + parsed.tenantId() + "\"; a stored configuration must name its own tenant. Apply the right file again with "
          + "'bqsync tenant apply --file F' (its tenantId must be '" + tenantId + "')");
    }
    return Optional.of(parsed);
  }
}
