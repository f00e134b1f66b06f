package dev.bqsync.core.config;

/**
 * Where and how to reach a tenant's BigQuery: the project jobs are billed to, the location jobs run
 * in, the auth, and an optional cap on bytes billed per query (null: no cap).
 */
public record Connection(String billingProject, String location, Auth auth, Long maximumBytesBilled) {
  public Connection {
    Check.valid(Identifiers.projectProblem(billingProject), "billingProject");
    Check.valid(Identifiers.locationProblem(location), "location");
    Check.present(auth, "auth");
    if (maximumBytesBilled != null && maximumBytesBilled <= 0) {
      throw new IllegalArgumentException("maximumBytesBilled must be positive");
    }
  }
}
