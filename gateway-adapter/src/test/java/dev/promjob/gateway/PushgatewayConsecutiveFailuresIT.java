package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.Binaries;
import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real Pushgateway 1.5.1 counts consecutive failures: a failed run reads the count its group
 * holds and adds one; a success puts 0. A gateway restarted empty (in memory, no persistence) has
 * lost the count, as it has lost the last success: the count starts again from what it holds.
 */
class PushgatewayConsecutiveFailuresIT {
  static final Path LOGS = Path.of("target", "it-logs");
  private final List<ServerProcess> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(ServerProcess::close);
  }

  /** A gateway in memory on {@code port} (0: a free one), as Debian runs it without persistence. */
  ServerProcess gateway(int port) throws IOException {
    List<String> cmd =
        List.of(
            Binaries.pushgateway().toString(),
            "--web.listen-address=127.0.0.1:{port}",
            "--persistence.file=");
    ServerProcess s =
        port == 0
            ? ServerProcess.start("pushgateway", cmd, false, LOGS)
            : ServerProcess.start("pushgateway", cmd, false, LOGS, port);
    started.add(s);
    s.awaitReady("/-/ready", body -> true);
    return s;
  }

  static Reporter reporter(ServerProcess gateway, int port) {
    return Reporter.builder()
        .config(
            Config.of(
                Map.of(
                    Config.BACKEND,
                    "pushgateway",
                    PushgatewayKeys.URL,
                    "http://127.0.0.1:" + port)))
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  static void fail(Reporter reporter, Job job) {
    assertThrows(
        IllegalStateException.class,
        () ->
            reporter.run(
                job,
                run -> {
                  throw new IllegalStateException("export failed");
                }));
  }

  /** The group's promjob_ series as the gateway serves them, verbatim, for the closing note. */
  static List<String> series(ServerProcess gateway, Job job) throws IOException {
    HttpResponse<String> r = gateway.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body()
        .lines()
        .filter(l -> l.startsWith("promjob_") && l.contains("job=\"" + job.name() + "\""))
        .toList();
  }

  static String value(List<String> series, String name) {
    return series.stream()
        .filter(l -> l.startsWith(name + "{"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElse("absent");
  }

  static void show(String step, List<String> series) {
    System.out.println("-- after " + step + ":");
    series.forEach(System.out::println);
  }

  @Test
  void threeFailuresThenASuccessCountOneTwoThreeZero() throws IOException {
    ServerProcess gateway = gateway(0);
    Reporter reporter = reporter(gateway, gateway.port());
    Job job = Job.serviceLevel("orders_export").groupingLabel("region", "eu").build();
    List<String> counts = new ArrayList<>();
    List<String> lastSuccess = new ArrayList<>();
    reporter.run(job, run -> {});
    for (String step : List.of("fail", "fail", "fail", "succeed")) {
      if (step.equals("fail")) {
        fail(reporter, job);
      } else {
        reporter.run(job, run -> {});
      }
      List<String> series = series(gateway, job);
      show(step, series);
      counts.add(value(series, BatchMetrics.CONSECUTIVE_FAILURES));
      lastSuccess.add(value(series, BatchMetrics.LAST_SUCCESS));
    }
    assertThat(counts).containsExactly("1", "2", "3", "0");
    assertThat(lastSuccess.subList(0, 3))
        .as("kept by the failures")
        .containsOnly(lastSuccess.get(0));
    assertThat(lastSuccess.get(3)).isNotEqualTo(lastSuccess.get(0));
  }

  @Test
  void aGatewayRestartedEmptyCountsAgainFromWhatItHolds() throws IOException {
    ServerProcess gateway = gateway(0);
    int port = gateway.port();
    Reporter reporter = reporter(gateway, port);
    Job job = Job.serviceLevel("orders_export").groupingLabel("region", "eu").build();
    List<String> counts = new ArrayList<>();
    reporter.run(job, run -> {});
    fail(reporter, job);
    fail(reporter, job);
    counts.add(value(series(gateway, job), BatchMetrics.CONSECUTIVE_FAILURES));
    show("succeed, fail, fail", series(gateway, job));
    gateway.close(); // in memory: everything it held is gone
    ServerProcess restarted = gateway(port);
    assertThat(series(restarted, job)).as("empty after the restart").isEmpty();
    fail(reporter, job);
    List<String> afterRestart = series(restarted, job);
    show("a restart, then fail", afterRestart);
    counts.add(value(afterRestart, BatchMetrics.CONSECUTIVE_FAILURES));
    fail(reporter, job);
    counts.add(value(series(restarted, job), BatchMetrics.CONSECUTIVE_FAILURES));
    reporter.run(job, run -> {});
    counts.add(value(series(restarted, job), BatchMetrics.CONSECUTIVE_FAILURES));
    assertThat(counts).containsExactly("2", "1", "2", "0");
    assertThat(value(afterRestart, BatchMetrics.LAST_SUCCESS))
        .as("lost with the count, as before")
        .isEqualTo("absent");
  }
}
