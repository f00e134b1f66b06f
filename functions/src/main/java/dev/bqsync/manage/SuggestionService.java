package dev.bqsync.manage;

import dev.bqsync.core.catalog.FieldSuggestion;
import dev.bqsync.core.catalog.KeyCandidate;
import dev.bqsync.core.catalog.SetupSuggestions;
import dev.bqsync.core.catalog.TableDetail;
import dev.bqsync.core.catalog.TableProfile;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.manage.ManagementException.Kind;
import dev.bqsync.port.WarehouseConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Suggestions for a table a section is being set up on: its columns from the catalog, one
 * profiling query (billed at most {@code maximumBytes}, or the connection's own cap when lower),
 * then {@link SetupSuggestions}. The bytes the query processed are part of the answer.
 */
public final class SuggestionService {
  /** What a section of which kind is being set up: a CRM section needs its model. */
  public record Request(TableRef table, String kind, CrmModel model) {}

  /** The answer: key candidates (CRM: keys; usage: cursors), field mappings (CRM only), and the query's cost. */
  public record Suggestions(TableDetail table, List<KeyCandidate> keys, List<FieldSuggestion> fields, long rows,
      long bytesProcessed, long maximumBytesBilled) {}

  public static final String CRM = "crm";
  public static final String USAGE = "usage";
  private static final int MAX_COLUMNS = 200;

  private final CatalogBrowser catalog;
  private final WarehouseConnector warehouses;
  private final long maximumBytes;

  public SuggestionService(CatalogBrowser catalog, WarehouseConnector warehouses, long maximumBytes) {
    this.catalog = catalog;
    this.warehouses = warehouses;
    this.maximumBytes = maximumBytes;
  }

  public Suggestions suggest(String tenantId, Request request) {
    if (!CRM.equals(request.kind()) && !USAGE.equals(request.kind())) {
      throw new ManagementException(Kind.INVALID, "kind must be 'crm' (a CRM section: key and field suggestions) or "
          + "'usage' (a usage section: cursor suggestions), not '" + request.kind() + "'");
    }
    if (CRM.equals(request.kind()) && request.model() == null) {
      throw new ManagementException(Kind.INVALID, "a CRM section's suggestions need its model: one of "
          + List.of(CrmModel.values()));
    }
    TenantConfig config = catalog.ready(tenantId, request.table().project());
    TableDetail table = catalog.table(tenantId, request.table());
    boolean crm = CRM.equals(request.kind());
    List<String> columns = crm ? SetupSuggestions.crmKeyColumns(table) : SetupSuggestions.cursorColumns(table);
    if (columns.size() > MAX_COLUMNS) {
      columns = columns.subList(0, MAX_COLUMNS);
    }
    List<String> text = crm ? List.of() : columns.stream().filter(c -> table.columns().stream()
        .anyMatch(col -> col.name().equals(c) && col.type() == dev.bqsync.core.usage.ColumnType.STRING)).toList();
    long cap = config.connection().maximumBytesBilled() == null ? maximumBytes
        : Math.min(maximumBytes, config.connection().maximumBytesBilled());
    TableProfile profile = columns.isEmpty() ? new TableProfile(0, Map.of(), 0)
        : warehouses.profiler(config).profile(request.table(), new ArrayList<>(columns), text,
            Map.of("bqsync", "suggest", "tenant", tenantId), cap);
    List<KeyCandidate> keys = crm ? SetupSuggestions.crmKeys(table, profile) : SetupSuggestions.cursors(table, profile);
    String key = keys.stream().filter(KeyCandidate::suitable).map(KeyCandidate::column).findFirst().orElse(null);
    List<FieldSuggestion> fields = crm ? SetupSuggestions.fields(request.model(), table, key) : List.of();
    return new Suggestions(table, keys, fields, profile.rows(), profile.bytesProcessed(), cap);
  }
}
