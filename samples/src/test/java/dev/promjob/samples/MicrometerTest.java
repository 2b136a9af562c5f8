package dev.promjob.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.LogCapture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Gauge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promjob in an application that uses Micrometer, with this module's class path as such an
 * application has it: micrometer-registry-prometheus 1.17.2 declared before promjob-lib, which
 * excludes client_java's prometheus-metrics-tracer-initializer (see the pom).
 */
class MicrometerTest {
  @TempDir Path dir;

  final Job job = Job.machineBound("orders_export").build();

  Reporter reporter(ReportErrorPolicy policy) {
    return Reporter.builder().textfileDirectory(dir).reportErrors(policy).build();
  }

  String file() throws Exception {
    return Files.readString(dir.resolve("orders_export.prom"), StandardCharsets.UTF_8);
  }

  /** client_java's metrics load the tracer initializer on first use: promjob must bring it. */
  @Test
  void aGaugeOnTheRunsRegistryIsRecordedAndReported() throws Exception {
    Outcome outcome =
        reporter(ReportErrorPolicy.THROW)
            .run(
                job,
                run ->
                    Gauge.builder()
                        .name("orders_exported")
                        .help("Orders exported.")
                        .register(run.registry())
                        .set(42));

    assertThat(outcome).isEqualTo(Outcome.SUCCESS);
    assertThat(file()).contains("orders_exported{job_name=\"orders_export\"} 42.0");
  }

  /** Micrometer's meters without a description have no HELP: left out and named, never the run. */
  static PrometheusMeterRegistry meters() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    io.micrometer.core.instrument.Counter.builder("orders.failed").register(meters).increment(2);
    io.micrometer.core.instrument.Gauge.builder("orders.queue", () -> 5)
        .description("Orders waiting.")
        .register(meters);
    return meters;
  }

  @Test
  void anIncludedMicrometerRegistryIsReportedButForItsMetersWithoutHelp() throws Exception {
    PrometheusMeterRegistry meters = meters();
    try (LogCapture log = LogCapture.start()) {
      Outcome outcome =
          reporter(ReportErrorPolicy.LOG)
              .run(
                  job,
                  run -> {
                    run.include(meters.getPrometheusRegistry());
                    Gauge.builder()
                        .name("orders_exported")
                        .help("Exported.")
                        .register(run.registry())
                        .set(42);
                  });

      assertThat(outcome).isEqualTo(Outcome.SUCCESS);
      assertThat(log.messages())
          .singleElement()
          .asString()
          .startsWith("job 'orders_export': left out of its report, the rest delivered:")
          .contains("'orders_failed': metric needs a help text");
    }
    assertThat(file())
        .contains("orders_queue{job_name=\"orders_export\"} 5.0")
        .contains("orders_exported{job_name=\"orders_export\"} 42.0")
        .contains("promjob_last_run_success{job_name=\"orders_export\"} 1.0")
        .doesNotContain("orders_failed");
  }

  @Test
  void underThrowTheRefusalComesAfterTheReportIsWritten() throws Exception {
    PrometheusMeterRegistry meters = meters();
    assertThatThrownBy(
            () ->
                reporter(ReportErrorPolicy.THROW)
                    .run(job, run -> run.include(meters.getPrometheusRegistry())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'orders_failed': metric needs a help text");
    assertThat(file())
        .contains("orders_queue{job_name=\"orders_export\"} 5.0")
        .contains("promjob_last_run_success{job_name=\"orders_export\"} 1.0");
  }
}
