package dev.promjob.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Run;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runs {@link BackendContract}'s cases report: their metrics, and a run that fails. */
final class ContractRuns {
  private ContractRuns() {}

  /** What a consumer sees of a job's series; see {@link BackendContract#exposed}. */
  interface Exposed {
    Map<String, Double> of(Job job) throws IOException;
  }

  static String id(Job job) {
    return "job_name=\"" + job.name() + "\",shard=\"a/b c\"";
  }

  static String items(Job job) {
    return "contract_items_total{job_name=\"" + job.name() + "\",kind=\"x\",shard=\"a/b c\"}";
  }

  static Job scheduled(String name) {
    return Job.serviceLevel(name)
        .groupingLabel("shard", "a/b c")
        .schedule("0 * * * *", ZoneOffset.UTC, Duration.ofMinutes(10))
        .build();
  }

  /**
   * Succeed, fail three times, succeed, a minute apart (a receiver refuses two values at one time):
   * the count is 0, 1, 2, 3, 0, or absent every time from a backend that cannot keep it; the last
   * success stays through the failures.
   */
  static void failThreeTimesThenSucceed(
      Reporter reporter, Job job, ManualClock clock, Exposed exposed, boolean kept)
      throws IOException {
    String count = BatchMetrics.CONSECUTIVE_FAILURES + "{" + id(job) + "}";
    String last = BatchMetrics.LAST_SUCCESS + "{" + id(job) + "}";
    List<Double> counts = new ArrayList<>();
    List<Double> lastSuccess = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      clock.advance(Duration.ofMinutes(1));
      if (run == 0 || run == 4) {
        reporter.run(job, r -> {});
      } else {
        failWith(reporter, job, 0);
      }
      Map<String, Double> seen = exposed.of(job);
      counts.add(seen.get(count));
      lastSuccess.add(seen.get(last));
    }
    List<Double> expected = new ArrayList<>();
    for (double c : new double[] {0, 1, 2, 3, 0}) {
      expected.add(kept ? c : null);
    }
    assertEquals(expected, counts, "the count after each run");
    assertEquals(lastSuccess.get(0), lastSuccess.get(3), "kept by the failures: " + lastSuccess);
    assertEquals(
        (double) clock.instant().getEpochSecond(), lastSuccess.get(4), "moved by the success");
  }

  static void countItems(Run run, double items) {
    Counter.builder()
        .name("contract_items")
        .help("Items handled.")
        .labelNames("kind")
        .register(run.registry())
        .labelValues("x")
        .inc(items);
  }

  /** A run that counts {@code items} (and sets a family only if {@code extra}), 30 s long. */
  static void succeedWith(
      Reporter reporter, Job job, ManualClock clock, double items, boolean extra) {
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
