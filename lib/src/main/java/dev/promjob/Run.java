package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.Log;
import dev.promjob.spi.Backend;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of a job, from {@link Reporter#start(Job)} to its single report. Record metrics on {@link
 * #registry()} with client_java's builders, then finish with {@link #success()} or {@link
 * #failure(Throwable)}. A run closed without either counts as failed, so an exception escaping a
 * try-with-resources block is reported as a failure.
 *
 * <pre>{@code
 * try (Run run = reporter.start(job)) {
 *   Counter files = Counter.builder().name("backup_files").help("Files backed up.")
 *       .register(run.registry());
 *   files.inc(copyFiles());
 *   run.success();
 * }
 * }</pre>
 *
 * <p>A run reports exactly once; finishing it again throws {@link IllegalStateException}. Whether a
 * failed report throws or is logged is the reporter's {@link ReportErrorPolicy}.
 */
public final class Run implements AutoCloseable {
  private final Delivery delivery;
  private final Backend backend;
  private final Job job;
  private final Instant start;
  private final MetricRules rules;
  private final RunRegistry registry;
  private final List<PrometheusRegistry> included = new CopyOnWriteArrayList<>();
  private final AtomicReference<Outcome> outcome = new AtomicReference<>();
  private volatile boolean endedByShutdown;
  private final String id; // null for a job that does not mark its start: nothing to look up
  private final String where;
  private volatile InProgress ended; // what the report said of the runs in progress, if anything

  Run(Delivery delivery, Job job, Backend backend) {
    this.delivery = delivery;
    this.backend = backend;
    this.job = job;
    this.start = delivery.now();
    this.id = job.marksStart() ? RunsInFlight.newRun() : null;
    this.where = id == null ? null : backend.name() + " " + backend.location(job);
    // An anonymous class, not a method reference: each costs a cold process about 1 ms.
    Consumer<String> backendNames =
        new Consumer<>() {
          @Override
          public void accept(String name) {
            backend.checkMetricName(name);
          }
        };
    this.rules = new MetricRules(job.name(), job.groupingLabels().keySet(), backendNames);
    this.registry = new RunRegistry(rules);
  }

  /**
   * The job this run belongs to, as declared: a job that configuration moved to another backend
   * keeps its declared scope here ({@link Reporter#backendFor(Job)} says where it reports).
   */
  public Job job() {
    return job;
  }

  /** When the run started. */
  public Instant start() {
    return start;
  }

  /**
   * This run's own registry. Metrics registered here are checked at once and reported when the run
   * finishes.
   */
  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * Also reports the metrics of a registry you already have (not the default registry: its JVM
   * metrics belong to a long-running process, not to a batch run). Checked when the run finishes: a
   * family found unacceptable then (no HELP, a label the job sets...) is left out and named, the
   * rest is reported, and the name and rule are thrown after delivery or logged, as the {@link
   * ReportErrorPolicy} says.
   */
  public Run include(PrometheusRegistry existing) {
    Objects.requireNonNull(existing, "registry must not be null");
    if (existing == registry) {
      throw new IllegalArgumentException("the run's own registry is always included");
    }
    included.add(existing);
    return this;
  }

  /**
   * Publishes that this run has started, for a job that {@link Job#marksStart() marks its start}:
   * never fails the run (see {@link Delivery#deliverStart}).
   */
  void publishStart() {
    if (job.marksStart()) {
      delivery.deliverStart(backend, RunsInFlight.begin(where, job, id, start));
    }
  }

  /** How the run ended, once it has. */
  public Optional<Outcome> outcome() {
    return Optional.ofNullable(outcome.get());
  }

  /**
   * What this run's report said of the runs in progress once it ended: nothing before it ended, nor
   * for a job that does not mark its start. A caller that delivers the run again another way
   * ({@link Reporter#report}) carries it, so that the run is counted out there too:
   *
   * <pre>{@code
   * reporter.report(new Report(run.job(), Outcome.FAILURE, run.start(), end, metrics,
   *     run.inProgressAtEnd()));
   * }</pre>
   */
  public Optional<InProgress> inProgressAtEnd() {
    return Optional.ofNullable(ended);
  }

  /** Finishes the run as successful and reports it. */
  public void success() {
    finish(Outcome.SUCCESS, null);
  }

  /** Finishes the run as failed and reports it; the job's last success timestamp is kept. */
  public void failure() {
    finish(Outcome.FAILURE, null);
  }

  /**
   * Finishes the run as failed because of {@code cause}. A report error is added to {@code cause}
   * as suppressed rather than thrown over it.
   */
  public void failure(Throwable cause) {
    finish(Outcome.FAILURE, Objects.requireNonNull(cause, "cause must not be null"));
  }

  /** Reports a failure unless the run already finished. */
  @Override
  public void close() {
    if (outcome.get() == null) {
      finish(Outcome.FAILURE, null);
    }
  }

  /** Reports the run as failed because the JVM is shutting down, unless it already finished. */
  void endByShutdown() {
    endedByShutdown = true;
    if (outcome.get() != null) {
      return;
    }
    Log.log(
        Level.WARNING,
        "job '"
            + Checks.printable(job.name())
            + "': the JVM is shutting down before the run finished; reporting it as failed");
    try {
      finish(Outcome.FAILURE, null);
    } catch (IllegalStateException finishedMeanwhile) {
      // the body finished it in the meantime: that report stands
    }
  }

  private void finish(Outcome result, Throwable cause) {
    if (!outcome.compareAndSet(null, result)) {
      if (endedByShutdown) {
        return; // the body finishing after shutdown reported it as failed: not its mistake
      }
      throw new IllegalStateException(
          "run of job '" + Checks.printable(job.name()) + "' already finished as " + outcome.get());
    }
    ShutdownReports.untrack(this);
    Instant end = delivery.now();
    if (end.isBefore(start)) {
      end = start; // the wall clock stepped back; a negative duration would be a lie
    }
    List<String> leftOut = new ArrayList<>();
    Report report = new Report(job, result, start, end, acceptable(leftOut));
    if (job.marksStart()) {
      ended = RunsInFlight.end(where, job, id, start);
      report = report.withInProgress(ended);
    }
    delivery.deliver(backend, report, cause, leftOut);
  }

  /**
   * The families of the run's registry and the included ones that pass lib's checks. One found
   * unacceptable only now (a registry promjob did not create, a family a collector made up at
   * collection) is left out with its refusal in {@code leftOut}, never the run's outcome: the
   * standard metrics and every other family are still delivered.
   */
  private MetricSnapshots acceptable(List<String> leftOut) {
    List<MetricSnapshot> all = new ArrayList<>();
    collect(registry, "the run's registry", all, leftOut);
    for (PrometheusRegistry r : included) {
      collect(r, "an included registry", all, leftOut);
    }
    Set<String> names = new HashSet<>();
    List<MetricSnapshot> kept = new ArrayList<>(all.size());
    for (MetricSnapshot s : all) {
      try {
        if (!names.add(s.getMetadata().getPrometheusName())) {
          throw MetricRules.twice(s.getMetadata().getPrometheusName()); // the first one stays
        }
        rules.check(new MetricSnapshots(s)); // one family: its own refusal, none of the others'
        kept.add(s);
      } catch (IllegalArgumentException refused) {
        leftOut.add(refused.getMessage());
      } catch (RuntimeException e) { // a backend's checkMetricName with a bug of its own
        leftOut.add("'" + s.getMetadata().getPrometheusName() + "': checking it failed: " + e);
      }
    }
    return new MetricSnapshots(kept);
  }

  private static void collect(
      PrometheusRegistry r, String which, List<MetricSnapshot> all, List<String> leftOut) {
    try {
      for (MetricSnapshot s : r.scrape()) {
        all.add(s);
      }
    } catch (RuntimeException e) { // a collector's own bug, or client_java refusing what it made
      leftOut.add("'" + which + "': collecting it failed, all its metrics left out: " + e);
    }
  }
}
