package dev.bqsync.gcp;

import dev.bqsync.fakes.InMemoryConnectionStatusStore;
import dev.bqsync.fakes.InMemoryCursorStore;
import dev.bqsync.fakes.InMemoryLeaseStore;
import dev.bqsync.fakes.InMemoryRunLog;
import dev.bqsync.fakes.InMemoryTenantConfigStore;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.TenantConfigStore;
import org.junit.jupiter.api.Nested;

/** The in-memory fakes used by unit tests pass the same contracts as the Firestore adapters. */
class InMemoryFakesTest {
  @Nested
  class Leases extends LeaseStoreContract {
    private final InMemoryLeaseStore store = new InMemoryLeaseStore(clock);

    @Override
    protected LeaseStore store() {
      return store;
    }
  }

  @Nested
  class Cursors extends CursorStoreContract {
    private final InMemoryCursorStore store = new InMemoryCursorStore();

    @Override
    protected CursorStore store() {
      return store;
    }
  }

  @Nested
  class Runs extends RunLogContract {
    private final InMemoryRunLog log = new InMemoryRunLog();

    @Override
    protected RunLog log() {
      return log;
    }
  }

  @Nested
  class Tenants extends TenantStateStoreContract {
    private final InMemoryTenantConfigStore configs = new InMemoryTenantConfigStore();
    private final InMemoryConnectionStatusStore connections = new InMemoryConnectionStatusStore();

    @Override
    protected TenantConfigStore configs() {
      return configs;
    }

    @Override
    protected ConnectionStatusStore connections() {
      return connections;
    }
  }
}
