package dev.promjob.spring.scheduling;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.spi.Backend;
import dev.promjob.spring.scheduling.ScheduledMethods.Key;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Each execution of a {@code @Scheduled} method is one run, seen through Spring's scheduled-task
 * observation: it starts when Spring starts the observation and ends when Spring stops it, a
 * success if the method returned, a failure if it threw (a reactive method: if its publisher
 * signalled an error). The method is called by Spring as before and its exception goes on to the
 * scheduler's error handler unchanged: this handler only watches, and nothing it does (a {@link
 * LinkageError} included) reaches the task; a report that fails is logged once per job.
 */
final class ScheduledRuns implements ObservationHandler<ScheduledTaskObservationContext> {
  private static final Log LOG = LogFactory.getLog(ScheduledRuns.class);

  /** The run's start, kept in Spring's observation context between start and stop. */
  private record Started(Instant at) {}

  private final ScheduledJobs jobs;
  private final Backend backend;
  private final InstantSource clock;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  ScheduledRuns(ScheduledJobs jobs, Backend backend, InstantSource clock) {
    this.jobs = jobs;
    this.backend = backend;
    this.clock = clock;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ScheduledTaskObservationContext;
  }

  @Override
  public void onStart(ScheduledTaskObservationContext context) {
    try {
      context.put(Started.class, new Started(clock.instant()));
    } catch (RuntimeException | LinkageError e) {
      once("a scheduled run", e);
    }
  }

  @Override
  public void onStop(ScheduledTaskObservationContext context) {
    String what = "a run of " + context.getTargetClass().getName();
    try {
      Started started = context.get(Started.class);
      if (started == null) {
        return;
      }
      Optional<Job> job = jobs.jobFor(new Key(context.getTargetClass(), context.getMethod()));
      if (job.isEmpty()) {
        return;
      }
      what = "job '" + job.get().name() + "'";
      Instant end = clock.instant();
      boolean success = context.getError() == null;
      backend.report(
          new Report(
              job.get(),
              success ? Outcome.SUCCESS : Outcome.FAILURE,
              started.at(),
              end.isBefore(started.at()) ? started.at() : end,
              new MetricSnapshots()));
    } catch (Exception | LinkageError e) {
      once(what, e);
    }
  }

  private void once(String what, Throwable e) {
    if (logged.add(what)) {
      LOG.error("promjob: " + what + " could not be reported (logged once)", e);
    }
  }
}
