package dev.bqsync.core.config;

import java.util.List;

/**
 * Where and how to reach a tenant's BigQuery: the project jobs are billed to, the location jobs run
 * in, the auth, an optional cap on bytes billed per query (null: no cap), and the only projects the
 * tenant's sections may read or write; optionally the dataset where the CRM sync keeps each
 * section's last-synced state (null: the sync reads both sides in full every run).
 */
public record Connection(String billingProject, String location, Auth auth, Long maximumBytesBilled,
    List<String> allowedProjects, DatasetRef stateDataset) {
  public Connection {
    Check.valid(Identifiers.projectProblem(billingProject), "billingProject");
    Check.valid(Identifiers.locationProblem(location), "location");
    Check.present(auth, "auth");
    if (maximumBytesBilled != null && maximumBytesBilled <= 0) {
      throw new IllegalArgumentException("maximumBytesBilled must be positive");
    }
    allowedProjects = List.copyOf(allowedProjects);
    allowedProjects.forEach(p -> Check.valid(Identifiers.projectProblem(p), "allowedProjects"));
    if (!allowedProjects.contains(billingProject)) {
      throw new IllegalArgumentException("billingProject must be one of allowedProjects");
    }
    if (stateDataset != null && !allowedProjects.contains(stateDataset.project())) {
      throw new IllegalArgumentException("stateDataset must be in one of allowedProjects");
    }
  }

  public Connection(String billingProject, String location, Auth auth, Long maximumBytesBilled,
      List<String> allowedProjects) {
    this(billingProject, location, auth, maximumBytesBilled, allowedProjects, null);
  }
}
