package dev.promjob;

import dev.promjob.internal.Checks;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one finished run hands to a backend: immutable, validated, complete. A backend reports it
 * and returns, or throws; it never reaches back into the run.
 *
 * <pre>{@code
 * Report report = new Report(job, Outcome.SUCCESS, start, Instant.now(), registry.scrape());
 * reporter.report(report);
 * }</pre>
 *
 * @param job the job as declared (its declared scope, even when configuration moved it to another
 *     backend)
 * @param outcome success or failure
 * @param start when the run started
 * @param end when the run ended; never before {@code start}
 * @param metrics the user's metrics, without identity labels, already checked: legacy names, a HELP
 *     on every family, no timestamps, no label that clashes with the job's labels
 * @param inProgress for a job that {@link Job#marksStart() marks its start}: the runs still in
 *     progress once this one ended, as the process knows them (a backend that holds them, the
 *     textfile, counts them itself)
 */
public record Report(
    Job job,
    Outcome outcome,
    Instant start,
    Instant end,
    MetricSnapshots metrics,
    Optional<InProgress> inProgress) {

  /** A report that says nothing of the runs in progress. */
  public Report(Job job, Outcome outcome, Instant start, Instant end, MetricSnapshots metrics) {
    this(job, outcome, start, end, metrics, Optional.empty());
  }

  public Report {
    Objects.requireNonNull(job, "job must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    Objects.requireNonNull(start, "start must not be null");
    Objects.requireNonNull(end, "end must not be null");
    Objects.requireNonNull(metrics, "metrics must not be null");
    Objects.requireNonNull(inProgress, "inProgress must not be null");
    if (end.isBefore(start)) {
      throw Checks.invalid(end.toString(), "a run cannot end before it started (" + start + ")");
    }
  }

  /** This report with {@code runs} in progress instead of what it said. */
  public Report withInProgress(InProgress runs) {
    return new Report(job, outcome, start, end, metrics, Optional.of(runs));
  }

  /** How long the run took. */
  public Duration duration() {
    return Duration.between(start, end);
  }
}
