package dev.bqsync.cli;

import dev.bqsync.core.log.LogLines;
import dev.bqsync.core.log.LogQuery;
import dev.bqsync.core.log.LoggedEntry;
import dev.bqsync.core.log.LookBack;
import dev.bqsync.core.log.Severity;
import dev.bqsync.port.LogEntrySource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bqsync logs}: a tenant's log lines from Cloud Logging, newest first, one readable line
 * each. Exit codes as every command: 0 done, 2 invalid input (picocli prints what to change and the
 * usage on stderr), 1 the logs could not be read.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Print a tenant's log entries from Cloud Logging, newest first, one line each:",
        "time, severity, tenant/job/section/run, message."},
    footer = {"", "Example:", "  bqsync logs --tenant acme --job usage --since 2h --severity WARNING",
        "Reads GOOGLE_CLOUD_PROJECT's logs (LOGGING_EMULATOR_HOST=host:port for a local service)."})
public final class LogsCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;

  @Spec
  private CommandSpec spec;

  @Option(names = "--tenant", required = true, paramLabel = "T", description = "the tenant id (required)")
  private String tenant;

  @Option(names = "--job", paramLabel = "J", description = "only this job: usage, crm or oauth")
  private String job;

  @Option(names = "--section", paramLabel = "S", description = "only this section")
  private String section;

  @Option(names = "--run", paramLabel = "R", description = "only this run id")
  private String run;

  @Option(names = "--since", paramLabel = "AGE", defaultValue = "1d",
      description = "how far back: 30m, 1h, 2d or ISO-8601 such as PT1H (default: ${DEFAULT-VALUE})")
  private String since;

  @Option(names = "--severity", paramLabel = "LEVEL",
      description = "only entries at or above: DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL")
  private String severity;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "at most N entries (default: ${DEFAULT-VALUE}, at most " + LogQuery.MAX_LIMIT + ")")
  private int limit;

  private final LogEntrySource source;
  private final PrintStream out;

  public LogsCommand(LogEntrySource source, PrintStream out) {
    this.source = source;
    this.out = out;
  }

  @Override
  public Integer call() {
    LogQuery query = query();
    List<LoggedEntry> entries;
    try {
      entries = source.newestFirst(query);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("bqsync logs: " + e.getMessage());
      return FAILED;
    }
    if (entries.isEmpty()) {
      out.println("no log entries for tenant " + tenant + " in the last " + since);
    }
    entries.forEach(entry -> out.println(LogLines.format(entry)));
    out.flush();
    return OK;
  }

  /** The query the options ask for; a ParameterException (exit code 2) naming every problem. */
  private LogQuery query() {
    LogQuery query = new LogQuery(tenant, job, section, run, lookBack(), minSeverity(), limit);
    List<String> problems = query.problems();
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join(System.lineSeparator(), problems));
    }
    return query;
  }

  private Duration lookBack() {
    try {
      return LookBack.parse(since);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
    }
  }

  private Severity minSeverity() {
    if (severity == null) {
      return null;
    }
    try {
      return Severity.valueOf(severity.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--severity: '" + severity + "' is not a severity: use one of "
          + Arrays.stream(Severity.values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }
}
