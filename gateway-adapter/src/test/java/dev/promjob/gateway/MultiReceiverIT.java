package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.contract.ManualClock;
import dev.promjob.testing.LogCapture;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.VictoriaMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote write to two receivers at once, a real Prometheus and a real VictoriaMetrics (an HA pair
 * in spirit): both hold every report; one down costs a warning naming it.
 */
class MultiReceiverIT {
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
  static final Path LOGS = Path.of("target", "it-logs");
  static final Job JOB = Job.serviceLevel("rw_pair").expectedInterval(Duration.ofHours(1)).build();

  @TempDir Path tmp;

  static Reporter reporter(String urls, ManualClock clock) {
    return Reporter.builder()
        .config(
            Config.of(
                Map.of(
                    Config.BACKEND, "remote_write",
                    RemoteWriteKeys.URL, urls,
                    RemoteWriteKeys.RETRIES, "1",
                    RemoteWriteKeys.DEADLINE, "5s")))
        .clock(clock)
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  static String lastRun(Map<String, Double> stored) {
    return String.valueOf(stored.get(BatchMetrics.LAST_RUN_SUCCESS + "{job_name=\"rw_pair\"}"));
  }

  @Test
  void bothReceiversHoldEveryReportAndOneDownIsNamedInOneWarning() throws IOException {
    VictoriaMetrics victoria = VictoriaMetrics.start(tmp.resolve("vm"), LOGS);
    try (Prometheus prometheus = RemoteWriteIT.receivingPrometheus(tmp)) {
      ManualClock clock = new ManualClock(START);
      Reporter reporter =
          reporter(prometheus.remoteWriteUrl() + "," + victoria.remoteWriteUrl(), clock);
      reporter.run(JOB, run -> {});
      Map<String, Double> inPrometheus =
          prometheus.lastValues("{job=\"rw_pair\"}", "1h", clock.instant());
      Map<String, Double> inVictoria =
          victoria.lastValues("{job=\"rw_pair\"}", "1h", clock.instant());
      System.out.println("-- both up, Prometheus holds: " + inPrometheus);
      System.out.println("-- both up, VictoriaMetrics holds: " + inVictoria);
      assertThat(inVictoria).isEqualTo(inPrometheus);
      assertThat(lastRun(inPrometheus)).isEqualTo("1.0");

      victoria.close(); // nothing listens there any more
      clock.advance(Duration.ofMinutes(10));
      try (LogCapture log = LogCapture.start()) {
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                reporter.run(
                    JOB,
                    run -> {
                      throw new IllegalStateException("export failed");
                    }));
        assertThat(log.messages())
            .filteredOn(m -> m.contains("remote-write receivers accepted"))
            .singleElement()
            .satisfies(
                m ->
                    assertThat(m)
                        .startsWith("1 of 2 remote-write receivers accepted the report (1 needed)")
                        .contains("[POST " + victoria.remoteWriteUrl() + ":")
                        .doesNotContain("[POST " + prometheus.remoteWriteUrl()));
      }
      Map<String, Double> after = prometheus.lastValues("{job=\"rw_pair\"}", "1h", clock.instant());
      System.out.println("-- VictoriaMetrics down, Prometheus holds: " + after);
      assertThat(lastRun(after)).isEqualTo("0.0");
    } finally {
      victoria.close();
    }
  }
}
