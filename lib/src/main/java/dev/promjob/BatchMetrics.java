package dev.promjob;

import dev.promjob.internal.Names;
import dev.promjob.spi.Carried;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The standard metrics every report carries, whatever the backend, so one set of alert rules covers
 * every job. All are gauges labelled with {@value #JOB_NAME_LABEL} and the job's grouping labels.
 *
 * <pre>{@code
 * # alert when a job has not succeeded for twice its expected interval
 * time() - promjob_last_success_timestamp_seconds > 2 * promjob_expected_interval_seconds
 * }</pre>
 *
 * <p>The {@code promjob_} prefix keeps these families apart from every other writer of the same
 * textfile directory: node_exporter silently drops a family whose HELP or TYPE differs between
 * files, and promjob writes these byte for byte the same in every file.
 */
public final class BatchMetrics {
  /** The label holding the job's name ({@code job} itself belongs to the scrape target). */
  public static final String JOB_NAME_LABEL = Names.JOB_NAME_LABEL;

  /** Unix time in seconds of the last successful run. Never erased by a failed run. */
  public static final String LAST_SUCCESS = "promjob_last_success_timestamp_seconds";

  /** Unix time in seconds at which the last run ended, successful or not. */
  public static final String LAST_COMPLETION = "promjob_last_completion_timestamp_seconds";

  /** How long the last run took, in seconds. */
  public static final String LAST_DURATION = "promjob_last_duration_seconds";

  /** 1 if the last run succeeded, 0 if it failed. */
  public static final String LAST_RUN_SUCCESS = "promjob_last_run_success";

  /** The declared expected interval between successes, in seconds (only when declared). */
  public static final String EXPECTED_INTERVAL = "promjob_expected_interval_seconds";

  /**
   * Unix time in seconds by which the next success is due: the first scheduled time after the last
   * success, plus the grace (only for jobs with a {@link Schedule}). Carried on failure like the
   * last success, so it never goes back. {@code +Inf} if no scheduled time comes (every day the
   * schedule names falls in a daylight-saving gap of its zone): the job is never due.
   */
  public static final String DEADLINE = "promjob_deadline_timestamp_seconds";

  /**
   * For a failed run of a job with a {@link Schedule} whose report carries no last success (a job
   * that has never succeeded, or one whose backend keeps the last success itself: the Pushgateway,
   * remote write): Unix time in seconds by which a first success is due, counting from this run
   * alone, the first scheduled time after its start plus the grace. A failed first run is tolerated
   * as a success would be, a second missed run is not: the earliest of these values is the deadline
   * of a job that has never succeeded, which {@value #DEADLINE} cannot give (it is counted from a
   * success). Meaningless beside a last success, and the rules ignore it there.
   */
  public static final String FIRST_SUCCESS_DEADLINE =
      "promjob_first_success_deadline_timestamp_seconds";

  /**
   * The failed runs of the job in a row: 0 after a success, one more with each failed run, carried
   * across runs like the last success. Where the previous count cannot be known, a failed run
   * leaves it out (see {@link Carried}); after a server lost it, it counts again from what it
   * holds.
   */
  public static final String CONSECUTIVE_FAILURES = "promjob_consecutive_failures";

  /**
   * For a run that wraps a command ({@code promjob run}): the exit code the wrapper returned, the
   * command's own, 128+N when a signal N killed it, 124 on timeout, 126/127 when it could not
   * start.
   */
  public static final String LAST_EXIT_CODE = "promjob_last_exit_code";

  /** For a run that wraps a command: 1 if the last run was ended by its timeout, else 0. */
  public static final String LAST_RUN_TIMED_OUT = "promjob_last_run_timed_out";

  /**
   * For a run that wraps a command: 1 if the last invocation did not start the command because the
   * previous run was still running, else 0.
   */
  public static final String LAST_RUN_OVERLAPPED = "promjob_last_run_overlapped";

  /**
   * For a run that wraps a command: 1 if the metrics the command wrote for the run were refused (a
   * line node_exporter or promjob's rules reject, a file replaced or too large), so none of them
   * was reported, else 0.
   */
  public static final String LAST_RUN_METRICS_REFUSED = "promjob_last_run_metrics_refused";

  /**
   * The help text of each metric a command wrapper adds to its reports. Byte for byte the same in
   * every file, as node_exporter requires; these are the only {@code promjob_} names a report may
   * carry besides the standard ones, and only with exactly this help.
   */
  public static final Map<String, String> COMMAND_HELP =
      Map.of(
          LAST_EXIT_CODE,
          "Exit code of the job's last run (128+N: killed by signal N; 124: timed out).",
          LAST_RUN_TIMED_OUT,
          "1 if the job's last run was ended by its timeout, 0 otherwise.",
          LAST_RUN_OVERLAPPED,
          "1 if the job's last invocation found the previous run still running, 0 otherwise.",
          LAST_RUN_METRICS_REFUSED,
          "1 if the metrics the job's last run wrote were refused and left out, 0 otherwise.");

  /**
   * How many runs of the job are in progress: published when a run starts (for a job that {@link
   * Job#marksStart() marks its start}), and by each run's report, which no longer counts itself. A
   * run that never ends (hung, SIGKILL, the OOM killer, a lost host) leaves its count.
   */
  public static final String RUNS_IN_PROGRESS = "promjob_runs_in_progress";

  /**
   * Unix time in seconds at which the oldest run in progress started; once none is, when the run
   * whose report it is started. Beside {@value #RUNS_IN_PROGRESS}.
   */
  public static final String RUN_START = "promjob_run_start_timestamp_seconds";

  /** The declared maximum runtime of one run, in seconds (only when declared). */
  public static final String MAX_RUNTIME = "promjob_max_runtime_seconds";

  /** Metric names starting with this prefix are reserved for promjob. */
  public static final String RESERVED_PREFIX = "promjob_";

  private BatchMetrics() {}

  /**
   * The standard metrics of {@code report}, without identity labels (the backend adds them).
   *
   * @param carriedLastSuccess the last success timestamp the backend holds now: a failed run
   *     carries it, so that a failure never erases it; a successful run writes the later of it and
   *     its own end, so that the last success never goes back (an overlapping run that succeeded
   *     later, or a wall clock stepped back)
   */
  public static List<MetricSnapshot> of(Report report, OptionalDouble carriedLastSuccess) {
    return of(report, Carried.of(carriedLastSuccess, OptionalLong.empty()));
  }

  /**
   * The standard metrics of {@code report}, without identity labels, carrying on what the backend
   * holds: the last success as {@link #of(Report, OptionalDouble)} does, and the consecutive
   * failures, 0 on a success, the held count plus one on a failure (left out if it is unknown).
   */
  public static List<MetricSnapshot> of(Report report, Carried carried) {
    List<MetricSnapshot> out = standard(report, carried.lastSuccess());
    Optional<MetricSnapshot> failures = consecutiveFailures(report, carried.consecutiveFailures());
    if (failures.isPresent()) {
      out.add(failures.get());
    }
    return out;
  }

  private static Optional<MetricSnapshot> consecutiveFailures(Report report, OptionalLong held) {
    long count;
    if (report.outcome() == Outcome.SUCCESS) {
      count = 0;
    } else if (held.isPresent()) {
      count = held.getAsLong() + 1;
    } else {
      return Optional.empty(); // unknown: a server that keeps families keeps its own
    }
    return Optional.of(
        gauge(
            CONSECUTIVE_FAILURES,
            "Failed runs of the job in a row since its last success; 0 after a success.",
            count));
  }

  private static List<MetricSnapshot> standard(Report report, OptionalDouble carriedLastSuccess) {
    List<MetricSnapshot> out = new ArrayList<>(7);
    boolean success = report.outcome() == Outcome.SUCCESS;
    OptionalDouble lastSuccess = carriedLastSuccess;
    if (success) {
      double end = seconds(report.end());
      lastSuccess =
          OptionalDouble.of(
              carriedLastSuccess.isPresent()
                  ? Math.max(end, carriedLastSuccess.getAsDouble())
                  : end);
    }
    if (lastSuccess.isPresent()) {
      double last = lastSuccess.getAsDouble();
      out.add(gauge(LAST_SUCCESS, "Unix time of the job's last successful run.", last));
    }
    // With a last success, due after it (a failure keeps it, and it never goes back). Without one,
    // due after this run's own start, so that a job failing from its first run is due somewhere:
    // not carried, as the backends that keep the last success themselves cannot tell a first run
    // from a later one; the rule takes the earliest value it has seen.
    Optional<Schedule> schedule = report.job().schedule();
    if (schedule.isPresent()) {
      out.add(
          lastSuccess.isPresent()
              ? gauge(
                  DEADLINE,
                  "Unix time by which the job's next success is due.",
                  schedule
                      .get()
                      .deadlineSecondsAfter(
                          Instant.ofEpochMilli(Math.round(lastSuccess.getAsDouble() * 1000))))
              : gauge(
                  FIRST_SUCCESS_DEADLINE,
                  "Unix time by which the job's first success is due, counted from a failed run.",
                  schedule.get().deadlineSecondsAfter(report.start())));
    }
    out.add(
        gauge(
            LAST_COMPLETION,
            "Unix time at which the job's last run ended, successful or failed.",
            seconds(report.end())));
    out.add(
        gauge(
            LAST_DURATION,
            "How long the job's last run took, in seconds.",
            report.duration().toNanos() / 1e9));
    out.add(
        gauge(
            LAST_RUN_SUCCESS,
            "1 if the job's last run succeeded, 0 if it failed.",
            success ? 1 : 0));
    Optional<Duration> interval = report.job().expectedInterval();
    if (interval.isPresent()) {
      out.add(
          gauge(
              EXPECTED_INTERVAL,
              "How often the job is expected to succeed, in seconds.",
              interval.get().toNanos() / 1e9));
    }
    if (report.inProgress().isPresent()) {
      out.addAll(inProgress(report.inProgress().get()));
    }
    return out;
  }

  /**
   * The families that say which runs of a job are in progress: {@value #RUNS_IN_PROGRESS}, {@value
   * #RUN_START} and, when declared, {@value #MAX_RUNTIME}. What a run publishes when it starts, and
   * what its report carries once it ended.
   */
  public static List<MetricSnapshot> inProgress(InProgress p) {
    List<MetricSnapshot> out = new ArrayList<>(3);
    out.add(
        gauge(
            RUNS_IN_PROGRESS,
            "How many runs of the job are in progress (started, not ended).",
            p.runs()));
    out.add(
        gauge(
            RUN_START,
            "Unix time at which the job's oldest run in progress started, else its last run.",
            seconds(p.oldest())));
    Optional<Duration> max = p.job().maxRuntime();
    if (max.isPresent()) {
      out.add(
          gauge(
              MAX_RUNTIME,
              "How long one run of the job may take, in seconds.",
              max.get().toNanos() / 1e9));
    }
    return out;
  }

  /** Unix time in seconds with millisecond precision, the way Prometheus timestamps are kept. */
  static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return new GaugeSnapshot(
        new MetricMetadata(name, help),
        List.of(new GaugeDataPointSnapshot(value, Labels.EMPTY, null)));
  }
}
