package dev.bqsync.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.StoredConfig;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.config.TenantConfigWriter;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.TenantDirectory;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tenant configurations in {@code tenants/{tenantId}}, field {@code config}, as the same JSON
 * structure the config file has (so the console shows what the operator applied). Read back
 * through the parser, so a document edited by hand is validated like a file, and refused when the
 * configuration names another tenant than its document.
 */
public final class FirestoreTenantConfigStore implements TenantConfigStore, TenantDirectory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REVISION = "configRevision";
  private static final List<String> FIELDS = List.of("config", "enabled", "configUpdatedAt", REVISION);

  private final Firestore db;
  private final Clock clock;

  public FirestoreTenantConfigStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void save(TenantConfig config) {
    Map<String, Object> fields = fields(config);
    fields.put(REVISION, FieldValue.increment(1));
    // mergeFields: the connection status in the same document is left as it is.
    FirestoreCalls.await(FirestorePaths.tenant(db, config.tenantId())
        .set(fields, SetOptions.mergeFields(FIELDS)), "saving tenant " + config.tenantId());
  }

  @Override
  public Optional<Long> replace(TenantConfig config, long expectedRevision) {
    DocumentReference ref = FirestorePaths.tenant(db, config.tenantId());
    return FirestoreCalls.await(db.runTransaction(tx -> {
      DocumentSnapshot doc = tx.get(ref).get();
      long stored = revision(doc);
      if (stored != expectedRevision) {
        return Optional.<Long>empty();
      }
      Map<String, Object> fields = fields(config);
      fields.put(REVISION, stored + 1);
      tx.set(ref, fields, SetOptions.mergeFields(FIELDS));
      return Optional.of(stored + 1);
    }), "saving tenant " + config.tenantId());
  }

  @Override
  public Optional<StoredConfig> findStored(String tenantId) {
    DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.tenant(db, tenantId).get(), "reading tenant " + tenantId);
    return parsed(doc, tenantId).map(config -> new StoredConfig(config, Math.max(1, revision(doc))));
  }

  @Override
  public List<String> tenantIds(String after, int limit) {
    // A tenant document can hold only a connection status (a connect that came before the config):
    // those are skipped, so pages are read until the limit is filled or the collection ends.
    List<String> ids = new ArrayList<>();
    String from = after;
    while (ids.size() < limit) {
      Query query = db.collection(FirestorePaths.TENANTS).orderBy(FieldPath.documentId()).select("enabled")
          .limit(limit);
      if (from != null) {
        query = query.startAfter(FirestorePaths.tenant(db, from).getId());
      }
      List<QueryDocumentSnapshot> page = FirestoreCalls.await(query.get(), "listing tenants").getDocuments();
      for (QueryDocumentSnapshot doc : page) {
        if (doc.get("enabled") != null && ids.size() < limit) {
          ids.add(doc.getId());
        }
      }
      if (page.size() < limit) {
        break;
      }
      from = page.get(page.size() - 1).getId();
    }
    return ids;
  }

  private Map<String, Object> fields(TenantConfig config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = JSON.convertValue(new TenantConfigWriter().toJson(config), Map.class);
    Map<String, Object> fields = new HashMap<>();
    fields.put("config", asMap);
    fields.put("enabled", config.enabled());
    fields.put("configUpdatedAt", FirestoreValues.timestamp(clock.instant()));
    return fields;
  }

  /** The stored revision; a configuration saved before revisions existed counts as revision 1. */
  private static long revision(DocumentSnapshot doc) {
    if (!doc.exists() || doc.get("config") == null) {
      return 0;
    }
    Long stored = doc.getLong(REVISION);
    return stored == null ? 1 : stored;
  }

  @Override
  public Optional<TenantConfig> find(String tenantId) {
    DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.tenant(db, tenantId).get(), "reading tenant " + tenantId);
    return parsed(doc, tenantId);
  }

  private static Optional<TenantConfig> parsed(DocumentSnapshot doc, String tenantId) {
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
