package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Connection health in {@code tenants/{tenantId}}, field {@code connection}. Holds no token. */
public final class FirestoreConnectionStatusStore implements ConnectionStatusStore {
  private final Firestore db;

  public FirestoreConnectionStatusStore(Firestore db) {
    this.db = db;
  }

  @Override
  public void record(String tenantId, ConnectionStatus status) {
    Map<String, Object> connection = new HashMap<>();
    connection.put("state", status.state().name());
    connection.put("account", status.account());
    connection.put("scopes", status.scopes());
    connection.put("updatedAt", FirestoreValues.timestamp(status.updatedAt()));
    connection.put("message", status.message());
    FirestoreCalls.await(FirestorePaths.tenant(db, tenantId)
        .set(Map.of("connection", connection), SetOptions.mergeFields("connection")), "recording connection of " + tenantId);
  }

  @Override
  public Optional<ConnectionStatus> find(String tenantId) {
    DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.tenant(db, tenantId).get(), "reading tenant " + tenantId);
    if (!doc.exists() || doc.get("connection") == null) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    List<String> scopes = (List<String>) doc.get("connection.scopes");
    return Optional.of(new ConnectionStatus(
        ConnectionState.valueOf(doc.getString("connection.state")),
        doc.getString("connection.account"),
        scopes,
        FirestoreValues.instant(doc.getTimestamp("connection.updatedAt")),
        doc.getString("connection.message")));
  }
}
