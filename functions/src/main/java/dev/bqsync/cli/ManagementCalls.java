package dev.bqsync.cli;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.manage.ManagementException;

/** The management use cases from the CLI: their refusals as exit codes (2 for what the operator sent, else 1). */
final class ManagementCalls {
  private ManagementCalls() {}

  static int run(CliContext ctx, Runnable call) {
    try {
      call.run();
      return CliCommand.OK;
    } catch (ManagementException e) {
      ctx.err.println("bqsync: " + e.getMessage());
      return switch (e.kind()) {
        case INVALID, NOT_FOUND, FORBIDDEN -> CliCommand.INVALID;
        default -> CliCommand.FAILED;
      };
    } catch (NeedsAttentionException e) {
      ctx.err.println("bqsync: " + e.getMessage());
      return CliCommand.FAILED;
    }
  }

  static TableRef table(String text) {
    TableRef.problem(text).ifPresent(p -> {
      throw new InvalidInputException("--table: " + p);
    });
    return TableRef.parse(text);
  }
}
