package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.oauth.OAuthState;
import dev.bqsync.port.OAuthStateStore;
import java.util.Map;
import java.util.Optional;

/**
 * Started authorisations in {@code oauthStates/{state}} with {@code expireAt} for the TTL policy.
 * Consuming reads and deletes in one transaction, so a state works once even when two callbacks race.
 */
public final class FirestoreOAuthStateStore implements OAuthStateStore {
  private final Firestore db;

  public FirestoreOAuthStateStore(Firestore db) {
    this.db = db;
  }

  @Override
  public void save(OAuthState state) {
    FirestoreCalls.await(ref(state.state()).create(Map.of(
        "tenantId", state.tenantId(),
        "admin", state.admin(),
        "replace", state.replace(),
        "codeVerifier", state.codeVerifier(),
        "browserHash", state.browserHash(),
        "expireAt", FirestoreValues.timestamp(state.expireAt()))), "saving an OAuth state");
  }

  @Override
  public Optional<OAuthState> consume(String state) {
    if (!state.matches("[A-Za-z0-9_-]{16,128}")) {
      return Optional.empty(); // not one of ours: no lookup with arbitrary input as a document id
    }
    return FirestoreCalls.takeOnce(db, ref(state), doc -> new OAuthState(state, doc.getString("tenantId"),
        doc.getString("admin"), Boolean.TRUE.equals(doc.getBoolean("replace")), doc.getString("codeVerifier"),
        doc.getString("browserHash"), FirestoreValues.instant(doc.getTimestamp("expireAt"))), "consuming an OAuth state");
  }

  private DocumentReference ref(String state) {
    return FirestorePaths.document(db.collection("oauthStates"), state);
  }
}
