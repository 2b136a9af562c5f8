package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.Binaries;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.ServerProcess;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob status --prometheus URL} on a real Prometheus scraping two real Pushgateways (each
 * persisting to its own file) with the shipped scrape config, every report delivered to both: one
 * row per job, without the gateways' label, and the same row while one gateway is restarted empty,
 * takes a failed run's POST empty, is down, and comes back holding an older run; the shipped rules,
 * loaded beside the scrape config, fire the job alerts the rows stand for, one per job.
 */
class StatusGatewaysIT {
  static final Path SCRAPE_CONFIG = Path.of("../samples/prometheus/prometheus.yml");
  static final Duration ARRIVAL = Duration.ofSeconds(60);

  @TempDir Path work;
  Gateway a;
  Gateway b;
  Prometheus prometheus;

  /** A Pushgateway on a fixed port, stopped (its groups persisted) and started again there. */
  final class Gateway implements AutoCloseable {
    final Path persistence;
    final int port;
    ServerProcess server;

    Gateway(String name) throws IOException {
      persistence = work.resolve(name + ".db");
      port = freePort();
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
              work,
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

    Reporter reporter() {
      return Reporter.builder()
          .config(Config.of(Map.of("promjob.pushgateway.url", "http://" + address())))
          .reportErrors(ReportErrorPolicy.THROW)
          .build();
    }

    @Override
    public void close() {
      if (server != null) {
        server.close(); // SIGTERM: the gateway writes its groups to its file
        server = null;
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, a, b}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    JavaChild.deleteTree(work.resolve("tsdb"));
  }

  /**
   * The shipped prometheus.yml, its pushgateway job's targets both gateways (as the README shows),
   * 1 s intervals, node_exporter's target a port nothing listens on (unused here).
   */
  String twoGatewayConfig() throws IOException {
    String config = Files.readString(SCRAPE_CONFIG);
    for (String[] r :
        new String[][] {
          {"['localhost:9100']", "['127.0.0.1:" + freePort() + "']"},
          {"['localhost:9091']", "['" + a.address() + "', '" + b.address() + "']"},
          {"scrape_interval: 15s", "scrape_interval: 1s"},
          {"evaluation_interval: 15s", "evaluation_interval: 1s"},
          {
            "relabel_configs:\n      - source_labels: [__address__]\n        target_label: pushgateway"
          }
        }) {
      assertThat(config).as("the shipped prometheus.yml no longer holds " + r[0]).contains(r[0]);
      if (r.length == 2) {
        config = config.replace(r[0], r[1]);
      }
    }
    return config;
  }

  /** One report, the same to each gateway, as a job pushing to several sends it. */
  static void deliver(List<Gateway> to, Job job, Outcome outcome, Instant end) throws IOException {
    Report report =
        new Report(job, outcome, end.minusSeconds(1), end, new MetricSnapshots(List.of()));
    for (Gateway g : to) {
      g.reporter().report(report);
    }
  }

  /** {@code promjob status --prometheus URL ARGS} as cron runs it, as nobody under root. */
  Launcher.Result status(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("status", "--prometheus", prometheus.url()));
    all.addAll(List.of(args));
    List<String> cmd = new ArrayList<>();
    if (ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(Launcher.cron(List.of(), all.toArray(new String[0])));
    return Launcher.runCommand(work, Map.of(), null, cmd);
  }

  /** Each row of status's JSON by job, after checking there is one row a job. */
  Map<String, JsonObject> rows(int exit) throws Exception {
    Launcher.Result json = status("--format", "json");
    Launcher.Result table = status();
    System.out.println("status:\n" + table.out() + table.err() + "exit " + table.exitCode());
    assertThat(json.exitCode()).as(json.err()).isEqualTo(exit);
    assertThat(table.exitCode()).as(table.err()).isEqualTo(exit);
    Map<String, JsonObject> rows = StatusFleetIT.jobs(json.out());
    assertThat(table.out().split("\n")).as("a header and one row a job").hasSize(rows.size() + 1);
    assertThat(json.out().split("\"state\":", -1)).as("one row a job").hasSize(rows.size() + 1);
    for (Map.Entry<String, JsonObject> row : rows.entrySet()) {
      assertThat(row.getValue().getAsJsonObject("labels").entrySet().toString())
          .as(row.getKey() + "'s labels: its group's job, no gateway")
          .isEqualTo("[job=\"" + row.getKey() + "\"]");
    }
    assertThat(firingJobAlerts()).as("the shipped rules' job alerts").isEqualTo(alertsOf(rows));
    return rows;
  }

  /** The job alerts the rows' states and counts stand for, one per job: what the rules fire. */
  static List<String> alertsOf(Map<String, JsonObject> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(
        (job, row) -> {
          if (row.get("state").getAsString().equals("failed")) {
            out.add("PromjobJobLastRunFailed " + job);
            if (row.get("consecutive_failures").getAsInt() >= 3) {
              out.add("PromjobJobFailedRepeatedly " + job);
            }
          } else {
            assertThat(row.get("state").getAsString()).as(job).isEqualTo("ok");
          }
        });
    return out.stream().sorted().toList();
  }

  /** After an evaluation of the rules on what is scraped now: each firing job alert, by job. */
  List<String> firingJobAlerts() throws IOException {
    prometheus.awaitEvaluationAfter(Instant.now(), ARRIVAL);
    return prometheus.query("ALERTS{alertstate=\"firing\",job_name=~\"gw_.*\"}").stream()
        .map(s -> s.label("alertname") + " " + s.label("job_name"))
        .sorted()
        .toList();
  }

  @Test
  void oneRowPerJobWhateverAGatewayDoes() throws Exception {
    a = new Gateway("a");
    b = new Gateway("b");
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, twoGatewayConfig());
    Files.copy(CommandAlertsIT.RULES, work.resolve("promjob-alerts.yml")); // as shipped beside it
    prometheus = Prometheus.start(config, work.resolve("tsdb"), work);
    prometheus.await("up{job=\"pushgateway\"} == 1", s -> s.size() == 2, ARRIVAL);

    Job ok = Job.serviceLevel("gw_ok").expectedInterval(Duration.ofDays(1)).build();
    Job flaky = Job.serviceLevel("gw_flaky").expectedInterval(Duration.ofDays(1)).build();
    Job single = Job.serviceLevel("gw_single").expectedInterval(Duration.ofDays(1)).build();
    Instant t = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    deliver(List.of(a, b), ok, Outcome.SUCCESS, t);
    deliver(List.of(a, b), flaky, Outcome.SUCCESS, t);
    for (int i = 1; i <= 3; i++) {
      deliver(List.of(a, b), flaky, Outcome.FAILURE, t.plusSeconds(60 * i));
    }
    deliver(List.of(a), single, Outcome.SUCCESS, t); // one gateway: the row as ever
    prometheus.await(
        "promjob_last_completion_timestamp_seconds", s -> s.size() == 5, ARRIVAL); // 2 + 2 + 1

    // Both up: one row a job, as with one gateway.
    Map<String, JsonObject> both = rows(StatusCommand.ATTENTION);
    assertThat(both.keySet()).containsExactly("gw_flaky", "gw_ok", "gw_single");
    assertThat(both.get("gw_flaky").get("state").getAsString()).isEqualTo("failed");
    assertThat(both.get("gw_flaky").get("consecutive_failures").getAsInt()).isEqualTo(3);
    assertThat(both.get("gw_flaky").get("last_success").getAsString()).isEqualTo(t.toString());
    assertThat(both.get("gw_ok").get("state").getAsString()).isEqualTo("ok");

    // b restarted empty: a holds every job; every row as it was.
    b.restartEmpty();
    prometheus.await(
        "up{pushgateway=\""
            + b.address()
            + "\"} == 1 unless on(pushgateway) promjob_last_completion_timestamp_seconds",
        s -> s.size() == 1,
        ARRIVAL);
    assertThat(rows(StatusCommand.ATTENTION)).isEqualTo(both);

    // A failed run's POST to each: b, empty, holds a group without a last success and a count of
    // 1, a the last success and 4. One row: failed, 4 in a row, the last success a holds.
    Instant fourth = t.plusSeconds(240);
    deliver(List.of(a, b), flaky, Outcome.FAILURE, fourth);
    prometheus.await(
        "promjob_consecutive_failures{job_name=\"gw_flaky\"}",
        s -> s.stream().map(Prometheus.Sample::value).sorted().toList().equals(List.of(1.0, 4.0)),
        ARRIVAL);
    Map<String, JsonObject> failed = rows(StatusCommand.ATTENTION);
    assertThat(failed.get("gw_flaky").get("state").getAsString()).isEqualTo("failed");
    assertThat(failed.get("gw_flaky").get("consecutive_failures").getAsInt()).isEqualTo(4);
    assertThat(failed.get("gw_flaky").get("last_success").getAsString()).isEqualTo(t.toString());
    assertThat(failed.get("gw_flaky").get("last_completion").getAsString())
        .isEqualTo(fourth.toString());
    assertThat(failed.get("gw_ok")).isEqualTo(both.get("gw_ok"));

    // b down (its groups persisted: gw_flaky's failed run): every row as it was.
    b.close();
    prometheus.await("up{pushgateway=\"" + b.address() + "\"} == 0", s -> s.size() == 1, ARRIVAL);
    assertThat(rows(StatusCommand.ATTENTION)).isEqualTo(failed);

    // gw_flaky succeeds while b is down; b comes back holding the failed run: a holds the newer
    // run, and speaks for the job.
    Instant success = t.plusSeconds(300);
    deliver(List.of(a), flaky, Outcome.SUCCESS, success);
    b.start();
    prometheus.await(
        "promjob_last_run_success{job_name=\"gw_flaky\"}",
        s -> s.stream().map(Prometheus.Sample::value).sorted().toList().equals(List.of(0.0, 1.0)),
        ARRIVAL);
    Map<String, JsonObject> back = rows(0);
    assertThat(back.get("gw_flaky").get("state").getAsString()).isEqualTo("ok");
    assertThat(back.get("gw_flaky").get("consecutive_failures").getAsInt()).isZero();
    assertThat(back.get("gw_flaky").get("last_success").getAsString())
        .isEqualTo(success.toString());
    assertThat(back.get("gw_ok")).isEqualTo(both.get("gw_ok"));
    assertThat(back.get("gw_single")).isEqualTo(both.get("gw_single"));
  }
}
