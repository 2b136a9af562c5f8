package dev.promjob.spring.batch;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What a job execution adds to the standard metrics of its run: the exit code, and per step the
 * counts Spring Batch keeps and the step's duration. All gauges: the values of the last run, like
 * the standard metrics. Not under {@code promjob_}, which lib keeps for its own.
 */
final class StepMetrics {
  static final String EXIT_CODE = "batch_job_exit_code_info";
  static final String READ = "batch_step_read_items";
  static final String WRITTEN = "batch_step_written_items";
  static final String FILTERED = "batch_step_filtered_items";
  static final String SKIPPED = "batch_step_skipped_items";
  static final String COMMITS = "batch_step_commits";
  static final String ROLLBACKS = "batch_step_rollbacks";
  static final String DURATION = "batch_step_duration_seconds";

  private StepMetrics() {}

  /** Registers the execution's metrics on {@code registry}, the run's own. */
  static void register(PrometheusRegistry registry, JobExecution execution) {
    Gauge.builder()
        .name(EXIT_CODE)
        .help(
            "Exit code of the job's last run (ExitStatus), as a label: Spring Batch's codes, a"
                + " short name of the application's, or OTHER.")
        .labelNames("exit_code")
        .register(registry)
        .labelValues(ExitCodes.label(execution.getExitStatus().getExitCode()))
        .set(1);
    Map<String, Totals> steps = new TreeMap<>();
    for (StepExecution s : execution.getStepExecutions()) {
      // A flow may run a step twice in one execution: one series per step, summed.
      steps.computeIfAbsent(s.getStepName(), n -> new Totals()).add(s);
    }
    Gauge read = gauge(registry, READ, "Items the step read in the job's last run.");
    Gauge written = gauge(registry, WRITTEN, "Items the step wrote in the job's last run.");
    Gauge filtered =
        gauge(registry, FILTERED, "Items the step's processor filtered out in the job's last run.");
    Gauge skipped =
        Gauge.builder()
            .name(SKIPPED)
            .help("Items the step skipped in the job's last run, by phase: read, process, write.")
            .labelNames("step", "phase")
            .register(registry);
    Gauge commits =
        gauge(registry, COMMITS, "Transactions the step committed in the job's last run.");
    Gauge rollbacks =
        gauge(registry, ROLLBACKS, "Transactions the step rolled back in the job's last run.");
    Gauge duration = gauge(registry, DURATION, "How long the step took in the job's last run.");
    steps.forEach(
        (step, t) -> {
          read.labelValues(step).set(t.read);
          written.labelValues(step).set(t.written);
          filtered.labelValues(step).set(t.filtered);
          skipped.labelValues(step, "read").set(t.readSkips);
          skipped.labelValues(step, "process").set(t.processSkips);
          skipped.labelValues(step, "write").set(t.writeSkips);
          commits.labelValues(step).set(t.commits);
          rollbacks.labelValues(step).set(t.rollbacks);
          duration.labelValues(step).set(t.seconds);
        });
  }

  private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
    return Gauge.builder().name(name).help(help).labelNames("step").register(registry);
  }

  private static final class Totals {
    long read;
    long written;
    long filtered;
    long readSkips;
    long processSkips;
    long writeSkips;
    long commits;
    long rollbacks;
    double seconds;

    void add(StepExecution s) {
      read += s.getReadCount();
      written += s.getWriteCount();
      filtered += s.getFilterCount();
      readSkips += s.getReadSkipCount();
      processSkips += s.getProcessSkipCount();
      writeSkips += s.getWriteSkipCount();
      commits += s.getCommitCount();
      rollbacks += s.getRollbackCount();
      LocalDateTime start = s.getStartTime();
      if (start != null) {
        LocalDateTime end = s.getEndTime() != null ? s.getEndTime() : LocalDateTime.now();
        // Both are the same JVM's local wall clock, so their difference needs no zone.
        seconds += Math.max(0, Duration.between(start, end).toNanos() / 1e9);
      }
    }
  }
}
