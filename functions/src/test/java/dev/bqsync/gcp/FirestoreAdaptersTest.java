package dev.bqsync.gcp;

import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Firestore adapters against Google's Firestore emulator, through the real client. */
@ExtendWith(UsesFirestoreEmulator.class)
class FirestoreAdaptersTest {
  private static Firestore db() {
    return FirestoreEmulator.shared().firestore();
  }

  @Nested
  class Leases extends LeaseStoreContract {
    private final FirestoreLeaseStore store = new FirestoreLeaseStore(db(), clock);

    @Override
    protected LeaseStore store() {
      return store;
    }
  }

  @Nested
  class Cursors extends CursorStoreContract {
    @Override
    protected CursorStore store() {
      return new FirestoreCursorStore(db(), java.time.Clock.systemUTC());
    }
  }

  @Nested
  class Runs extends RunLogContract {
    @Override
    protected RunLog log() {
      return new FirestoreRunLog(db(), new SecretRedactor());
    }
  }

  @Nested
  class Tenants extends TenantStateStoreContract {
    @Override
    protected TenantConfigStore configs() {
      return new FirestoreTenantConfigStore(db(), Clock.systemUTC());
    }

    @Override
    protected ConnectionStatusStore connections() {
      return new FirestoreConnectionStatusStore(db());
    }
  }
}
