package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.contract.ManualClock;
import dev.promjob.testing.Pushgateway;
import dev.promjob.testing.VictoriaMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in progress on the real Pushgateway and a real remote-write receiver (VictoriaMetrics),
 * seen while the body runs, and replaced by the report once it ends.
 */
class InProgressIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path tmp;

  static Reporter reporter(dev.promjob.spi.Backend backend, java.time.InstantSource clock) {
    return Reporter.builder()
        .backend(Scope.SERVICE_LEVEL, backend)
        .clock(clock)
        .reportErrors(ReportErrorPolicy.THROW)
        .reportOnShutdown(false, Duration.ofSeconds(1))
        .build();
  }

  static String group(String metrics, String job) {
    return metrics
        .lines()
        .filter(l -> l.startsWith("promjob_") && l.contains("job=\"" + job + "\""))
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  @Test
  void theGatewayServesTheRunInProgressBesideTheLastSuccessAndTheReportReplacesIt()
      throws Exception {
    try (Pushgateway gw = Pushgateway.start(LOGS)) {
      Reporter reporter =
          reporter(
              PushgatewayBackend.builder().url(URI.create(gw.url())).build(),
              java.time.InstantSource.system());
      Job job =
          Job.serviceLevel("ip_export")
              .groupingLabel("region", "eu")
              .maxRuntime(Duration.ofHours(1))
              .build();
      reporter.run(job, run -> {});
      String first = group(gw.get("/metrics"), "ip_export");
      String lastSuccess =
          first.lines().filter(l -> l.startsWith("promjob_last_success")).findFirst().orElseThrow();
      String[] running = new String[1];
      try {
        reporter.run(
            job,
            run -> {
              running[0] = group(gw.get("/metrics"), "ip_export");
              throw new IOException("the export failed");
            });
      } catch (IOException expected) {
        // the body's failure, reported as a failed run
      }
      String ended = group(gw.get("/metrics"), "ip_export");
      System.out.println("Pushgateway while running:\n" + running[0] + "\nafter:\n" + ended);
      assertThat(running[0])
          .contains(lastSuccess)
          .contains(
              "promjob_runs_in_progress{instance=\"\",job=\"ip_export\",job_name=\"ip_export\",region=\"eu\"} 1")
          .contains(
              "promjob_max_runtime_seconds{instance=\"\",job=\"ip_export\",job_name=\"ip_export\",region=\"eu\"}"
                  + " 3600")
          .contains(
              "promjob_last_run_success{instance=\"\",job=\"ip_export\",job_name=\"ip_export\",region=\"eu\"} 1");
      assertThat(ended)
          .contains(lastSuccess)
          .contains(
              "promjob_runs_in_progress{instance=\"\",job=\"ip_export\",job_name=\"ip_export\",region=\"eu\"} 0")
          .contains(
              "promjob_last_run_success{instance=\"\",job=\"ip_export\",job_name=\"ip_export\",region=\"eu\"} 0");
    }
  }

  @Test
  void aRemoteWriteReceiverStoresTheStartAtItsTimeAndTheEndAtItsOwn() throws Exception {
    try (VictoriaMetrics victoria = VictoriaMetrics.start(tmp.resolve("vm"), LOGS)) {
      ManualClock clock = new ManualClock(START);
      Reporter reporter =
          reporter(
              RemoteWriteBackend.builder().url(URI.create(victoria.remoteWriteUrl())).build(),
              clock);
      Job job = Job.serviceLevel("ip_rw").maxRuntime(Duration.ofMinutes(30)).build();
      Map<String, Double> running = new TreeMap<>();
      reporter.run(
          job,
          run -> {
            running.putAll(victoria.lastValues("{job=\"ip_rw\"}", "1h", START.plusSeconds(1)));
            clock.advance(Duration.ofMinutes(2));
          });
      Map<String, Double> ended =
          new TreeMap<>(victoria.lastValues("{job=\"ip_rw\"}", "1h", clock.instant()));
      System.out.println("VictoriaMetrics while running:\n" + running + "\nafter:\n" + ended);
      double start = START.getEpochSecond();
      assertThat(running)
          .containsEntry("promjob_runs_in_progress{job_name=\"ip_rw\"}", 1.0)
          .containsEntry("promjob_run_start_timestamp_seconds{job_name=\"ip_rw\"}", start)
          .containsEntry("promjob_max_runtime_seconds{job_name=\"ip_rw\"}", 1800.0)
          .doesNotContainKey("promjob_last_run_success{job_name=\"ip_rw\"}");
      assertThat(ended)
          .containsEntry("promjob_runs_in_progress{job_name=\"ip_rw\"}", 0.0)
          .containsEntry("promjob_run_start_timestamp_seconds{job_name=\"ip_rw\"}", start)
          .containsEntry("promjob_last_run_success{job_name=\"ip_rw\"}", 1.0);
    }
  }
}
