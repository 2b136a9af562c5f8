package dev.promjob.contract;

import static dev.promjob.contract.ContractRuns.id;
import static dev.promjob.contract.ContractRuns.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.spi.Backend;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every backend must do, the same way: a backend's test extends this class and says how to
 * make the backend and how to read back what a consumer (node_exporter, a Pushgateway scrape) sees.
 * The expected series are written out literally, so two backends that pass agree on every name and
 * label: the standard metrics, the identity labels, bucket bounds and quantiles as a scrape stores
 * them, the last success kept by a failed run, delete, and bad input refused the same way.
 *
 * <pre>{@code
 * class MyBackendContractTest extends BackendContract {
 *   final MyServer server = MyServer.start();
 *   protected Backend backend() { return MyBackend.builder().url(server.url()).build(); }
 *   protected Map<String, Double> exposed(Job job) throws IOException {
 *     return seriesOf(server.scrape(), job, Set.of());
 *   }
 * }
 * }</pre>
 */
public abstract class BackendContract {
  private static final AtomicInteger JOBS = new AtomicInteger();
  protected static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  protected final ManualClock clock = new ManualClock(T0);

  /** The backend under test; it must serve jobs of either scope. */
  protected abstract Backend backend();

  /**
   * The series a consumer sees for {@code job}, as {@code name{labels}} to value, without the
   * target's {@code job} and {@code instance} labels and without the server's own series.
   */
  protected abstract Map<String, Double> exposed(Job job) throws IOException;

  /**
   * Whether a failed run leaves the families it did not report as the run before left them (the
   * Pushgateway's POST: the last success is kept without being read back) rather than replacing the
   * whole previous report but its last success (a textfile).
   */
  protected boolean failedRunKeepsUnreportedFamilies() {
    return false;
  }

  /** A job of a fresh name, so tests can share one server. */
  protected Job newJob() {
    return Job.serviceLevel(
            "contract_" + ProcessHandle.current().pid() + "_" + JOBS.incrementAndGet())
        .groupingLabel("shard", "a/b c")
        .expectedInterval(Duration.ofHours(1))
        .build();
  }

  protected Reporter reporter() {
    Backend b = backend();
    return Reporter.builder()
        .backend(Scope.MACHINE_BOUND, b)
        .backend(Scope.SERVICE_LEVEL, b)
        .clock(clock)
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  /**
   * Whether the backend publishes a run's start ({@link Backend#publishStart}); one that keeps the
   * default, which publishes nothing, says false, and its reports must still say none is running.
   */
  protected boolean publishesStarts() {
    return true;
  }

  @Test
  void aRunInProgressIsExposedFromItsStartUntilItsReport() throws IOException {
    InProgressCase.check(reporter(), newJob(), clock, this::exposed, publishesStarts());
  }

  @Test
  void reportsASuccessWithTheStandardSeries() throws IOException {
    Job job = newJob();
    ContractRuns.succeedWith(reporter(), job, clock, 5, false);
    double end = T0.plusSeconds(30).getEpochSecond();
    Map<String, Double> expected = new TreeMap<>();
    expected.put(items(job), 5.0);
    expected.put(BatchMetrics.LAST_SUCCESS + "{" + id(job) + "}", end);
    expected.put(BatchMetrics.LAST_COMPLETION + "{" + id(job) + "}", end);
    expected.put(BatchMetrics.LAST_DURATION + "{" + id(job) + "}", 30.0);
    expected.put(BatchMetrics.LAST_RUN_SUCCESS + "{" + id(job) + "}", 1.0);
    expected.put(BatchMetrics.EXPECTED_INTERVAL + "{" + id(job) + "}", 3600.0);
    if (keepsConsecutiveFailures()) {
      expected.put(BatchMetrics.CONSECUTIVE_FAILURES + "{" + id(job) + "}", 0.0);
    }
    assertEquals(expected, new TreeMap<>(exposed(job)));
  }

  /**
   * Whether the backend carries {@value BatchMetrics#CONSECUTIVE_FAILURES}. One that cannot read
   * back what it holds (remote write without the receiver's query API) must export none, never a
   * count that restarted.
   */
  protected boolean keepsConsecutiveFailures() {
    return true;
  }

  /** Fail, fail, fail, succeed: 1, 2, 3, 0, carried like the last success. */
  @Test
  void consecutiveFailuresCountUpAndASuccessResetsThem() throws IOException {
    ContractRuns.failThreeTimesThenSucceed(
        reporter(), newJob(), clock, this::exposed, keepsConsecutiveFailures());
  }

  @Test
  void aFailureKeepsTheLastSuccessAndReplacesTheRest() throws IOException {
    Job job = newJob();
    Reporter reporter = reporter();
    ContractRuns.succeedWith(reporter, job, clock, 5, true);
    double success = clock.instant().getEpochSecond();
    clock.advance(Duration.ofMinutes(10));
    ContractRuns.failWith(reporter, job, 2);
    Map<String, Double> seen = exposed(job);
    assertEquals(
        success, seen.get(BatchMetrics.LAST_SUCCESS + "{" + id(job) + "}"), seen.toString());
    assertEquals(success + 600, seen.get(BatchMetrics.LAST_COMPLETION + "{" + id(job) + "}"));
    assertEquals(0.0, seen.get(BatchMetrics.LAST_RUN_SUCCESS + "{" + id(job) + "}"));
    assertEquals(2.0, seen.get(items(job)));
    if (failedRunKeepsUnreportedFamilies()) {
      assertTrue(
          seen.keySet().stream().anyMatch(k -> k.startsWith("contract_only_on_success")),
          "a failed report replaces only the families it carries: " + seen);
    } else {
      assertTrue(
          seen.keySet().stream().noneMatch(k -> k.startsWith("contract_only_on_success")),
          "a failed report replaces the whole previous one but the last success: " + seen);
    }
  }

  @Test
  void aScheduledJobsDeadlineIsCarriedLikeItsLastSuccess() throws IOException {
    Job job = ContractRuns.scheduled(newJob().name());
    Reporter reporter = reporter();
    reporter.run(job, run -> clock.advance(Duration.ofSeconds(30)));
    // Succeeded at 10:00:30: due again at the next hour plus the grace, 11:10.
    double due = T0.plus(Duration.ofMinutes(70)).getEpochSecond();
    assertEquals(due, exposed(job).get(BatchMetrics.DEADLINE + "{" + id(job) + "}"));
    clock.advance(Duration.ofMinutes(20));
    ContractRuns.failWith(reporter, job, 0);
    Map<String, Double> seen = exposed(job);
    assertEquals(due, seen.get(BatchMetrics.DEADLINE + "{" + id(job) + "}"), seen.toString());
    assertEquals(0.0, seen.get(BatchMetrics.LAST_RUN_SUCCESS + "{" + id(job) + "}"));
  }

  /** Failing from its first run (10:00), a job's first success is due at 11:00 plus the grace. */
  @Test
  void aScheduledJobsFirstFailureSaysWhenAFirstSuccessIsDue() throws IOException {
    Job job = ContractRuns.scheduled(newJob().name());
    ContractRuns.failWith(reporter(), job, 0);
    Map<String, Double> seen = exposed(job);
    double due = T0.plus(Duration.ofMinutes(70)).getEpochSecond();
    assertEquals(due, seen.get(BatchMetrics.FIRST_SUCCESS_DEADLINE + "{" + id(job) + "}"));
    assertTrue(
        seen.keySet().stream().noneMatch(k -> k.startsWith(BatchMetrics.DEADLINE)), "" + seen);
  }

  @Test
  void aFirstFailureHasNoLastSuccess() throws IOException {
    Job job = newJob();
    Reporter reporter = reporter();
    reporter.run(job, run -> run.failure());
    Map<String, Double> seen = exposed(job);
    assertEquals(
        0.0, seen.get(BatchMetrics.LAST_RUN_SUCCESS + "{" + id(job) + "}"), seen.toString());
    assertTrue(
        seen.keySet().stream().noneMatch(k -> k.startsWith(BatchMetrics.LAST_SUCCESS)),
        seen.toString());
  }

  /**
   * A histogram's bounds and a summary's quantiles are stored as a scrape of a textfile or a
   * Pushgateway stores them: node_exporter and the gateway write them back as Go does, so {@code
   * le="1"}, never client_java's {@code le="1.0"}. A backend that stored another text would split a
   * job's bucket series when the job moves, and {@code le="1"} selectors would find nothing.
   */
  @Test
  void boundsAreStoredAsAScrapeStoresThem() throws IOException {
    Job job = newJob();
    reporter().run(job, ContractRuns::recordBounds);
    Map<String, Double> seen = exposed(job);
    String bucket = "contract_batch_seconds_bucket{job_name=\"" + job.name() + "\",le=\"";
    Map<String, Double> expected = new TreeMap<>();
    expected.put(bucket + "1e-05\",shard=\"a/b c\"}", 0.0);
    expected.put(bucket + "1\",shard=\"a/b c\"}", 1.0);
    expected.put(bucket + "2.5\",shard=\"a/b c\"}", 2.0);
    expected.put(bucket + "1e+06\",shard=\"a/b c\"}", 2.0);
    expected.put(bucket + "+Inf\",shard=\"a/b c\"}", 2.0);
    expected.put(
        "contract_row_bytes{job_name=\"" + job.name() + "\",quantile=\"1\",shard=\"a/b c\"}", 3.0);
    Map<String, Double> bounds = new TreeMap<>(seen);
    bounds.keySet().removeIf(k -> !k.contains("le=") && !k.contains("quantile="));
    assertEquals(expected, bounds, seen.toString());
  }

  /**
   * Whether the backend can delete what it holds for a job. One that cannot (remote write: a
   * receiver keeps what it was sent) must refuse to, saying so, never do nothing in silence.
   */
  protected boolean canDelete() {
    return true;
  }

  @Test
  void deleteRemovesEverythingOrRefusesSayingWhy() throws IOException {
    Job job = newJob();
    Reporter reporter = reporter();
    ContractRuns.succeedWith(reporter, job, clock, 1, true);
    if (!canDelete()) {
      assertThatThrownBy(() -> reporter.delete(job))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining(job.name());
      assertThat(exposed(job)).as("nothing was removed").isNotEmpty();
      return;
    }
    reporter.delete(job);
    assertEquals(Map.of(), exposed(job));
    reporter.delete(job); // deleting what is gone is not an error
  }

  @Test
  void badInputIsRefusedTheSameWay() throws IOException {
    Job job = newJob();
    Reporter reporter = reporter();
    Collector stamped =
        () ->
            new GaugeSnapshot(
                new MetricMetadata("stamped", "Has a timestamp."),
                List.of(new GaugeDataPointSnapshot(1, Labels.EMPTY, null, T0.toEpochMilli())));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> reporter.run(job, run -> run.registry().register(stamped)));
    assertThat(e.getMessage()).contains("'stamped': sample has a timestamp");
    // Found only at the end: left out and named, and the run's outcome is still reported.
    assertThat(exposed(job))
        .containsEntry(BatchMetrics.LAST_RUN_SUCCESS + "{" + id(job) + "}", 1.0)
        .allSatisfy((series, value) -> assertThat(series).doesNotStartWith("stamped"));
    // Refused at registration, inside the run: the exception escapes, so the run reports a failure.
    clock.advance(Duration.ofSeconds(1)); // a receiver refuses a second value at one timestamp
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                reporter.run(
                    job,
                    run ->
                        Gauge.builder()
                            .name("g")
                            .help("h")
                            .labelNames("shard")
                            .register(run.registry())));
    assertThat(e.getMessage()).startsWith("'shard': label name is a grouping label");
    assertEquals(0.0, exposed(job).get(BatchMetrics.LAST_RUN_SUCCESS + "{" + id(job) + "}"));
  }

  /** See {@link ExposedSeries#of}. */
  protected static Map<String, Double> seriesOf(
      InputStream in, Job job, Set<String> excludedFamilies) throws IOException {
    return ExposedSeries.of(in, job, excludedFamilies);
  }
}
