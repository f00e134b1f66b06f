package dev.bqsync.gcp;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.bqsync.core.config.UsageModel;
import dev.bqsync.core.usage.UsageTarget;
import dev.bqsync.port.RecordDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Looks CRM records up in {@code tenants/{t}/models/{Model}/records} by {@code externalId} or by
 * {@code emailLower} (emails match case-insensitively), 30 values per query (Firestore's limit for
 * {@code in}).
 */
public final class FirestoreRecordDirectory implements RecordDirectory {
  private static final int IN_LIMIT = 30;

  private final Firestore db;

  public FirestoreRecordDirectory(Firestore db) {
    this.db = db;
  }

  @Override
  public Set<String> existing(String tenantId, UsageModel model, UsageTarget.By by, Collection<String> values) {
    boolean email = by == UsageTarget.By.EMAIL;
    String field = email ? "emailLower" : "externalId";
    List<String> wanted = new ArrayList<>(new HashSet<>(values));
    Set<String> found = new HashSet<>();
    for (int from = 0; from < wanted.size(); from += IN_LIMIT) {
      List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + IN_LIMIT));
      List<String> probe = email ? chunk.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList() : chunk;
      var query = FirestoreCrmRecords.records(db, tenantId, CrmModels.of(model)).whereIn(field, new ArrayList<>(probe))
          .select(field);
      for (QueryDocumentSnapshot doc : FirestoreCalls.await(query.get(), "looking up CRM records").getDocuments()) {
        found.add(doc.getString(field));
      }
    }
    Set<String> out = new HashSet<>();
    for (String value : values) {
      if (found.contains(email ? value.toLowerCase(Locale.ROOT) : value)) {
        out.add(value);
      }
    }
    return out;
  }
}
