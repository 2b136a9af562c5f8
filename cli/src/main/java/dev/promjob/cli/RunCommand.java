package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Durations;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Run;
import dev.promjob.SeveralBackendsException;
import dev.promjob.spi.Backend;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code promjob run --job NAME [...] -- COMMAND [ARG]...}: one run of a job that is a command. The
 * run succeeds if and only if the command exits 0; its report carries the standard metrics, {@value
 * BatchMetrics#LAST_EXIT_CODE}, {@value BatchMetrics#LAST_RUN_TIMED_OUT}, {@value
 * BatchMetrics#LAST_RUN_OVERLAPPED} and {@value BatchMetrics#LAST_RUN_METRICS_REFUSED}, and the
 * metrics the command wrote to {@code $PROMJOB_METRICS_FILE} ({@link CommandMetrics}).
 */
final class RunCommand {
  /** A run that found the previous one still running (EX_TEMPFAIL of sysexits.h). */
  static final int OVERLAPPED = 75;

  static final String TIMEOUT = "--timeout";
  static final String KILL_AFTER = "--kill-after";
  static final String NO_OVERLAP = "--no-overlap";
  static final Duration DEFAULT_KILL_AFTER = Duration.ofSeconds(10);

  private static final Set<String> VALUED =
      Set.of(
          Settings.JOB,
          Settings.LABEL,
          Settings.EVERY,
          Settings.TEXTFILE_DIR,
          Settings.BACKEND,
          ScheduleFlags.SCHEDULE,
          ScheduleFlags.ZONE,
          ScheduleFlags.GRACE,
          TIMEOUT,
          KILL_AFTER,
          Settings.MAX_RUNTIME);

  private RunCommand() {}

  static int main(List<String> argv, Config base, PrintStream err) throws InterruptedException {
    Args args =
        Args.parse(
            argv, VALUED, Set.of(NO_OVERLAP, Settings.IN_PROGRESS, Settings.NO_IN_PROGRESS), true);
    if (!args.positional().isEmpty()) {
      throw new UsageException(
          Messages.quoted(args.positional().get(0)) + ": the command goes after --");
    }
    if (args.command().isEmpty()) {
      throw new UsageException("'--': nothing to run: promjob run --job NAME -- COMMAND [ARG]...");
    }
    Optional<Duration> timeout = duration(args, TIMEOUT);
    Duration killAfter = duration(args, KILL_AFTER).orElse(DEFAULT_KILL_AFTER);
    // A failed report is one line on stderr rather than a logged stack trace in every cron mail;
    // it changes the exit code only where promjob.report.errors=throw asks for that.
    boolean failOnReportError =
        base.oneOf(Config.REPORT_ERRORS, ReportErrorPolicy.class).orElse(ReportErrorPolicy.LOG)
            == ReportErrorPolicy.THROW;
    Settings settings = Settings.of(args, base, Map.of(Config.REPORT_ERRORS, "throw"));
    Reporter reporter = settings.reporter();
    Command command = new Command(args.command(), timeout, killAfter, err);
    // Before the run starts, so that no signal finds the JVM's default handling (an exit).
    boolean handled = Signals.handle(command);
    Exclusion exclusion = args.has(NO_OVERLAP) ? exclude(args, settings, reporter, err) : null;
    try {
      // An invocation that runs nothing publishes no start and reports no run in progress: the
      // run that holds the lock stays seen, its count and start, on every backend.
      Reporter starts =
          exclusion != null && exclusion.notRun() != null
              ? settings.withoutStart().reporter()
              : reporter;
      Run run = starts.start(settings.job()); // refuses a job it cannot report, before any work
      CommandMetrics own = CommandMetrics.create(command, err);
      if (!handled) {
        Signals.onShutdown(command, own);
      }
      try {
        if (exclusion != null && exclusion.notRun() != null) {
          Command.Result r = exclusion.notRun();
          return finish(run, r, r.exitCode() == OVERLAPPED, null, starts, failOnReportError, err);
        }
        return finish(run, command.run(), false, own, reporter, failOnReportError, err);
      } finally {
        own.close(); // a signal passed on to the command ends here too: the run is reported first
      }
    } finally {
      if (exclusion != null && exclusion.lock() != null) {
        exclusion.lock().close();
      }
    }
  }

  /** {@code --no-overlap}: the run lock held, or why the command does not start. */
  private record Exclusion(RunLock lock, Command.Result notRun) {}

  /**
   * Takes the run lock before the run starts, so that an invocation that finds it held never
   * publishes a start of its own, nor the runs in progress as its JVM counts them (none), over the
   * holder's.
   */
  private static Exclusion exclude(
      Args args, Settings settings, Reporter reporter, PrintStream err) {
    Job job = reporter.configured(settings.job());
    Backend backend = reporter.backendFor(job);
    backend.check(job); // refuses a job it cannot report, as start would, before the lock
    Path lockPath = null;
    Optional<RunLock> lock;
    try {
      lockPath = RunLock.pathOf(settings.job(), reporter.backendsFor(job));
      lock = RunLock.tryAcquire(lockPath);
    } catch (IOException e) { // no overlap guaranteed, so no command: as for a bad configuration
      err.println(
          "promjob: "
              + e.getMessage()
              + "; not starting "
              + Messages.quoted(args.command().get(0)));
      return new Exclusion(null, new Command.Result(Main.USAGE, false, null, e.getMessage()));
    }
    if (lock.isEmpty()) {
      err.println(
          "promjob: job "
              + Messages.quoted(settings.job().name())
              + ": the previous run is still running (it holds "
              + lockPath
              + heldBy(lockPath)
              + "); not starting "
              + Messages.quoted(args.command().get(0)));
      return new Exclusion(
          null, new Command.Result(OVERLAPPED, false, null, "previous run still running"));
    }
    return new Exclusion(lock.get(), null);
  }

  private static int finish(
      Run run,
      Command.Result result,
      boolean overlapped,
      CommandMetrics own,
      Reporter reporter,
      boolean failOnReportError,
      PrintStream err) {
    boolean[] refused = {false};
    run.registry()
        .register(
            new MultiCollector() { // not a lambda: see Args
              @Override
              public MetricSnapshots collect() {
                return standard(result, overlapped, refused[0]);
              }
            });
    // Whatever the outcome: a failed or timed-out command's metrics say how far it got. A refusal
    // changes neither the outcome nor the exit code: monitoring never fails a job that succeeded.
    refused[0] = own != null && !own.addTo(run);
    try {
      if (result.succeeded()) {
        run.success();
      } else {
        run.failure();
      }
    } catch (UncheckedIOException e) {
      SeveralBackendsException several = severalIn(e);
      // Only when one of them refused the command's families: else the one error line, unchanged.
      if (own != null
          && several != null
          && several.failures().values().stream().anyMatch(own::refusedForItsFamilies)) {
        boolean delivered =
            ReportAgain.where(several, own, reporter, again(run, result, overlapped), err);
        return delivered || !failOnReportError || result.exitCode() != 0 ? result.exitCode() : 1;
      }
      if (own != null && own.clashed(e)) {
        // Nothing was written: the run is reported again without the command's families, so that
        // it is reported at all and the earlier run's file does not stay.
        try {
          reporter.report(again(run, result, overlapped));
          return result.exitCode();
        } catch (IOException | RuntimeException again) {
          err.println("promjob: " + again.getMessage());
          return failOnReportError && result.exitCode() == 0 ? 1 : result.exitCode();
        }
      }
      err.println("promjob: " + e.getMessage());
      return failOnReportError && result.exitCode() == 0 ? 1 : result.exitCode();
    } catch (IllegalArgumentException e) { // a family the run's last checks left out, rest sent
      err.println("promjob: " + e.getMessage());
    }
    return result.exitCode();
  }

  /**
   * The run's report without the command's families ({@value BatchMetrics#LAST_RUN_METRICS_REFUSED}
   * 1), for a backend that refused them.
   */
  private static Report again(Run run, Command.Result result, boolean overlapped) {
    return new Report(
        run.job(),
        result.succeeded() ? Outcome.SUCCESS : Outcome.FAILURE,
        run.start(),
        Instant.now(),
        standard(result, overlapped, true),
        run.inProgressAtEnd()); // counted out of the runs in progress there too
  }

  /** The failure of a job's several backends, each by name, if that is what {@code e} is. */
  private static SeveralBackendsException severalIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SeveralBackendsException s) {
        return s;
      }
    }
    return null;
  }

  /** Whose the lock file is, when it is not this user's: who to ask, or whose run to wait for. */
  private static String heldBy(Path lockPath) {
    String owner = RunLock.foreignOwner(lockPath);
    return owner == null ? "" : ", a file of " + owner;
  }

  private static Optional<Duration> duration(Args args, String flag) {
    Optional<String> value = args.one(flag);
    return value.isPresent()
        ? Optional.of(Durations.parse(value.get(), flag))
        : Optional.<Duration>empty();
  }

  /**
   * What every report of {@code run} carries besides the standard metrics. Snapshots, not
   * client_java's Gauge: its builders load client_java's whole configuration, which cost a one-shot
   * run about 20 ms of start-up.
   */
  private static MetricSnapshots standard(
      Command.Result result, boolean overlapped, boolean refused) {
    return new MetricSnapshots(
        gauge(BatchMetrics.LAST_EXIT_CODE, result.exitCode()),
        gauge(BatchMetrics.LAST_RUN_TIMED_OUT, result.timedOut() ? 1 : 0),
        gauge(BatchMetrics.LAST_RUN_OVERLAPPED, overlapped ? 1 : 0),
        gauge(BatchMetrics.LAST_RUN_METRICS_REFUSED, refused ? 1 : 0));
  }

  private static MetricSnapshot gauge(String name, double value) {
    return new GaugeSnapshot(
        new MetricMetadata(name, BatchMetrics.COMMAND_HELP.get(name)),
        List.of(new GaugeSnapshot.GaugeDataPointSnapshot(value, Labels.EMPTY, null)));
  }
}
