package dev.bqsync.manage;

import dev.bqsync.core.config.ConfigProblem;
import java.util.List;

/**
 * A management request that cannot be done as asked, with what to change. The kind decides the
 * HTTP status (the function maps it); {@code problems} lists configuration problems with their
 * JSON paths when there are any.
 */
public final class ManagementException extends RuntimeException {
  /** Why a request is refused; each is one HTTP status. */
  public enum Kind {
    INVALID(400, "the request cannot be done as sent"),
    UNAUTHENTICATED(401, "no verified caller identity"),
    FORBIDDEN(403, "the caller may not act for this tenant"),
    NOT_FOUND(404, "no such resource"),
    CONFLICT(409, "the tenant's state does not allow this now"),
    STALE(412, "the configuration changed since it was read"),
    REVISION_REQUIRED(428, "say which revision you are replacing");

    private final int status;
    private final String title;

    Kind(int status, String title) {
      this.status = status;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }
  }

  private final Kind kind;
  private final transient List<ConfigProblem> problems;

  public ManagementException(Kind kind, String detail) {
    this(kind, detail, List.of());
  }

  public ManagementException(Kind kind, String detail, List<ConfigProblem> problems) {
    super(detail);
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
