package dev.bqsync.sync;

import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.crm.ChangePage;
import dev.bqsync.core.crm.ChangePosition;
import dev.bqsync.core.crm.ChangeRead;
import dev.bqsync.core.crm.ChangedKeys;
import dev.bqsync.core.crm.ChangedRecord;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.CrmWatermark;
import dev.bqsync.core.crm.KeyedRecords;
import dev.bqsync.core.crm.LargeChangeSet;
import dev.bqsync.core.crm.MassChangeGuard;
import dev.bqsync.core.crm.NextSyncState;
import dev.bqsync.core.crm.SectionFingerprint;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.crm.SyncedKey;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.port.CrmChanges;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.CrmSyncState;
import dev.bqsync.port.CrmWatermarks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The read of a CRM section whose tenant keeps a state dataset (docs/crm-sync.md, *Incremental
 * sync*): the CRM records changed since the watermark (minus a lookback), one change query that
 * returns the BigQuery rows and state of the keys changed on either side, and the unchanged CRM
 * records of those keys by id. A section without a watermark, with another mapping fingerprint or
 * state table, or asked for a full resync reads both sides in full, with the state. After the
 * writes, {@link #record} writes the state of the examined keys, then the watermark.
 */
public final class IncrementalCrmRead {
  /**
   * How far before the watermark each change read starts: absorbs writers that stamp changedAt
   * themselves, clock skew and late commits (the usage pull's lesson). Re-read records plan nothing.
   */
  public static final Duration LOOKBACK = Duration.ofMinutes(15);
  /** Records per page of the CRM change read. */
  static final int PAGE = 1_000;
  /** Far enough ahead that no record has changed since: the query returns only its read time. */
  private static final Instant NO_RECORD_SINCE = Instant.parse("9999-01-01T00:00:00Z");

  private final CrmSyncState state;
  private final CrmChanges changes;
  private final CrmWatermarks watermarks;
  private final CrmStore store;
  private final Duration lookback;
  private final LargeChangeSet large;
  private final Clock clock;

  public IncrementalCrmRead(CrmSyncState state, CrmChanges changes, CrmWatermarks watermarks, CrmStore store,
      Duration lookback, LargeChangeSet large, Clock clock) {
    this.state = state;
    this.changes = changes;
    this.watermarks = watermarks;
    this.store = store;
    this.lookback = lookback;
    this.large = large;
    this.clock = clock;
  }

  CrmRead read(TenantConfig tenant, CrmSection section, CrmSyncPlanner planner, List<String> columns,
      List<String> fields, Map<String, String> labels, boolean fullAsked) {
    String tenantId = tenant.tenantId();
    TableRef table = state.prepare(tenant.connection().stateDataset(), tenant.connection().location(), section.id(),
        labels);
    String fingerprint = SectionFingerprint.of(section, tenant.timeZone());
    Optional<CrmWatermark> mark = watermarks.read(tenantId, section.id());
    boolean mappingChanged = mark.isPresent() && !fingerprint.equals(mark.get().fingerprint());
    String why = fullAsked ? "a full resync was asked for"
        : mark.isEmpty() ? "the first run with a state"
        : mappingChanged ? "the section's mapping changed since the last run"
        : !table.toString().equals(mark.get().stateTable()) ? "the state table changed"
        : mark.get().keyedRecords() == null ? "the number of CRM records the state holds is not known yet" : null;
    if (why != null) {
      return fullRead(tenant, section, planner, columns, fields, labels, table, mappingChanged, why);
    }
    Instant since = mark.get().readTime().minus(lookback);
    long keyedBefore = mark.get().keyedRecords();
    List<CrmRecord> changed = new ArrayList<>();
    Set<String> crmKeys = new HashSet<>();
    Set<String> crmIds = new HashSet<>();
    long parameterBytes = 0;
    Instant readTime = null;
    ChangePosition after = null;
    do {
      ChangePage page = changes.changedSince(tenantId, section.model(), section.id(), fields, since, after, PAGE);
      if (readTime == null) {
        readTime = page.readTime();
      }
      for (ChangedRecord c : page.records()) {
        changed.add(c.record());
        String key = ChangedKeys.keyOf(section, planner::normalizeKey, c.record());
        if (crmIds.add(c.record().id())) {
          parameterBytes += LargeChangeSet.parameterBytes(c.record().id(), key != null && crmKeys.add(key) ? key : null);
        }
      }
      // Stop reading changes as soon as they are too many: the full read reads them anyway.
      Optional<String> tooLarge = large.crmChanges(crmIds.size(), parameterBytes, keyedBefore);
      if (tooLarge.isPresent()) {
        return fullRead(tenant, section, planner, columns, fields, labels, table, false, tooLarge.get());
      }
      after = page.next();
    } while (after != null);
    ChangeRead read = state.changes(section.source(), section.warehouseKey(), section.crmKey() == CrmKey.EMAIL, columns,
        table, crmKeys, crmIds, false, labels, tenant.connection().maximumBytesBilled());
    // No change read returns a deleted record: a count lower than the state's says some are gone, and
    // only a full read of the CRM can say which (docs/crm-incremental.md, *Deleted CRM records*).
    long expected = KeyedRecords.expected(section, planner::normalizeKey, keyedBefore, changed, read.state());
    long counted = changes.keyedRecords(tenantId, section.model(), section.crmKey());
    if (counted != expected) {
      return fullRead(tenant, section, planner, columns, fields, labels, table, false, "the CRM holds " + counted
          + " records with a key where " + expected + " were expected: records were deleted (or keyed outside "
          + "bqsync) since the last run");
    }
    ChangedKeys keys = ChangedKeys.of(section, planner::normalizeKey, read.rows(), read.state(), changed);
    Set<String> toFetch = Set.copyOf(keys.recordIdsToFetch());
    boolean scan = large.fetchByScan(toFetch.size(), keyedBefore);
    List<CrmRecord> fetched = toFetch.isEmpty() ? List.of() : scan
        ? store.records(tenantId, section.model(), section.id(), fields).stream().filter(r -> toFetch.contains(r.id()))
            .toList()
        : changes.records(tenantId, section.model(), section.id(), fields, toFetch);
    List<CrmRecord> records = keys.records(section, planner::normalizeKey, changed, fetched);
    return new CrmRead(read.rows(), records, read.state(), keys.keys(), table, readTime, false,
        List.of("incremental: " + keys.keys().size() + " keys examined (" + changed.size() + " CRM records changed since "
            + since + ", " + read.rows().size() + " BigQuery rows, " + fetched.size() + " CRM records fetched"
            + (scan ? " by one scan of the model, more than " + large.percent() + " of it" : "") + ")"), true,
        mark.get().keyedRecords());
  }

  /** Both sides in full, with the state (a first run, a new mapping, a full resync, deleted CRM records). */
  private CrmRead fullRead(TenantConfig tenant, CrmSection section, CrmSyncPlanner planner, List<String> columns,
      List<String> fields, Map<String, String> labels, TableRef table, boolean mappingChanged, String why) {
    String tenantId = tenant.tenantId();
    // The read time before the full CRM read: every write after it is read again by the next run.
    Instant readTime = changes.changedSince(tenantId, section.model(), section.id(), fields, NO_RECORD_SINCE, null, 1)
        .readTime();
    ChangeRead all = state.changes(section.source(), section.warehouseKey(), section.crmKey() == CrmKey.EMAIL, columns,
        table, Set.of(), Set.of(), true, labels, tenant.connection().maximumBytesBilled());
    List<CrmRecord> records = store.records(tenantId, section.model(), section.id(), fields);
    Map<String, SyncedKey> previous = mappingChanged ? Map.of() : all.state();
    Set<String> examined = new LinkedHashSet<>(all.state().keySet());
    for (SourceRow row : all.rows()) {
      if (row.key() != null && !row.key().toString().isBlank()) {
        examined.add(planner.normalizeKey(row.key().toString()));
      }
    }
    for (CrmRecord record : records) {
      String key = ChangedKeys.keyOf(section, planner::normalizeKey, record);
      if (key != null) {
        examined.add(key);
      }
    }
    return new CrmRead(all.rows(), records, previous, examined, table, readTime, mappingChanged,
        List.of("full read (" + why + "): " + examined.size() + " keys"), false, null);
  }

  /** The sides as the state holds them: what the guard weighs an incremental run's mass changes against. */
  MassChangeGuard.Population population(TenantConfig tenant, CrmRead read, Map<String, String> labels) {
    return state.population(read.stateTable(), labels, tenant.connection().maximumBytesBilled());
  }

  /** Writes the examined keys' state, then the watermark (fenced); the run's meter counts the jobs. */
  void record(TenantConfig tenant, CrmSection section, CrmSyncPlanner planner, CrmRead read, SyncPlan plan, RunContext run,
      Lease lease, Map<String, String> labels) {
    NextSyncState.Change change = NextSyncState.of(section, planner::normalizeKey, read.examined(), read.rows(),
        read.records(), plan, read.state());
    if (read.resetState()) {
      // The old state was kept by another mapping: every key it holds that this run did not write goes.
      Set<String> kept = new HashSet<>();
      change.upserts().forEach(k -> kept.add(k.key()));
      List<String> removals = new ArrayList<>(change.removals());
      read.examined().stream().filter(k -> !kept.contains(k)).forEach(removals::add);
      change = new NextSyncState.Change(change.upserts(), removals);
    }
    state.write(read.stateTable(), change, run.runId(), clock.instant(), labels,
        tenant.connection().maximumBytesBilled());
    // The keyed records the state now holds live: after a full read all of them; after an incremental
    // one the last count, moved by what changed for the keys examined.
    long keyed = read.incremental()
        ? KeyedRecords.afterIncremental(read.keyedBefore(), read.examined(), read.state(), change)
        : KeyedRecords.afterFull(read.examined(), read.state(), change);
    watermarks.write(tenant.tenantId(), section.id(), new CrmWatermark(read.readTime(),
        SectionFingerprint.of(section, tenant.timeZone()), read.stateTable().toString(), keyed), lease);
  }
}
