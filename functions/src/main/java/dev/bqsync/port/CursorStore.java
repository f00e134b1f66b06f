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

  /**
   * Forgets the position, so the next run reads the source from the start. With {@code
   * newGeneration} the rows read from then on get new ids (a recreated source's rows are never
   * taken for the old ones); without, they keep their ids (a replay writes nothing twice). Returns
   * the cursor after the reset.
   */
  Cursor reset(String tenantId, String sectionId, boolean newGeneration);
}
