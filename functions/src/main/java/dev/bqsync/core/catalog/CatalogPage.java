package dev.bqsync.core.catalog;

import java.util.List;

/** One page of a catalog listing and the token of the next (null on the last page). */
public record CatalogPage<T>(List<T> items, String nextPageToken) {
  public CatalogPage {
    items = List.copyOf(items);
  }
}
