package dev.bqsync.core.crm;

import dev.bqsync.core.Sha256;
import dev.bqsync.core.config.CrmSection;
import java.time.ZoneId;

/**
 * A digest of everything in a CRM section that changes what the planner decides (model, source,
 * keys, directions, fields, options, the tenant's time zone) and the state's version; not its id
 * or whether it is enabled. A run whose fingerprint differs from the watermark's is a full run.
 */
public final class SectionFingerprint {
  /** Bumped whenever the state table's meaning changes, so every section resyncs in full once. */
  static final int STATE_VERSION = 1;

  private SectionFingerprint() {}

  public static String of(CrmSection section, ZoneId zone) {
    return Sha256.hex(String.join("\u0000", "v" + STATE_VERSION, section.model().name(), section.source().toString(),
        section.crmKey().name(), section.warehouseKey(), String.valueOf(section.direction()),
        section.fields().toString(), String.valueOf(section.options()), zone.getId()));
  }
}
