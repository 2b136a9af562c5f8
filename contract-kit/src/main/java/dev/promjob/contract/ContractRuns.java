package dev.promjob.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Run;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import java.time.Duration;

/** The runs {@link BackendContract}'s cases report: their metrics, and a run that fails. */
final class ContractRuns {
  private ContractRuns() {}

  static void countItems(Run run, double items) {
    Counter.builder()
        .name("contract_items")
        .help("Items handled.")
        .labelNames("kind")
        .register(run.registry())
        .labelValues("x")
        .inc(items);
  }

  /** A successful run that counts {@code items}, sets a family only it sets, and takes 30 s. */
  static void succeedWith(
      Reporter reporter, Job job, double items, boolean extra, ManualClock clock) {
    reporter.run(
        job,
        run -> {
          countItems(run, items);
          if (extra) {
            Gauge.builder()
                .name("contract_only_on_success")
                .help("Set only by successful runs.")
                .register(run.registry())
                .set(1);
          }
          clock.advance(Duration.ofSeconds(30));
        });
  }

  /** A run that counts {@code items} (none if 0) and fails with its own exception. */
  static void failWith(Reporter reporter, Job job, double items) {
    assertThrows(
        IllegalStateException.class,
        () ->
            reporter.run(
                job,
                run -> {
                  if (items > 0) {
                    countItems(run, items);
                  }
                  throw new IllegalStateException("the job failed");
                }));
  }

  /**
   * A histogram with bounds Java and Go write differently ({@code 1.0E-5} / {@code 1e-05}, {@code
   * 1.0} / {@code 1}, {@code 1000000.0} / {@code 1e+06}) and a summary's quantile {@code 1.0}.
   */
  static void recordBounds(Run run) {
    Histogram h =
        Histogram.builder()
            .name("contract_batch_seconds")
            .help("Batches.")
            .classicUpperBounds(0.00001, 1, 2.5, 1_000_000)
            .classicOnly()
            .register(run.registry());
    h.observe(0.5);
    h.observe(2);
    Summary.builder()
        .name("contract_row_bytes")
        .help("Row sizes.")
        .quantile(1, 0)
        .register(run.registry())
        .observe(3);
  }
}
