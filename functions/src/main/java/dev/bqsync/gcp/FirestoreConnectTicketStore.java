package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.oauth.ConnectTicket;
import dev.bqsync.port.ConnectTicketStore;
import java.util.Map;
import java.util.Optional;

/**
 * Connect tickets in {@code connectTickets/{sha256}} with {@code expireAt} for the TTL policy; the
 * ticket itself is never stored. Consuming reads and deletes in one transaction.
 */
public final class FirestoreConnectTicketStore implements ConnectTicketStore {
  private final Firestore db;

  public FirestoreConnectTicketStore(Firestore db) {
    this.db = db;
  }

  @Override
  public void save(ConnectTicket ticket) {
    FirestoreCalls.await(ref(ticket.hash()).create(Map.of(
        "tenantId", ticket.tenantId(),
        "admin", ticket.admin(),
        "replace", ticket.replace(),
        "expireAt", FirestoreValues.timestamp(ticket.expireAt()))), "saving a connect ticket");
  }

  @Override
  public Optional<ConnectTicket> consume(String hash) {
    if (!hash.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    return FirestoreCalls.takeOnce(db, ref(hash), doc -> new ConnectTicket(hash, doc.getString("tenantId"),
        doc.getString("admin"), Boolean.TRUE.equals(doc.getBoolean("replace")),
        FirestoreValues.instant(doc.getTimestamp("expireAt"))), "consuming a connect ticket");
  }

  private DocumentReference ref(String hash) {
    return db.collection("connectTickets").document(hash);
  }
}
