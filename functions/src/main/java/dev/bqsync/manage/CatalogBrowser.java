package dev.bqsync.manage;

import dev.bqsync.core.catalog.CatalogPage;
import dev.bqsync.core.catalog.DatasetSummary;
import dev.bqsync.core.catalog.TableDetail;
import dev.bqsync.core.catalog.TableSummary;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.manage.ManagementException.Kind;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.WarehouseConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tenant's BigQuery catalog for the setup screens, through the tenant's own connection and only
 * within its {@code allowedProjects}. Answers are cached for {@link #TTL} per tenant and connection
 * generation: a setup screen pages back and forth, and BigQuery's list calls are rate-limited.
 */
public final class CatalogBrowser {
  public static final Duration TTL = Duration.ofSeconds(60);
  public static final int MAX_PAGE = 100;
  private static final int CACHE_ENTRIES = 1_000;

  private record Cached(Object value, Instant until) {}

  private final TenantConfigStore tenants;
  private final WarehouseReadiness readiness;
  private final WarehouseConnector warehouses;
  private final Clock clock;
  private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > CACHE_ENTRIES;
    }
  };

  public CatalogBrowser(TenantConfigStore tenants, WarehouseReadiness readiness, WarehouseConnector warehouses,
      Clock clock) {
    this.tenants = tenants;
    this.readiness = readiness;
    this.warehouses = warehouses;
    this.clock = clock;
  }

  /** The projects the connection may use: its allowedProjects, the billing project first. */
  public List<String> projects(String tenantId) {
    TenantConfig config = tenant(tenantId);
    return config.connection().allowedProjects().stream()
        .sorted((a, b) -> a.equals(config.connection().billingProject()) ? -1
            : b.equals(config.connection().billingProject()) ? 1 : a.compareTo(b)).toList();
  }

  public CatalogPage<DatasetSummary> datasets(String tenantId, String project, String pageToken, int pageSize) {
    TenantConfig config = ready(tenantId, project);
    return cached(config, "datasets/" + project + "/" + pageToken + "/" + pageSize,
        () -> warehouses.catalog(config).datasets(project, pageToken, pageSize(pageSize)));
  }

  public CatalogPage<TableSummary> tables(String tenantId, String project, String dataset, String pageToken,
      int pageSize) {
    TenantConfig config = ready(tenantId, project);
    return cached(config, "tables/" + project + "/" + dataset + "/" + pageToken + "/" + pageSize,
        () -> warehouses.catalog(config).tables(project, dataset, pageToken, pageSize(pageSize)));
  }

  public TableDetail table(String tenantId, TableRef ref) {
    TenantConfig config = ready(tenantId, ref.project());
    return cached(config, "table/" + ref, () -> warehouses.catalog(config).table(ref));
  }

  /** The tenant, when it may browse {@code project} now. */
  TenantConfig ready(String tenantId, String project) {
    TenantConfig config = tenant(tenantId);
    if (!config.connection().allowedProjects().contains(project)) {
      throw new ManagementException(Kind.FORBIDDEN, "project '" + project + "' is not in the connection's "
          + "allowedProjects " + config.connection().allowedProjects() + ": add it to the configuration to use it");
    }
    readiness.whyNot(config).ifPresent(why -> {
      throw new ManagementException(Kind.CONFLICT, why);
    });
    return config;
  }

  private TenantConfig tenant(String tenantId) {
    return tenants.find(tenantId).orElseThrow(() -> ConfigurationAdmin.notFoundFor(tenantId));
  }

  private static int pageSize(int requested) {
    if (requested < 1 || requested > MAX_PAGE) {
      throw new ManagementException(Kind.INVALID, "pageSize must be 1 to " + MAX_PAGE + ", not " + requested);
    }
    return requested;
  }

  @SuppressWarnings("unchecked")
  private <T> T cached(TenantConfig config, String what, Supplier<T> load) {
    String key = config.tenantId() + "@" + readiness.generation(config.tenantId()) + "/" + config.connection() + "/"
        + what;
    Instant now = clock.instant();
    synchronized (cache) {
      Cached hit = cache.get(key);
      if (hit != null && now.isBefore(hit.until())) {
        return (T) hit.value();
      }
    }
    T value = load.get();
    synchronized (cache) {
      cache.put(key, new Cached(value, now.plus(TTL)));
    }
    return value;
  }
}
