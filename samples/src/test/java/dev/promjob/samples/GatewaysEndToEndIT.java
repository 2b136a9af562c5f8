package dev.promjob.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.Binaries;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Prometheus.Sample;
import dev.promjob.testing.ServerProcess;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped scrape config and rules in a real Prometheus 2.42 scraping two real Pushgateways
 * (each persisting to its own file), every report delivered to both: one alert for a job that is
 * late, one for a job whose last run failed; none for a job while one gateway is restarted empty or
 * down, and PromjobPushgatewayDown for that gateway alone, naming it.
 */
class GatewaysEndToEndIT {
  static final Duration ARRIVAL = Duration.ofSeconds(60);

  private Path root;
  private Gateway a;
  private Gateway b;
  private Prometheus prometheus;

  /** A Pushgateway on a fixed port, which can be stopped and started again there. */
  static final class Gateway implements AutoCloseable {
    final Path persistence;
    final int port;
    ServerProcess server;

    Gateway(Path persistence) throws IOException {
      this.persistence = persistence;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        this.port = s.getLocalPort();
      }
      start();
    }

    void start() throws IOException {
      server =
          ServerProcess.start(
              "pushgateway",
              List.of(
                  Binaries.pushgateway().toString(),
                  "--web.listen-address=127.0.0.1:{port}",
                  "--persistence.file=" + persistence),
              false,
              EndToEndIT.LOGS,
              port);
      server.awaitReady("/-/ready", body -> true);
    }

    /** Stopped, its persisted groups deleted, started again on its port: it holds nothing. */
    void restartEmpty() throws IOException {
      close();
      Files.deleteIfExists(persistence);
      start();
    }

    String address() {
      return "127.0.0.1:" + port;
    }

    String url() {
      return "http://" + address();
    }

    @Override
    public void close() {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, a, b}) {
      if (c != null) {
        c.close();
      }
    }
    if (root != null) {
      JavaChild.deleteTree(root);
    }
  }

  /**
   * The shipped prometheus.yml with both gateways as the pushgateway job's targets (as the README
   * shows), 1 s intervals, and node_exporter's target on a port nothing listens on (unused here).
   */
  static String twoGatewayConfig(int gatewayA, int gatewayB) throws IOException {
    int nothing;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      nothing = s.getLocalPort();
    }
    String one = "['127.0.0.1:" + gatewayA + "']";
    String config = EndToEndIT.shippedConfig(nothing, gatewayA);
    assertThat(config).contains(one);
    return config.replace(one, "['127.0.0.1:" + gatewayA + "', '127.0.0.1:" + gatewayB + "']");
  }

  /**
   * The shipped rules, but PromjobPushgatewayDown fires after 1 s instead of 5 min: the test cannot
   * wait 5 minutes, and the rule's expression is unchanged.
   */
  static String rulesWithShortGatewayDown() throws IOException {
    String rules = Files.readString(AlertRulesIT.RULES);
    assertThat(rules.split("for: 5m", -1)).as("one 'for: 5m', PromjobPushgatewayDown's").hasSize(2);
    return rules.replace("for: 5m", "for: 1s");
  }

  static Reporter reporter(String url) {
    return Reporter.builder()
        .config(Config.of(Map.of("promjob.pushgateway.url", url)))
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  /** One report, delivered by each reporter (one given every gateway, in this test). */
  static void deliver(List<Reporter> reporters, Job job, Outcome outcome, Instant end)
      throws IOException {
    Report report =
        new Report(job, outcome, end.minusSeconds(1), end, new MetricSnapshots(List.of()));
    for (Reporter r : reporters) {
      r.report(report);
    }
  }

  List<Sample> alerts(String jobName) throws IOException {
    return prometheus.query("ALERTS{job_name=\"" + jobName + "\"}");
  }

  /** After a fresh evaluation of every rule: the job's alerts, pending or firing. */
  List<Sample> alertsNow(String jobName) throws IOException {
    prometheus.awaitEvaluationAfter(Instant.now(), ARRIVAL);
    List<Sample> alerts = alerts(jobName);
    EndToEndIT.print("ALERTS{job_name=\"" + jobName + "\"}", alerts);
    return alerts;
  }

  /** Exactly one firing alert of that name for the job, without the gateway's label. */
  void assertOneAlert(String alertname, String jobName) throws IOException {
    String q =
        "ALERTS{alertname=\""
            + alertname
            + "\",alertstate=\"firing\",job_name=\""
            + jobName
            + "\"}";
    prometheus.await(q, s -> !s.isEmpty(), ARRIVAL);
    List<Sample> all = alertsNow(jobName);
    assertThat(all).as("every alert of " + jobName).hasSize(1);
    assertThat(all.get(0).labels())
        .containsEntry("alertname", alertname)
        .containsEntry("alertstate", "firing")
        .doesNotContainKey("pushgateway");
  }

  @Test
  void oneAlertPerJobAndNoneForAGatewayDownOrRestartedEmpty() throws IOException {
    root = Files.createTempDirectory("promjob-gateways-e2e-");
    a = new Gateway(root.resolve("a.db"));
    b = new Gateway(root.resolve("b.db"));
    Path conf = Files.createDirectory(root.resolve("prometheus"));
    String config = twoGatewayConfig(a.port, b.port);
    System.out.println("prometheus.yml:\n" + config);
    Files.writeString(conf.resolve("prometheus.yml"), config);
    Files.writeString(conf.resolve("promjob-alerts.yml"), rulesWithShortGatewayDown());
    prometheus =
        Prometheus.start(conf.resolve("prometheus.yml"), root.resolve("tsdb"), EndToEndIT.LOGS);
    prometheus.await("up{job=\"pushgateway\"} == 1", s -> s.size() == 2, ARRIVAL);

    // One reporter given both gateways, as a job configured with two URLs pushes every report.
    List<Reporter> reporters = List.of(reporter(a.url() + "," + b.url()));

    Job late = Job.serviceLevel("e2e_gw_late").expectedInterval(Duration.ofMinutes(1)).build();
    Job failed = Job.serviceLevel("e2e_gw_failed").expectedInterval(Duration.ofHours(1)).build();
    // No interval declared: nothing but the rules' reading across gateways keeps
    // PromjobJobMetricsVanished quiet when a gateway's copy of these goes.
    Job empty = Job.serviceLevel("e2e_gw_empty").build();
    Job down = Job.serviceLevel("e2e_gw_down").build();
    Instant now = Instant.now();
    deliver(reporters, late, Outcome.SUCCESS, now.minus(Duration.ofMinutes(10)));
    for (Job job : List.of(failed, empty, down)) {
      deliver(reporters, job, Outcome.SUCCESS, now);
    }
    String lastSuccess = "promjob_last_success_timestamp_seconds{job_name=~\"e2e_gw_.*\"}";
    EndToEndIT.print(lastSuccess, prometheus.await(lastSuccess, s -> s.size() == 8, ARRIVAL));

    // The job late: its last success, 10 minutes old on both gateways, is past two intervals.
    assertOneAlert("PromjobJobNotSucceededInTime", "e2e_gw_late");

    // The job failed: the same failed run on both gateways.
    deliver(reporters, failed, Outcome.FAILURE, Instant.now());
    assertOneAlert("PromjobJobLastRunFailed", "e2e_gw_failed");

    // b restarted empty, a still holds every job: no alert for the jobs, the two above stay one.
    b.restartEmpty();
    String onB = "promjob_last_completion_timestamp_seconds{pushgateway=\"" + b.address() + "\"}";
    prometheus.await("up{pushgateway=\"" + b.address() + "\"} == 1", s -> s.size() == 1, ARRIVAL);
    prometheus.await(onB, List::isEmpty, ARRIVAL);
    EndToEndIT.print(lastSuccess, prometheus.query(lastSuccess));
    assertThat(alertsNow("e2e_gw_empty")).as("b restarted empty").isEmpty();
    assertThat(alertsNow("e2e_gw_late")).hasSize(1);
    assertThat(alertsNow("e2e_gw_failed")).hasSize(1);

    // b down: the next report reaches a alone; PromjobPushgatewayDown for b, and no job alert.
    b.close();
    deliver(reporters, down, Outcome.SUCCESS, Instant.now()); // accepted by a: one warning names b
    String gatewayDown = "ALERTS{alertname=\"PromjobPushgatewayDown\",alertstate=\"firing\"}";
    List<Sample> downAlerts = prometheus.await(gatewayDown, s -> !s.isEmpty(), ARRIVAL);
    prometheus.awaitEvaluationAfter(Instant.now(), ARRIVAL);
    downAlerts = prometheus.query("ALERTS{alertname=\"PromjobPushgatewayDown\"}");
    EndToEndIT.print(gatewayDown, downAlerts);
    EndToEndIT.print(lastSuccess, prometheus.query(lastSuccess));
    assertThat(downAlerts).hasSize(1);
    assertThat(downAlerts.get(0).labels())
        .containsEntry("instance", b.address())
        .containsEntry("pushgateway", b.address());
    assertThat(alertsNow("e2e_gw_down")).as("b down").isEmpty();
    assertThat(alertsNow("e2e_gw_empty")).as("b down").isEmpty();
    assertThat(alertsNow("e2e_gw_late")).hasSize(1);
    assertThat(alertsNow("e2e_gw_failed")).hasSize(1);
  }
}
