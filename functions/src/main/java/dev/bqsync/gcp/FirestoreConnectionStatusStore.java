package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
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
  public boolean advance(String tenantId, long expectedGeneration, ConnectionStatus next) {
    DocumentReference ref = FirestorePaths.tenant(db, tenantId);
    Map<String, Object> connection = new HashMap<>();
    connection.put("state", next.state().name());
    connection.put("account", next.account());
    connection.put("scopes", next.scopes());
    connection.put("updatedAt", FirestoreValues.timestamp(next.updatedAt()));
    connection.put("message", next.message());
    connection.put("connectedBy", next.connectedBy());
    connection.put("generation", next.generation());
    return FirestoreCalls.await(db.runTransaction(tx -> {
      DocumentSnapshot doc = tx.get(ref).get();
      Long stored = doc.exists() ? doc.getLong("connection.generation") : null;
      if ((stored == null ? 0 : stored) != expectedGeneration) {
        return false;
      }
      tx.set(ref, Map.of("connection", connection), SetOptions.mergeFields("connection"));
      return true;
    }), "recording connection of " + tenantId);
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
        doc.getString("connection.message"),
        doc.getString("connection.connectedBy"),
        Optional.ofNullable(doc.getLong("connection.generation")).orElse(0L)));
  }
}
