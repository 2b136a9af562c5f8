package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.promjob.spi.Exposition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the shutdown hook reports: the runs still in flight, as failed, once. */
class ShutdownReportsTest {
  @Test
  void reportsARunInFlightAsFailedAndLetsTheBodyFinishQuietly() {
    ReporterTest.Named backend = new ReporterTest.Named("memory");
    Reporter reporter = Reporter.builder().backend(Scope.MACHINE_BOUND, backend).build();
    Run inFlight = reporter.start(Job.machineBound("cut_short").build());
    Run finished = reporter.start(Job.machineBound("finished").build());
    finished.success();
    ShutdownReports.reportAll();
    assertThat(backend.reports)
        .extracting(r -> r.job().name() + " " + r.outcome())
        .containsExactly("finished SUCCESS", "cut_short FAILURE");
    assertThat(inFlight.outcome()).contains(Outcome.FAILURE);
    assertThatCode(inFlight::success)
        .as("the body ending after shutdown is no mistake")
        .doesNotThrowAnyException();
    ShutdownReports.reportAll();
    assertThat(backend.reports).hasSize(2);
  }

  @Test
  void aReporterToldNotToLeavesItsRunsAlone() {
    ReporterTest.Named backend = new ReporterTest.Named("memory");
    Reporter reporter =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, backend)
            .reportOnShutdown(false, Duration.ofSeconds(1))
            .build();
    Run run = reporter.start(Job.machineBound("not_tracked").build());
    ShutdownReports.reportAll();
    assertThat(backend.reports).isEmpty();
    run.success();
    assertThat(backend.reports).hasSize(1);
  }

  @Test
  void configurationTurnsItOffAndBoundsIt() {
    ReporterTest.Named backend = new ReporterTest.Named("memory");
    Reporter reporter =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, backend)
            .config(
                Config.of(
                    java.util.Map.of(
                        Config.SHUTDOWN_REPORT, "FALSE", Config.SHUTDOWN_TIMEOUT, "2s")))
            .build();
    Run run = reporter.start(Job.machineBound("not_tracked_either").build());
    ShutdownReports.reportAll();
    assertThat(backend.reports).isEmpty();
    run.failure();
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    Reporter.builder()
                        .config(Config.of(java.util.Map.of(Config.SHUTDOWN_REPORT, "maybe")))
                        .build()))
        .hasMessage("'maybe': promjob.shutdown.report must be true or false");
  }

  @Test
  void aReportThatOutlivesTheTimeoutIsLeftAndSaidSo() {
    java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
    ReporterTest.Named slow =
        new ReporterTest.Named("slow") {
          @Override
          public void publish(Exposition exposition) throws java.io.IOException {
            Report report = exposition.report();
            try {
              stuck.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.report(report);
          }
        };
    Reporter reporter =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, slow)
            .reportOnShutdown(true, Duration.ofMillis(200))
            .build();
    reporter.start(Job.machineBound("stuck_report").build());
    try (dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      ShutdownReports.reportAll();
      // Runs other tests left in flight share the hook, and the wait is the longest of their
      // timeouts: the words are checked, not the figure.
      assertThat(log.messages())
          .anyMatch(
              m ->
                  m.startsWith("a report of a run cut short by shutdown did not finish within ")
                      && m.endsWith(" ms (promjob.shutdown.timeout)"));
    } finally {
      stuck.countDown();
    }
  }
}
