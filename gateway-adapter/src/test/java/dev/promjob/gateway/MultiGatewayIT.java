package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.Binaries;
import dev.promjob.testing.LogCapture;
import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two and three real Pushgateways 1.5.1 behind one backend: every report reaches each at once,
 * within the one deadline; one down or hanging costs nothing but a warning naming it; both down
 * leave the job's own exception as it was; a gateway restarted empty gets the job's state back at
 * the next failed run.
 */
class MultiGatewayIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final Duration DEADLINE = Duration.ofSeconds(3);
  static final Job JOB = Job.serviceLevel("orders_export").groupingLabel("region", "eu").build();

  @TempDir Path tmp;
  private final List<ServerProcess> started = new ArrayList<>();
  private final List<Long> stopped = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (long pid : stopped) {
      signal("CONT", pid); // a stopped process would not see the TERM
    }
    started.forEach(ServerProcess::close);
  }

  /** A gateway on {@code port} (0: a free one), its persistence file in this test's directory. */
  ServerProcess gateway(int port, boolean persistent) throws IOException {
    List<String> cmd =
        List.of(
            Binaries.pushgateway().toString(),
            "--web.listen-address=127.0.0.1:{port}",
            "--persistence.file="
                + (persistent ? tmp.resolve("pg-" + started.size() + ".db").toString() : ""));
    ServerProcess s =
        port == 0
            ? ServerProcess.start("pushgateway", cmd, false, LOGS)
            : ServerProcess.start("pushgateway", cmd, false, LOGS, port);
    started.add(s);
    s.awaitReady("/-/ready", body -> true);
    return s;
  }

  ServerProcess gateway() throws IOException {
    return gateway(0, true);
  }

  /** SIGSTOP: the kernel still accepts its connections, but it never answers. */
  void hang(ServerProcess s) throws IOException {
    signal("STOP", s.pid());
    stopped.add(s.pid());
  }

  static void signal(String name, long pid) throws IOException {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IOException("kill -" + name + " " + pid + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static Reporter reporter(String urls, Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(extra);
    config.put(Config.BACKEND, "pushgateway");
    config.put(PushgatewayKeys.URL, urls);
    config.put(PushgatewayKeys.DEADLINE, DEADLINE.toSeconds() + "s");
    return Reporter.builder()
        .config(Config.of(config))
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  static String urls(ServerProcess... gateways) {
    List<String> all = new ArrayList<>();
    for (ServerProcess g : gateways) {
      all.add(g.baseUrl());
    }
    return String.join(",", all);
  }

  static IllegalStateException fail(Reporter reporter) {
    return assertThrows(
        IllegalStateException.class,
        () ->
            reporter.run(
                JOB,
                run -> {
                  throw new IllegalStateException("export failed");
                }));
  }

  /** The group's promjob_ series as the gateway serves them, verbatim, for the closing note. */
  static List<String> held(ServerProcess gateway) throws IOException {
    HttpResponse<String> r = gateway.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body()
        .lines()
        .filter(l -> l.startsWith("promjob_") && l.contains("job=\"" + JOB.name() + "\""))
        .toList();
  }

  static String value(List<String> series, String name) {
    return series.stream()
        .filter(l -> l.startsWith(name + "{"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElse("absent");
  }

  static void show(String step, ServerProcess... gateways) throws IOException {
    for (ServerProcess g : gateways) {
      System.out.println("-- " + step + ", gateway :" + g.port() + " holds:");
      held(g).forEach(System.out::println);
    }
  }

  static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void bothUpBothHoldEveryReportAndTheDeleteRemovesBoth() throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway();
    Reporter reporter = reporter(urls(a, b), Map.of());
    reporter.run(JOB, run -> {});
    fail(reporter);
    show("both up, a success then a failure", a, b);
    for (ServerProcess g : List.of(a, b)) {
      assertThat(value(held(g), BatchMetrics.CONSECUTIVE_FAILURES)).isEqualTo("1");
      assertThat(value(held(g), BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo("0");
      assertThat(value(held(g), BatchMetrics.LAST_SUCCESS)).isNotEqualTo("absent");
    }
    reporter.delete(JOB);
    assertThat(held(a)).isEmpty();
    assertThat(held(b)).isEmpty();
  }

  /** A group left on the gateway that was down would come back with it: the delete fails. */
  @Test
  void aDeleteOneGatewayMissedFailsNamingItThoughTheOtherDeletedTheGroup() throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway();
    Reporter reporter = reporter(urls(a, b), Map.of(PushgatewayKeys.RETRIES, "1"));
    reporter.run(JOB, run -> {});
    String bGroup = "DELETE " + b.baseUrl() + "/metrics/job/";
    b.close(); // nothing listens there any more
    assertThatThrownBy(() -> reporter.delete(JOB))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("deleted from 1 of 2 Pushgateways; not deleted from [" + bGroup)
        .hasMessageNotContaining("accepted");
    show("a deleted, b down during the delete", a);
    assertThat(held(a)).isEmpty();
  }

  @Test
  void oneDownIsNamedInOneWarningAndTheOtherHoldsTheReport() throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway();
    Reporter reporter = reporter(urls(a, b), Map.of(PushgatewayKeys.RETRIES, "1"));
    b.close(); // nothing listens there any more
    try (LogCapture log = LogCapture.start()) {
      reporter.run(JOB, run -> {});
      show("b down during a success", a);
      assertThat(value(held(a), BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo("1");
      assertThat(log.messages())
          .filteredOn(m -> m.contains("Pushgateways accepted"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m)
                      .startsWith("1 of 2 Pushgateways accepted the report (1 needed)")
                      .contains("[PUT " + b.baseUrl() + "/metrics/job/orders_export/region/eu:")
                      .contains("Connection refused")
                      .doesNotContain("[PUT " + a.baseUrl()));
    }
  }

  @Test
  void tooFewAcceptedIsTheReportsErrorNamingTheOneDown() throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway();
    Reporter reporter =
        reporter(
            urls(a, b), Map.of(PushgatewayKeys.RETRIES, "0", PushgatewayKeys.MIN_ACCEPTED, "2"));
    b.close();
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> reporter.run(JOB, run -> {}));
    assertThat(e.getCause())
        .hasMessageStartingWith("only 1 of 2 Pushgateways accepted the report, 2 needed: [PUT ")
        .hasMessageContaining(b.baseUrl())
        .hasMessageNotContaining("[PUT " + a.baseUrl());
    show("b down, min_accepted=2: a still took it", a);
    assertThat(value(held(a), BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo("1");
  }

  @Test
  void twoHangingOfThreeCostTheDeadlineOnceAndTheThirdHoldsTheReport() throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway();
    ServerProcess c = gateway();
    Reporter reporter = reporter(urls(a, b, c), Map.of());
    reporter.run(JOB, run -> {});
    hang(a);
    hang(b);
    try (LogCapture log = LogCapture.start()) {
      long start = System.nanoTime();
      fail(reporter); // reads, then POSTs: both within the one deadline
      long took = millisSince(start);
      System.out.println("-- a and b hanging: the failed run's report took " + took + " ms");
      assertThat(took).as("one deadline, not one per gateway").isLessThan(2 * DEADLINE.toMillis());
      show("a and b hanging (SIGSTOP) during a failed run", c);
      assertThat(value(held(c), BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo("0");
      assertThat(value(held(c), BatchMetrics.CONSECUTIVE_FAILURES)).isEqualTo("1");
      assertThat(log.messages())
          .filteredOn(m -> m.contains("Pushgateways accepted"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m)
                      .startsWith("1 of 3 Pushgateways accepted the report (1 needed)")
                      .contains("[POST " + a.baseUrl())
                      .contains("[POST " + b.baseUrl()));
    }
    // Woken, a gateway may still apply the request its kernel buffered after promjob gave up on
    // it: shown for the record, not asserted.
    signal("CONT", a.pid());
    signal("CONT", b.pid());
    show("a and b after SIGCONT", a, b);
  }

  @Test
  void aGatewayRestartedEmptyGetsTheLastSuccessAndTheCountBackAtTheNextFailedRun()
      throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway(0, false); // in memory
    int port = b.port();
    Reporter reporter = reporter(urls(a, b), Map.of());
    reporter.run(JOB, run -> {});
    fail(reporter);
    String lastSuccess = value(held(a), BatchMetrics.LAST_SUCCESS);
    show("a success and a failure", a, b);
    b.close();
    ServerProcess restarted = gateway(port, false);
    assertThat(held(restarted)).as("empty after the restart").isEmpty();
    fail(reporter);
    show("b restarted empty, then a failed run", a, restarted);
    assertThat(value(held(restarted), BatchMetrics.LAST_SUCCESS))
        .as("restored from a")
        .isEqualTo(lastSuccess);
    assertThat(value(held(restarted), BatchMetrics.CONSECUTIVE_FAILURES))
        .as("a's count, plus this run")
        .isEqualTo("2");
    assertThat(value(held(a), BatchMetrics.LAST_SUCCESS)).isEqualTo(lastSuccess);
    assertThat(value(held(a), BatchMetrics.CONSECUTIVE_FAILURES)).isEqualTo("2");
  }

  @Test
  void bothDownLeaveTheJobsExceptionAsItWasWithinTheDeadlineNamingBothNeverThePassword()
      throws IOException {
    ServerProcess a = gateway();
    ServerProcess b = gateway();
    String secret = "s3cret-pw-9f2";
    String urls = "http://batch:" + secret + "@127.0.0.1:" + a.port() + "," + b.baseUrl();
    Reporter reporter = reporter(urls, Map.of());
    a.close();
    b.close();
    try (LogCapture log = LogCapture.start()) {
      long start = System.nanoTime();
      IllegalStateException e = fail(reporter);
      long took = millisSince(start);
      System.out.println("-- both down: the failed run's report took " + took + " ms");
      // The deadline, the grace a transport has to say why it gave up, and slack for a busy host.
      assertThat(took).isLessThan(DEADLINE.toMillis() + Fanout.GRACE_NANOS / 1_000_000 + 1000);
      assertThat(e).hasMessage("export failed");
      assertThat(e.getSuppressed()).hasSize(1);
      Throwable report = e.getSuppressed()[0];
      assertThat(report)
          .hasMessageStartingWith("only 0 of 2 Pushgateways accepted the report, 1 needed: [POST ")
          .hasMessageContaining("[POST " + a.baseUrl() + "/metrics/job/orders_export/region/eu:")
          .hasMessageContaining("[POST " + b.baseUrl() + "/metrics/job/orders_export/region/eu:");
      System.out.println("-- both down, the report's error: " + report.getMessage());
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(secret).doesNotContain("batch:");
      assertThat(String.join("\n", log.messages())).doesNotContain(secret);
      assertThat(reporter.toString()).doesNotContain(secret);
    }
  }
}
