package dev.bqsync.sync;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.KeyColumns;
import dev.bqsync.core.usage.KeyWindow;
import dev.bqsync.core.usage.MappedRow;
import dev.bqsync.core.usage.RejectionReason;
import dev.bqsync.core.usage.RowKey;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceSchemaCheck;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.core.usage.UsageKey;
import dev.bqsync.core.usage.UsageRecord;
import dev.bqsync.core.usage.UsageRowMapper;
import dev.bqsync.core.usage.UsageTarget;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.ParkingLot;
import dev.bqsync.port.RecordDirectory;
import dev.bqsync.port.RowStream;
import dev.bqsync.port.UsageQuery;
import dev.bqsync.port.UsageSink;
import dev.bqsync.port.UsageSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One usage section's pull: describe the source, check its schema, skip it if unchanged, then one
 * query read in batches; each batch is written (or parked when its CRM record does not exist
 * yet) and only then is the cursor committed, so a crash anywhere loses nothing and, because
 * writes are idempotent, counts nothing twice.
 */
public final class UsagePull {
  /** How long a row waits for its CRM record before it is rejected for good. */
  public static final Duration PARKING_LIMIT = Duration.ofDays(7);
  private static final int PARKED_PER_RUN = 5_000;

  private final UsageSource source;
  private final UsageSink sink;
  private final RecordDirectory directory;
  private final ParkingLot parking;
  private final CursorStore cursors;
  private final Clock clock;
  /** CRM records found in this run: each is looked up once, not again for every batch. */
  private final Set<UsageTarget> known = new HashSet<>();

  public UsagePull(UsageSource source, UsageSink sink, RecordDirectory directory, ParkingLot parking,
      CursorStore cursors, Clock clock) {
    this.source = source;
    this.sink = sink;
    this.directory = directory;
    this.parking = parking;
    this.cursors = cursors;
    this.clock = clock;
  }

  public SectionOutcome run(TenantConfig tenant, UsageSection section, String runId, Instant deadline, Lease lease) {
    Instant started = clock.instant();
    PullCounters counts = new PullCounters();
    String tenantId = tenant.tenantId();
    Cursor cursor = cursors.find(tenantId, section.id()).orElse(Cursor.start(section.id()));
    counts.cursorBefore = cursor.describe();
    counts.cursorAfter = counts.cursorBefore;
    try {
      retryParked(tenantId, section, counts);
      SourceTable table = source.describe(section.source());
      List<String> problems = SourceSchemaCheck.problems(section, table);
      if (!problems.isEmpty()) {
        throw new NeedsAttentionException(String.join("; ", problems));
      }
      if (!table.view() && cursor.sourceLastModified() != null
          && cursor.sourceLastModified().equals(table.lastModifiedTime())) {
        cursors.commit(tenantId, cursor.caughtUp(cursor.sourceLastModified(), clock.instant(), started), lease);
        counts.stillParked = parking.count(tenantId, section.id());
        return counts.outcome(section.id(), RunStatus.SKIPPED_UNCHANGED, millisSince(started),
            "unchanged since the last pull (lastModifiedTime " + table.lastModifiedTime() + "): no query");
      }
      Map<String, String> labels = labels(tenantId, section.id(), runId);
      KeyColumns keys = keyColumns(section, table);
      Optional<String> misfit = keys.misfit(cursor.position(), tenantId, section.id());
      if (misfit.isPresent()) {
        throw new NeedsAttentionException(misfit.get());
      }
      KeyWindow.Start start = KeyWindow.start(cursor.position(), section.lookback(), keys.keyType()).orElse(null);
      UsageQuery query = new UsageQuery(section.source(), keys, section.mapping().columns(), start, labels,
          tenant.connection().maximumBytesBilled(), section.batchSize());
      boolean caughtUp;
      Cursor current = cursor;
      try (RowStream rows = source.read(query)) {
        counts.jobs++;
        BatchWriter writer = new BatchWriter(tenantId, section, keys,
            new UsageRowMapper(section, tenant.timeZone(), cursor.generation()), counts, cursor.position());
        // The next page is read while this batch is written; the cursor still moves only after the
        // batch's writes, so a crash loses nothing (a page read ahead is simply read again).
        try (PrefetchedBatches batches = new PrefetchedBatches(rows, section.batchSize())) {
          List<SourceRow> batch = batches.next();
          caughtUp = batch.isEmpty();
          while (!batch.isEmpty()) {
            RowKey highest = writer.write(batch);
            if (highest != null && (current.position() == null || highest.compareTo(current.position()) > 0)) {
              current = current.at(highest, clock.instant());
            }
            // Only now, with the batch durable, does the cursor move past it.
            cursors.commit(tenantId, current, lease);
            counts.cursorAfter = current.describe();
            batch = batches.next();
            if (batch.isEmpty()) {
              caughtUp = true;
              break;
            }
            if (!clock.instant().isBefore(deadline)) {
              caughtUp = false;
              break;
            }
          }
        }
        counts.bytesProcessed += rows.bytesProcessed();
      }
      if (!caughtUp) {
        counts.warnings.add("time budget spent: the next run continues from key " + current.describe());
        counts.stillParked = parking.count(tenantId, section.id());
        return counts.outcome(section.id(), RunStatus.PARTIAL, millisSince(started),
            "stopped at the time budget; the next run continues from the committed cursor");
      }
      if (counts.rowsRead == 0 && !table.view() && cursor.position() != null) {
        warnIfRecreated(section, cursor, keys, labels, tenant, counts);
      }
      cursors.commit(tenantId, current.caughtUp(table.view() ? null : table.lastModifiedTime(), clock.instant(), started),
          lease);
      counts.stillParked = parking.count(tenantId, section.id());
      return counts.outcome(section.id(), RunStatus.OK, millisSince(started), null);
    } catch (RuntimeException e) {
      // What was committed before the failure stays counted: the outcome keeps the counts.
      FailureOutcome failed = FailureOutcome.of(e);
      SectionOutcome o = counts.outcome(section.id(), failed.status(), millisSince(started), failed.message());
      return new SectionOutcome(o.sectionId(), o.status(), o.counts(), o.rejectedByReason(), o.cursorBefore(),
          o.cursorAfter(), o.message(), o.warnings(), o.rejectedSamples(), failed.kind(), failed.error());
    }
  }

  /** The key and tie-break columns with their types, from the checked schema. */
  private static KeyColumns keyColumns(UsageSection section, SourceTable table) {
    SourceColumn key = table.column(section.keyColumn()).orElseThrow();
    if (section.tieBreak() == null) {
      return KeyColumns.number(section.keyColumn(), key.type());
    }
    return new KeyColumns(section.keyColumn(), key.type(), section.tieBreak(),
        table.column(section.tieBreak()).orElseThrow().type());
  }

  private void warnIfRecreated(UsageSection section, Cursor cursor, KeyColumns keys, Map<String, String> labels,
      TenantConfig tenant, PullCounters counts) {
    Optional<RowKey> max = source.maxKey(section.source(), keys, labels, tenant.connection().maximumBytesBilled());
    counts.jobs++;
    if (max.isEmpty() || max.get().compareTo(cursor.position()) < 0) {
      counts.warnings.add("the table changed but has no key past the cursor " + cursor.describe() + " (highest key: "
          + max.map(RowKey::text).orElse("none") + "): it was probably recreated. To read it again from the "
          + "start as new rows, run: bqsync cursor reset --recreated --tenant " + tenant.tenantId() + " --section "
          + section.id());
    }
  }

  /** Rows parked on earlier runs: written when their CRM record exists now, rejected after 7 days. */
  private void retryParked(String tenantId, UsageSection section, PullCounters counts) {
    List<ParkingLot.ParkedRow> parked = parking.parked(tenantId, section.id(), PARKED_PER_RUN);
    if (parked.isEmpty()) {
      return;
    }
    Set<UsageTarget> found = existingTargets(tenantId, parked.stream().map(p -> p.record().target()).toList());
    List<UsageRecord> ready = new ArrayList<>();
    List<String> done = new ArrayList<>();
    Instant expiry = clock.instant().minus(PARKING_LIMIT);
    for (ParkingLot.ParkedRow row : parked) {
      if (found.contains(row.record().target())) {
        ready.add(row.record());
        done.add(row.record().id());
      } else if (row.firstParkedAt().isBefore(expiry)) {
        counts.reject(RejectionReason.TARGET_NOT_FOUND, new RejectedRow(row.record().key(),
            RejectionReason.TARGET_NOT_FOUND.name(), describe(row.record().target()) + " did not appear in the CRM within "
                + PARKING_LIMIT.toDays() + " days"));
        done.add(row.record().id());
      }
    }
    if (!ready.isEmpty()) {
      counts.parkedRecovered += sink.write(tenantId, ready).size();
    }
    if (!done.isEmpty()) {
      parking.remove(tenantId, done);
    }
  }

  private Set<UsageTarget> existingTargets(String tenantId, List<UsageTarget> targets) {
    Map<String, Set<String>> byKind = new LinkedHashMap<>();
    Map<String, UsageTarget> samples = new HashMap<>();
    Set<UsageTarget> found = new HashSet<>();
    for (UsageTarget target : targets) {
      if (known.contains(target)) {
        found.add(target);
        continue;
      }
      String kind = target.model() + "/" + target.by();
      byKind.computeIfAbsent(kind, k -> new HashSet<>()).add(target.value());
      samples.putIfAbsent(kind, target);
    }
    byKind.forEach((kind, values) -> {
      UsageTarget sample = samples.get(kind);
      for (String value : directory.existing(tenantId, sample.model(), sample.by(), values)) {
        found.add(new UsageTarget(sample.model(), sample.by(), value));
      }
    });
    known.addAll(found);
    return found;
  }

  /** Maps, writes and parks one batch; returns the highest key it saw (bad keys aside). */
  private final class BatchWriter {
    private final String tenantId;
    private final UsageSection section;
    private final KeyColumns keys;
    private final UsageRowMapper mapper;
    private final PullCounters counts;
    private final RowKey cursorBefore;
    private RowKey previousKey;

    BatchWriter(String tenantId, UsageSection section, KeyColumns keys, UsageRowMapper mapper, PullCounters counts,
        RowKey cursorBefore) {
      this.tenantId = tenantId;
      this.section = section;
      this.keys = keys;
      this.mapper = mapper;
      this.counts = counts;
      this.cursorBefore = cursorBefore;
    }

    RowKey write(List<SourceRow> batch) {
      counts.rowsRead += batch.size();
      RowKey highest = null;
      List<UsageRecord> accepted = new ArrayList<>();
      for (SourceRow row : batch) {
        UsageKey.Parsed parsed = keys.isTime() ? UsageKey.parse(row.key(), row.tieBreak(), keys.tieBreak())
            : UsageKey.parse(row.key());
        if (parsed instanceof UsageKey.Invalid invalid) {
          MappedRow.Rejected rejected = (MappedRow.Rejected) UsageRowMapper.rejectKey(row.key(), invalid);
          counts.reject(rejected.reason(), rejected.sample());
          continue;
        }
        RowKey key = ((UsageKey.Valid) parsed).key();
        highest = highest == null || key.compareTo(highest) > 0 ? key : highest;
        if (key.equals(previousKey)) {
          // Rows come ordered by key, so a repeat follows its first: the first one wins.
          counts.reject(RejectionReason.DUPLICATE_KEY, new RejectedRow(key.text(), RejectionReason.DUPLICATE_KEY.name(),
              "key " + key.text() + " appears more than once; the first row was used"));
          continue;
        }
        previousKey = key;
        MappedRow mapped = mapper.map(key, row);
        if (mapped instanceof MappedRow.Accepted a) {
          accepted.add(a.record());
        } else {
          MappedRow.Rejected r = (MappedRow.Rejected) mapped;
          counts.reject(r.reason(), r.sample());
        }
      }
      Set<UsageTarget> found = existingTargets(tenantId, accepted.stream().map(UsageRecord::target).toList());
      List<UsageRecord> ready = new ArrayList<>();
      List<ParkingLot.ParkedRow> waiting = new ArrayList<>();
      Instant now = clock.instant();
      for (UsageRecord record : accepted) {
        if (found.contains(record.target())) {
          ready.add(record);
        } else {
          waiting.add(new ParkingLot.ParkedRow(record, now));
        }
      }
      Set<String> fresh = ready.isEmpty() ? Set.of() : sink.write(tenantId, ready);
      counts.rowsWritten += fresh.size();
      counts.rowsAlreadyPresent += ready.size() - fresh.size();
      if (cursorBefore != null) {
        for (UsageRecord record : ready) {
          if (fresh.contains(record.id()) && RowKey.parse(record.key()).compareTo(cursorBefore) <= 0) {
            counts.lateRowsRecovered++;
          }
        }
      }
      if (!waiting.isEmpty()) {
        parking.park(tenantId, waiting);
        counts.rowsParked += waiting.size();
      }
      return highest;
    }
  }

  /** BigQuery job labels: lower-case letters, digits, underscores and dashes, at most 63 characters. */
  static Map<String, String> labels(String tenantId, String sectionId, String runId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("bqsync", "usage-pull");
    labels.put("tenant", labelValue(tenantId));
    labels.put("section", labelValue(sectionId));
    labels.put("run", labelValue(runId));
    return labels;
  }

  static String labelValue(String value) {
    String clean = value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    return clean.length() <= 63 ? clean : clean.substring(0, 63);
  }

  private static String describe(UsageTarget target) {
    return target.model() + " with " + (target.by() == UsageTarget.By.EMAIL ? "email " : "externalId ") + target.value();
  }

  private long millisSince(Instant started) {
    return Duration.between(started, clock.instant()).toMillis();
  }
}
