package dev.promjob;

import dev.promjob.internal.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * The runs of a job in progress, as one run publishes them when it starts, and as its report
 * carries them once it ended: how many, and when the oldest started. Overlapping runs of one JVM,
 * and on the textfile those of two processes too, never hide each other's start: each publish
 * counts the others, and the oldest start stays until that run ends. The Pushgateway and remote
 * write are never read back: there the later publish of two processes wins.
 *
 * <pre>{@code
 * InProgress started = new InProgress(job, "4242-1700000000000-1", start, 1, start);
 * BatchMetrics.inProgress(started); // promjob_runs_in_progress 1, promjob_run_start_... <start>
 * }</pre>
 *
 * @param job the job
 * @param run this run's id, {@code <pid>-<process start in ms>-<sequence>}: unique on its host, and
 *     tells a run whose process died (its pid gone or reused) from one still running
 * @param start when this run started
 * @param runs runs in progress: this one included when it starts, left out once it ended
 * @param oldest when the oldest run in progress started; once none is, this run's start
 */
public record InProgress(Job job, String run, Instant start, int runs, Instant oldest) {

  public InProgress {
    Objects.requireNonNull(job, "job must not be null");
    Objects.requireNonNull(run, "run must not be null");
    Objects.requireNonNull(start, "start must not be null");
    Objects.requireNonNull(oldest, "oldest must not be null");
    if (runs < 0) {
      throw Checks.invalid(Integer.toString(runs), "runs in progress cannot be negative");
    }
    if (!Checks.isRunId(run)) {
      throw Checks.invalid(run, "a run id is <pid>-<process start in ms>-<sequence>");
    }
  }

  /** How far apart two readings of one process's start may be (see {@link #processAlive}). */
  static final long SAME_START_MILLIS = 10_000;

  /**
   * False if the process of {@code run} (an id of {@link #run()}'s form) is gone from this host:
   * its pid is not running, or runs a process that started at another time (the pid was reused).
   * True when that cannot be told. Only meaningful on the host the run was on.
   */
  public static boolean processAlive(String run) {
    // The JDK computes a start from the boot time it read, which moves with the wall clock: two
    // JVMs on either side of a clock step (NTP, a resumed VM) see one process start apart. A pid
    // reused within seconds of the first start is far rarer than a small step.
    String[] parts = run.split("-", 3);
    if (parts.length < 2) {
      return true;
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(parts[0]);
      started = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return true;
    }
    return ProcessHandle.of(pid)
        .map(
            h ->
                started == 0
                    || h.info()
                        .startInstant()
                        .map(t -> Math.abs(t.toEpochMilli() - started) <= SAME_START_MILLIS)
                        .orElse(true))
        .orElse(false);
  }

  /** The same run, with what another count of the runs in progress says. */
  public InProgress with(int newRuns, Instant newOldest) {
    return new InProgress(job, run, start, newRuns, newOldest);
  }
}
