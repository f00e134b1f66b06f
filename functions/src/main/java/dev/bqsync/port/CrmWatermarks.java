package dev.bqsync.port;

import dev.bqsync.core.crm.CrmWatermark;
import dev.bqsync.core.state.Lease;
import java.util.Optional;

/** Each CRM section's incremental-sync watermark. */
public interface CrmWatermarks {
  Optional<CrmWatermark> read(String tenantId, String sectionId);

  /** Written last in a run, fenced by {@code lease}: a run that lost it moves nothing (LeaseLostException). */
  void write(String tenantId, String sectionId, CrmWatermark watermark, Lease lease);
}
