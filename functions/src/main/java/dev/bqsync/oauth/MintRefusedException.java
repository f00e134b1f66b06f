package dev.bqsync.oauth;

/** A connect link that cannot be minted, why, and what to change. */
public final class MintRefusedException extends RuntimeException {
  /** Why: the request breaks a rule, the tenant does not exist, or its setup is not finished. */
  public enum Reason { INVALID, NOT_FOUND, NOT_READY }

  private final Reason reason;

  public MintRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
