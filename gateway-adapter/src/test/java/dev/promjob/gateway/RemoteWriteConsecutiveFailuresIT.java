package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.contract.ManualClock;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.VictoriaMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus 2.42 (remote-write receiver) and VictoriaMetrics 1.79: a failed run reads the
 * count from the receiver's query API and sends one more; fail, fail, fail, succeed stores 1, 2, 3,
 * 0. The runs are ten minutes apart, on a clock an hour in the past (a receiver stores one value
 * per time).
 */
class RemoteWriteConsecutiveFailuresIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final Job JOB =
      Job.serviceLevel("rw_consec").groupingLabel("path", "/srv/a b=\"c\"").build();

  private Path dir;
  private AutoCloseable server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      JavaChild.deleteTree(dir);
    }
  }

  interface LastValues {
    Map<String, Double> of(Instant at) throws IOException;
  }

  static List<Double> failThreeTimesThenSucceed(String write, String query, LastValues stored)
      throws IOException {
    ManualClock clock = new ManualClock(Instant.now().minus(1, ChronoUnit.HOURS));
    RemoteWriteBackend rw =
        RemoteWriteBackend.builder().url(URI.create(write)).queryUrl(URI.create(query)).build();
    Reporter reporter =
        Reporter.builder()
            .backend(Scope.SERVICE_LEVEL, rw)
            .clock(clock)
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    // as PromQl.lastValues writes a key: label values as stored, unescaped
    String count =
        BatchMetrics.CONSECUTIVE_FAILURES + "{job_name=\"rw_consec\",path=\"/srv/a b=\"c\"\"}";
    reporter.run(JOB, run -> {});
    stored.of(clock.instant()); // VictoriaMetrics: searchable now, as minutes later in real life
    List<Double> counts = new ArrayList<>();
    for (String step : List.of("fail", "fail", "fail", "succeed")) {
      clock.advance(Duration.ofMinutes(10));
      if (step.equals("fail")) {
        assertThrows(
            IllegalStateException.class,
            () ->
                reporter.run(
                    JOB,
                    run -> {
                      throw new IllegalStateException("export failed");
                    }));
      } else {
        reporter.run(JOB, run -> {});
      }
      Map<String, Double> seen = stored.of(clock.instant());
      System.out.println("-- after " + step + " (last values within 1h, job label left out):");
      seen.forEach((k, v) -> System.out.println(k + " " + v));
      counts.add(seen.get(count));
    }
    return counts;
  }

  @Test
  void prometheusStoresOneTwoThreeZero() throws IOException {
    dir = Files.createTempDirectory("promjob-rw-consec");
    Prometheus prometheus = RemoteWriteIT.receivingPrometheus(dir);
    server = prometheus;
    List<Double> counts =
        failThreeTimesThenSucceed(
            prometheus.remoteWriteUrl(),
            prometheus.url() + "/api/v1/query",
            at -> prometheus.lastValues("{job_name=\"rw_consec\"}", "1h", at));
    assertThat(counts).containsExactly(1.0, 2.0, 3.0, 0.0);
  }

  @Test
  void victoriaMetricsStoresOneTwoThreeZero() throws IOException {
    dir = Files.createTempDirectory("promjob-vm-consec");
    VictoriaMetrics victoria = VictoriaMetrics.start(dir.resolve("data"), LOGS);
    server = victoria;
    String write = victoria.remoteWriteUrl();
    List<Double> counts =
        failThreeTimesThenSucceed(
            write,
            write.replace("/api/v1/write", "/api/v1/query"),
            at -> victoria.lastValues("{job_name=\"rw_consec\"}", "1h", at));
    assertThat(counts).containsExactly(1.0, 2.0, 3.0, 0.0);
  }
}
