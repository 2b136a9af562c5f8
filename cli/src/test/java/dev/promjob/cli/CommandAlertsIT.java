package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Prometheus.Sample;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped overlap and timeout alerts on what {@code promjob run} really writes: runs as cron
 * starts them, node_exporter (as nobody) serving their file, and a real Prometheus scraping it
 * every second and evaluating {@code samples/prometheus/promjob-alerts.yml} every second. Each flag
 * is set by one run and cleared by the next; the alert still fires once it is cleared.
 */
class CommandAlertsIT {
  static final Path RULES = Path.of("../samples/prometheus/promjob-alerts.yml");
  static final Duration WAIT = Duration.ofSeconds(60);

  static ServedDirectory served;
  static Prometheus prometheus;
  static Path conf;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-alerts-it", work);
    AsCron.ownDirectory(served.dir);
    conf = Files.createTempDirectory("promjob-alerts-it-prometheus-");
    Files.copy(RULES, conf.resolve("promjob-alerts.yml"));
    Files.writeString(
        conf.resolve("prometheus.yml"),
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - promjob-alerts.yml",
            "scrape_configs:",
            "  - job_name: node",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + URI.create(served.node.url()).getPort() + "']",
            ""));
    prometheus = Prometheus.start(conf.resolve("prometheus.yml"), conf.resolve("tsdb"), work);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    served.close();
    JavaChild.deleteTree(conf);
  }

  /** {@code promjob run --job JOB --textfile-dir DIR ARGS...}, as cron runs it. */
  static String[] run(String job, String... args) {
    String[] line = new String[args.length + 5];
    line[0] = "run";
    line[1] = "--job";
    line[2] = job;
    line[3] = "--textfile-dir";
    line[4] = served.dir.toString();
    System.arraycopy(args, 0, line, 5, args.length);
    return line;
  }

  /** Waits until Prometheus has scraped {@code metric} of {@code job} at {@code value}. */
  static void awaitScraped(String metric, String job, int value) throws IOException {
    prometheus.await(metric + "{job_name=\"" + job + "\"} == " + value, s -> s.size() == 1, WAIT);
  }

  /** The firing {@code alert}s of {@code job}, once every rule has seen what is scraped now. */
  static List<Sample> firingNow(String alert, String job) throws IOException {
    prometheus.awaitEvaluationAfter(Instant.now(), WAIT);
    return prometheus.query(
        "ALERTS{alertname=\"" + alert + "\",alertstate=\"firing\",job_name=\"" + job + "\"}");
  }

  @Test
  void anOverlapFiresAfterTheNextRunHasClearedTheFlag() throws Exception {
    Path started = served.dir.resolve("started");
    Path release = served.dir.resolve("release");
    String hold = "touch " + started + "; while [ ! -e " + release + " ]; do sleep 0.1; done";
    assertThat(AsCron.run(work, List.of(), null, run("steady", "--no-overlap", "--", "true")))
        .extracting(Launcher.Result::exitCode)
        .isEqualTo(0);
    Launcher.Started first =
        Launcher.startCommand(
            work, AsCron.line(List.of(), run("sync", "--no-overlap", "--", "sh", "-c", hold)));
    try {
      Launcher.await("the first run's command", () -> Files.exists(started));

      Launcher.Result second =
          AsCron.run(work, List.of(), null, run("sync", "--no-overlap", "--", "true"));
      assertThat(second.exitCode()).isEqualTo(RunCommand.OVERLAPPED);
      awaitScraped("promjob_last_run_overlapped", "sync", 1);
      Files.createFile(release);
      assertThat(Launcher.exitOf(first.process())).isZero();
    } finally {
      Launcher.stop(first.process());
    }
    awaitScraped("promjob_last_run_overlapped", "sync", 0); // the first run's own report

    List<Sample> firing = firingNow("PromjobJobRunOverlapped", "sync");

    assertThat(firing).hasSize(1);
    assertThat(firing.get(0).label("job")).isEqualTo("node");
    assertThat(firing.get(0).label("severity")).isEqualTo("warning");
    assertThat(firingNow("PromjobJobRunOverlapped", "steady")).isEmpty();
  }

  @Test
  void aTimeoutFiresAfterTheNextRunHasClearedTheFlag() throws Exception {
    Launcher.Result ended =
        AsCron.run(work, List.of(), null, run("slow", "--timeout", "1s", "--", "sleep", "600"));
    assertThat(ended.exitCode()).isEqualTo(Command.TIMED_OUT);
    awaitScraped("promjob_last_run_timed_out", "slow", 1);
    assertThat(firingNow("PromjobJobRunTimedOut", "slow")).hasSize(1);

    Launcher.Result next = AsCron.run(work, List.of(), null, run("slow", "--", "true"));
    assertThat(next.exitCode()).isZero();
    awaitScraped("promjob_last_run_timed_out", "slow", 0);

    List<Sample> firing = firingNow("PromjobJobRunTimedOut", "slow");

    assertThat(firing).hasSize(1);
    assertThat(firing.get(0).label("job")).isEqualTo("node");
    assertThat(firingNow("PromjobJobLastRunFailed", "slow")).isEmpty(); // it succeeded since
  }
}
