package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.LogCapture;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user metric found unacceptable only at the end of a run (an included registry, a collector that
 * makes up its families when collected) is left out and named; it never costs the run's outcome:
 * the standard metrics and every acceptable family are still written.
 */
class LeftOutTest {
  @TempDir Path dir;

  final Job job = Job.machineBound("nightly").build();

  /** Two acceptable families and one without HELP, as many exporters' collectors make them. */
  static final MultiCollector MIXED =
      () ->
          new MetricSnapshots(
              new GaugeSnapshot(
                  new MetricMetadata("queue_depth", "Queue depth."),
                  List.of(new GaugeDataPointSnapshot(7, Labels.EMPTY, null))),
              new CounterSnapshot(
                  new MetricMetadata("rows_read", null),
                  List.of(new CounterDataPointSnapshot(3, Labels.EMPTY, null, 0))),
              new GaugeSnapshot(
                  new MetricMetadata("cache_bytes", "Cache size."),
                  List.of(new GaugeDataPointSnapshot(9, Labels.EMPTY, null))));

  Reporter reporter(ReportErrorPolicy policy) {
    return Reporter.builder().textfileDirectory(dir).reportErrors(policy).build();
  }

  String file() throws Exception {
    return Files.readString(dir.resolve("nightly.prom"), StandardCharsets.UTF_8);
  }

  @Test
  void underLogTheRunSucceedsWithTheRestWrittenAndTheLeftOutNamed() throws Exception {
    PrometheusRegistry theirs = new PrometheusRegistry();
    theirs.register(MIXED);
    try (LogCapture log = LogCapture.start()) {
      Outcome outcome =
          reporter(ReportErrorPolicy.LOG)
              .run(
                  job,
                  run -> {
                    run.include(theirs);
                    Gauge.builder().name("own").help("Own.").register(run.registry()).set(1);
                  });

      assertThat(outcome).isEqualTo(Outcome.SUCCESS);
      assertThat(log.messages())
          .singleElement()
          .asString()
          .startsWith("job 'nightly': left out of its report, the rest delivered: 'rows_read':")
          .contains("metric needs a help text");
    }
    assertThat(file())
        .contains("queue_depth{job_name=\"nightly\"} 7.0")
        .contains("cache_bytes{job_name=\"nightly\"} 9.0")
        .contains("own{job_name=\"nightly\"} 1.0")
        .contains("promjob_last_run_success{job_name=\"nightly\"} 1.0")
        .contains("promjob_last_success_timestamp_seconds{job_name=\"nightly\"}")
        .doesNotContain("rows_read");
  }

  @Test
  void underThrowTheRestIsWrittenFirstThenTheRefusalIsThrown() throws Exception {
    Run run = reporter(ReportErrorPolicy.THROW).start(job);
    run.registry().register(MIXED); // its families are only known once collected

    assertThatThrownBy(run::success)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "job 'nightly': left out of its report, the rest delivered: 'rows_read': metric"
                + " needs a help text");
    assertThat(run.outcome()).contains(Outcome.SUCCESS);
    assertThat(file())
        .contains("queue_depth{job_name=\"nightly\"} 7.0")
        .contains("promjob_last_run_success{job_name=\"nightly\"} 1.0");
  }

  @Test
  void aFailedRunIsWrittenAsFailedWithTheRefusalOnTheJobsException() throws Exception {
    PrometheusRegistry theirs = new PrometheusRegistry();
    theirs.register(MIXED);
    IllegalStateException own = new IllegalStateException("the job failed");
    assertThatThrownBy(
            () ->
                reporter(ReportErrorPolicy.THROW)
                    .run(
                        job,
                        run -> {
                          run.include(theirs);
                          throw own;
                        }))
        .isSameAs(own);

    assertThat(own.getSuppressed())
        .singleElement()
        .satisfies(e -> assertThat(e).hasMessageContaining("'rows_read'"));
    assertThat(file())
        .contains("promjob_last_run_success{job_name=\"nightly\"} 0.0")
        .contains("queue_depth{job_name=\"nightly\"} 7.0");
  }

  @Test
  void aRegistryThatCannotBeCollectedIsLeftOutWhole() throws Exception {
    PrometheusRegistry broken = new PrometheusRegistry();
    broken.register(
        (MultiCollector)
            () -> {
              throw new IllegalStateException("connection pool closed");
            });
    Run run = reporter(ReportErrorPolicy.THROW).start(job).include(broken);

    assertThatThrownBy(run::success)
        .hasMessage(
            "job 'nightly': left out of its report, the rest delivered: 'an included registry':"
                + " collecting it failed, all its metrics left out:"
                + " java.lang.IllegalStateException: connection pool closed");
    assertThat(file()).contains("promjob_last_run_success{job_name=\"nightly\"} 1.0");
  }
}
