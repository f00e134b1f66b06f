package dev.bqsync.port;

import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.Lease;
import java.util.Optional;

/** Keeps how far each usage section has read. */
public interface CursorStore {
  Optional<Cursor> find(String tenantId, String sectionId);

  /**
   * Durably records the cursor; called only after the rows up to it are written. Fenced by
   * {@code lease}: if the run no longer holds it, nothing is written and LeaseLostException is thrown.
   */
  void commit(String tenantId, Cursor cursor, Lease lease);

  /** Forgets the cursor, so the next run reads the source from the start. */
  void reset(String tenantId, String sectionId);
}
