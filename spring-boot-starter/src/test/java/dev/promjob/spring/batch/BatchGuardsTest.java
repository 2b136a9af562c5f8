package dev.promjob.spring.batch;

import static dev.promjob.spring.batch.BatchApps.parameters;
import static dev.promjob.spring.batch.BatchApps.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Nothing promjob does fails or changes a batch job: a real Boot application whose reporter's
 * backend breaks the way a class path does ({@link NoClassDefFoundError}) once the application has
 * started. The job completes as it would without promjob, and the failure is one log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class BatchGuardsTest {
  /** What the backend does once armed (at start-up it accepts, as a healthy one). */
  enum Breaks {
    NOTHING,
    AT_START,
    AT_REPORT
  }

  static volatile Breaks breaks = Breaks.NOTHING;
  static final AtomicInteger reports = new AtomicInteger();

  static final class BrokenBackend implements Backend {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public String location(Job job) {
      return "nowhere";
    }

    @Override
    public void check(Job job) {
      if (breaks == Breaks.AT_START) {
        throw new NoClassDefFoundError("io/prometheus/metrics/SomethingMissing");
      }
    }

    @Override
    public void publish(Exposition exposition) {
      reports.incrementAndGet();
      if (breaks == Breaks.AT_REPORT) {
        throw new NoClassDefFoundError("io/prometheus/metrics/SomethingMissing");
      }
    }

    @Override
    public void delete(Job job) {}
  }

  /** The application's own reporter, as a user may declare one. */
  @Configuration(proxyBeanMethods = false)
  static class BrokenReporter {
    @Bean
    Reporter reporter(Config promjobConfig) {
      return Reporter.builder()
          .config(promjobConfig)
          .backend(Scope.MACHINE_BOUND, new BrokenBackend())
          .build();
    }
  }

  @BeforeEach
  void reset() {
    breaks = Breaks.NOTHING;
    reports.set(0);
    ItemsJobs.failing = true;
  }

  private static ConfigurableApplicationContext app() {
    // errors=throw: lib hands the report's error to the caller, the listener, instead of logging
    return BatchApps.start(Map.of("promjob.report.errors", "throw"), BrokenReporter.class);
  }

  @Test
  void aLinkageErrorWhenTheRunStartsNeitherFailsNorChangesTheJob(CapturedOutput output)
      throws Exception {
    try (ConfigurableApplicationContext app = app()) {
      breaks = Breaks.AT_START;
      var done = run(app, "itemsJob", parameters().toJobParameters());
      assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(done.getExitStatus().getExitCode())
          .isEqualTo("COMPLETED_WITH_SKIPS"); // as the application left it
      assertThat(reports).hasValue(0);
      assertThat(promjobLines(output))
          .containsExactly(
              "promjob: Spring Batch job 'itemsJob' execution "
                  + done.getId()
                  + ": its run could not start, this execution is not reported:"
                  + " java.lang.NoClassDefFoundError: io/prometheus/metrics/SomethingMissing");
    }
  }

  @Test
  void aLinkageErrorWhenTheRunReportsNeitherFailsNorChangesTheJob(CapturedOutput output)
      throws Exception {
    try (ConfigurableApplicationContext app = app()) {
      breaks = Breaks.AT_REPORT;
      var done = run(app, "itemsJob", parameters().toJobParameters());
      assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(done.getExitStatus().getExitCode())
          .isEqualTo("COMPLETED_WITH_SKIPS"); // as the application left it
      assertThat(reports).hasValue(1);
      assertThat(promjobLines(output))
          .containsExactly(
              "promjob: Spring Batch job 'itemsJob' execution "
                  + done.getId()
                  + ": report failed:"
                  + " java.lang.NoClassDefFoundError: io/prometheus/metrics/SomethingMissing");
    }
  }

  @Test
  void aFailedJobKeepsItsOwnExceptionsUntouched() throws Exception {
    try (ConfigurableApplicationContext app = app()) {
      breaks = Breaks.AT_REPORT;
      var failed = run(app, "itemsJob", parameters().addLong("failAt", 12L).toJobParameters());
      assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
      assertThat(reports).hasValue(1);
      // lib adds a report's error to the run's cause: promjob's own, never Spring Batch's.
      assertThat(failed.getAllFailureExceptions())
          .allSatisfy(e -> assertThat(e.getSuppressed()).isEmpty());
    }
  }

  @Test
  void aGatewayThatNeverAnswersHoldsTheJobNoLongerThanLibsDeadline(CapturedOutput output)
      throws Exception {
    // A port that accepts connections and never answers: the worst a gateway can do.
    try (ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ConfigurableApplicationContext app =
            BatchApps.start(
                Map.of(
                    "promjob.batch.scope", "service-level",
                    "promjob.pushgateway.url", "http://127.0.0.1:" + hole.getLocalPort(),
                    "promjob.pushgateway.deadline", "1s"))) {
      CompletableFuture<BatchStatus> done =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return run(app, "itemsJob", parameters().toJobParameters()).getStatus();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // Bounded by the deadline (1 s, plus the start-up of the HTTP classes); never by the gateway.
      assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(BatchStatus.COMPLETED);
      assertThat(output.getAll()).contains("job 'itemsJob': report failed");
    }
  }

  /** The lines promjob's batch listener logged, without the logger's prefix. */
  private static java.util.List<String> promjobLines(CapturedOutput output) {
    return Arrays.stream(output.getAll().split("\n"))
        .filter(l -> l.contains("promjob: Spring Batch job"))
        .map(l -> l.substring(l.indexOf("promjob: Spring Batch job")))
        .toList();
  }
}
