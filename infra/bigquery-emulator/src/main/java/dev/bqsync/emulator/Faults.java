package dev.bqsync.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Fault injection: make calls of an API operation ({@code jobs.query}, {@code tabledata.list},
 * ... or {@code *} for any) fail with an HTTP status, or hang for a while, so retry and
 * time-budget logic can be tested through the real client. A rule can let its first calls pass.
 */
public final class Faults {
  /**
   * Skip {@code skip} matching calls, then affect the next {@code times}: wait {@code delay}, then
   * fail with {@code status} (0: do not fail, just be slow) and {@code reason}.
   */
  public record Rule(String operation, int skip, int times, int status, String reason, Duration delay) {
    public Rule {
      if (times < 1 || skip < 0) {
        throw new IllegalArgumentException("a fault needs times >= 1 and skip >= 0");
      }
      reason = reason != null ? reason : defaultReason(status);
      delay = delay == null ? Duration.ZERO : delay;
    }

    static String defaultReason(int status) {
      return switch (status) {
        case 0 -> null;
        case 429 -> "rateLimitExceeded";
        case 403 -> "quotaExceeded";
        case 400 -> "invalid";
        case 404 -> "notFound";
        default -> "backendError";
      };
    }
  }

  private final List<MutableRule> rules = new ArrayList<>();

  /** The next {@code times} calls of {@code operation} fail with {@code status}. */
  public void failNext(String operation, int times, int status) {
    add(new Rule(operation, 0, times, status, null, null));
  }

  /** Lets {@code skip} calls of {@code operation} pass, then fails the next {@code times} with {@code status}. */
  public void failAfter(String operation, int skip, int times, int status) {
    add(new Rule(operation, skip, times, status, null, null));
  }

  /** The next {@code times} calls of {@code operation} hang for {@code delay}, then are answered normally. */
  public void delayNext(String operation, int times, Duration delay) {
    add(new Rule(operation, 0, times, 0, null, delay));
  }

  public synchronized void add(Rule rule) {
    rules.add(new MutableRule(rule));
  }

  public synchronized void clear() {
    rules.clear();
  }

  public synchronized List<Rule> pending() {
    return rules.stream().map(r -> new Rule(r.rule.operation(), r.skip, r.times, r.rule.status(), r.rule.reason(),
        r.rule.delay())).toList();
  }

  /** The fault to apply to this call of {@code operation}, if any (and counts it). */
  synchronized Optional<Rule> take(String operation) {
    for (Iterator<MutableRule> it = rules.iterator(); it.hasNext(); ) {
      MutableRule r = it.next();
      if (!r.rule.operation().equals("*") && !r.rule.operation().equals(operation)) {
        continue;
      }
      if (r.skip > 0) {
        r.skip--;
        return Optional.empty();
      }
      r.times--;
      if (r.times == 0) {
        it.remove();
      }
      return Optional.of(r.rule);
    }
    return Optional.empty();
  }

  private static final class MutableRule {
    final Rule rule;
    int skip;
    int times;

    MutableRule(Rule rule) {
      this.rule = rule;
      this.skip = rule.skip();
      this.times = rule.times();
    }
  }
}
