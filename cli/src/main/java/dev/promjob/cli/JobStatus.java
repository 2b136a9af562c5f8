package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One job judged at one instant as the shipped alert rules judge it: late when past its schedule's
 * deadline (or, never having succeeded, its first success's) or when its last success is older than
 * twice its expected interval; overrun when a run in progress is past its maximum runtime; failed
 * when its last run failed; gone when its series were seen in the last day and are no longer.
 *
 * <pre>{@code
 * JobStatus s = JobStatus.of(report, Instant.now());
 * if (s.state() == JobStatus.State.LATE) { ... }
 * }</pre>
 *
 * @param due when the next success is due: the earliest of the deadline and twice the interval
 *     after the last success; empty when the job declares neither (or, with only an interval, has
 *     never succeeded), or when no scheduled time ever comes
 * @param late past {@code due}, as the freshness and schedule rules fire
 */
record JobStatus(JobReport report, State state, Optional<Instant> due, boolean late) {

  /** What needs a look first comes first: the order of {@code status}'s rows. */
  enum State {
    /**
     * A run in progress is past its maximum runtime: it hangs, or was killed without reporting.
     * First, as it pages (critical) and is happening now: the job will be late because of it, and
     * its process may still hold what the next run needs.
     */
    OVERRUN,
    /** No success in time: the freshness or schedule alert fires (critical). */
    LATE,
    /** Seen in the last day and no longer: no other alert can fire for it. */
    GONE,
    /** The last run failed, and the next success is not due yet. */
    FAILED,
    /** A file that cannot be judged: node_exporter skips it, or it cannot be read. */
    PROBLEM,
    /** The last run succeeded and the next success is not due yet. */
    OK;

    /** The state as {@code status} prints it: {@code late}, {@code ok}... */
    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a script should hear of it: every state but {@code ok}. */
    boolean needsAttention() {
      return this != OK;
    }
  }

  /**
   * The urgency order: state, then (failed ones) the most failures in a row first, then the
   * earliest due first (none last), then job and labels, so that equal jobs always print in the
   * same order.
   */
  static final Comparator<JobStatus> URGENCY =
      Comparator.comparing(JobStatus::state)
          .thenComparingInt(s -> s.state() == State.FAILED ? -s.failuresInARow().orElse(1) : 0)
          .thenComparing(s -> s.due().orElse(Instant.MAX))
          .thenComparing(s -> s.report().job())
          .thenComparing(s -> s.report().labels().toString())
          .thenComparing(s -> s.report().source());

  /** Judges {@code r} at {@code now}. */
  static JobStatus of(JobReport r, Instant now) {
    if (r.problem().isPresent()) {
      return new JobStatus(r, State.PROBLEM, Optional.empty(), false);
    }
    Optional<Instant> due = Optional.empty();
    boolean late = false;
    OptionalDouble success = r.value(BatchMetrics.LAST_SUCCESS);
    OptionalDouble interval = r.value(BatchMetrics.EXPECTED_INTERVAL);
    if (success.isPresent() && interval.isPresent()) {
      // time() - last_success > 2 * interval: strictly after
      Instant at = instant(success.getAsDouble() + 2 * interval.getAsDouble());
      due = earliest(due, at);
      late = now.isAfter(at);
    }
    OptionalDouble deadline = r.value(BatchMetrics.DEADLINE);
    if (success.isEmpty() && deadline.isEmpty()) {
      // never succeeded: the earliest first-success deadline (the rule's min_over_time)
      deadline = r.value(BatchMetrics.FIRST_SUCCESS_DEADLINE);
    }
    if (deadline.isPresent() && Double.isFinite(deadline.getAsDouble())) {
      // time() >= deadline; +Inf: no scheduled time ever comes, never due
      Instant at = instant(deadline.getAsDouble());
      due = earliest(due, at);
      late |= !now.isBefore(at);
    }
    State state;
    if (overrun(r, now)) {
      state = State.OVERRUN;
    } else if (late) {
      state = State.LATE;
    } else if (r.gone()) {
      state = State.GONE;
    } else if (r.value(BatchMetrics.LAST_RUN_SUCCESS).orElse(1) == 0) {
      state = State.FAILED;
    } else {
      state = State.OK;
    }
    return new JobStatus(r, state, due, late);
  }

  /**
   * Whether a run in progress is past its maximum runtime, strictly ({@code time() - start > max
   * and runs_in_progress > 0}); never when no maximum is declared.
   */
  static boolean overrun(JobReport r, Instant now) {
    OptionalDouble start = r.value(BatchMetrics.RUN_START);
    OptionalDouble max = r.value(BatchMetrics.MAX_RUNTIME);
    return r.value(BatchMetrics.RUNS_IN_PROGRESS).orElse(0) > 0
        && start.isPresent()
        && max.isPresent()
        && now.isAfter(instant(start.getAsDouble() + max.getAsDouble()));
  }

  /** How many runs are in progress; empty when the source does not say. */
  OptionalInt runsInProgress() {
    return count(BatchMetrics.RUNS_IN_PROGRESS);
  }

  /** When the oldest run in progress started; empty when none is. */
  Optional<Instant> runStart() {
    OptionalDouble v = report.value(BatchMetrics.RUN_START);
    return runsInProgress().orElse(0) > 0 && v.isPresent()
        ? Optional.of(instant(v.getAsDouble()))
        : Optional.empty();
  }

  /** The runs that failed since the last success; empty when the source does not say. */
  OptionalInt failuresInARow() {
    return count(BatchMetrics.CONSECUTIVE_FAILURES);
  }

  private OptionalInt count(String family) {
    OptionalDouble v = report.value(family);
    return v.isPresent() && Double.isFinite(v.getAsDouble())
        ? OptionalInt.of((int) Math.max(0, Math.min(Integer.MAX_VALUE, v.getAsDouble())))
        : OptionalInt.empty();
  }

  /** The last success, if the job ever succeeded (in what the source still holds). */
  Optional<Instant> lastSuccess() {
    OptionalDouble v = report.value(BatchMetrics.LAST_SUCCESS);
    return v.isPresent() ? Optional.of(instant(v.getAsDouble())) : Optional.empty();
  }

  /** When the last run ended. */
  Optional<Instant> lastCompletion() {
    OptionalDouble v = report.value(BatchMetrics.LAST_COMPLETION);
    return v.isPresent() ? Optional.of(instant(v.getAsDouble())) : Optional.empty();
  }

  /** How long the last run took. */
  Optional<Duration> duration() {
    OptionalDouble v = report.value(BatchMetrics.LAST_DURATION);
    return v.isPresent() && Double.isFinite(v.getAsDouble()) && v.getAsDouble() >= 0
        ? Optional.of(Duration.ofNanos(Math.round(v.getAsDouble() * 1e9)))
        : Optional.empty();
  }

  /** Whether the last run succeeded; empty when the source does not say. */
  Optional<Boolean> lastRunSucceeded() {
    OptionalDouble v = report.value(BatchMetrics.LAST_RUN_SUCCESS);
    return v.isPresent() ? Optional.of(v.getAsDouble() == 1) : Optional.empty();
  }

  /**
   * The last run in a word: {@code ok}, {@code overlapped}, {@code timed out}, {@code exit 3}, or
   * {@code failed} (a library job, or no exit code), {@code ?} when the source does not say.
   */
  String outcome() {
    Optional<Boolean> ok = lastRunSucceeded();
    if (ok.isEmpty()) {
      return "?";
    }
    if (ok.get()) {
      return "ok";
    }
    if (report.flag(BatchMetrics.LAST_RUN_OVERLAPPED)) {
      return "overlapped";
    }
    if (report.flag(BatchMetrics.LAST_RUN_TIMED_OUT)) {
      return "timed out";
    }
    OptionalDouble code = report.value(BatchMetrics.LAST_EXIT_CODE);
    return code.isPresent() && code.getAsDouble() != 0
        ? "exit " + (long) code.getAsDouble()
        : "failed";
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Instant b) {
    return a.isPresent() && a.get().isBefore(b) ? a : Optional.of(b);
  }

  /** Unix seconds, to the millisecond (what the reports carry), saturated far from overflow. */
  static Instant instant(double seconds) {
    double bounded = Math.max(-1e15, Math.min(1e15, seconds));
    return Instant.ofEpochMilli(Math.round(bounded * 1000));
  }
}
