package dev.promjob.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Prometheus.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The shipped alert rules, unchanged, on {@code @Scheduled} methods of a real Boot 4.1 application:
 * a real Prometheus 2.42 scrapes its {@code /actuator/prometheus} every second and evaluates {@code
 * samples/prometheus/promjob-alerts.yml} every second; when a method stops running (its task is
 * cancelled, the application lives on), the freshness alert of a fixed rate and the schedule alert
 * of a cron fire.
 */
class ScheduledAlertsIT {
  static final Path RULES = Path.of("..", "samples", "prometheus", "promjob-alerts.yml");
  static final Path LOGS = Path.of("target", "it-logs");
  static final Duration WAIT = Duration.ofSeconds(60);

  /** A cron due once a minute: its first run, then its deadline, each within a minute. */
  static final Duration CRON_WAIT = Duration.ofSeconds(150);

  /** lib's per-job key, over the default grace of one period: due a second after its minute. */
  static final String GRACE = "promjob.job.cleanup_sweep.grace";

  static Path root;
  static ConfigurableApplicationContext app;
  static Prometheus prometheus;

  @BeforeAll
  static void start() throws IOException {
    app = ScheduledApp.start(Map.of(GRACE, "1s"));
    root = NodeExporter.readableTempDirectory("promjob-scheduled-");
    Files.writeString(
        root.resolve("prometheus.yml"),
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - promjob-alerts.yml",
            "scrape_configs:",
            "  - job_name: billing",
            "    metrics_path: /actuator/prometheus",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + ScheduledApp.port(app) + "']",
            ""));
    Files.copy(RULES, root.resolve("promjob-alerts.yml"));
    prometheus = Prometheus.start(root.resolve("prometheus.yml"), root.resolve("tsdb"), LOGS);
  }

  @AfterAll
  static void stop() throws IOException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.getBean(ThreadPoolTaskScheduler.class).getScheduledExecutor().shutdownNow();
      app.close();
    }
    if (root != null) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void aFixedRateMethodThatStopsFiresTheFreshnessAlert() throws IOException {
    stopsAndFires("heartbeat_beat", "Heartbeat.beat", "PromjobJobNotSucceededInTime", WAIT);
  }

  @Test
  void aCronMethodThatStopsFiresTheScheduleAlert() throws IOException {
    stopsAndFires("cleanup_sweep", "Cleanup.sweep", "PromjobJobMissedSchedule", CRON_WAIT);
  }

  private void stopsAndFires(String job, String method, String alert, Duration wait)
      throws IOException {
    String selector = "{job_name=\"" + job + "\"}";
    List<Sample> seen =
        prometheus.await(
            "promjob_last_success_timestamp_seconds" + selector, s -> s.size() == 1, wait);
    // The application's own target labels: nothing was pushed.
    assertThat(seen.get(0).labels())
        .containsEntry("job", "billing")
        .containsEntry("instance", "127.0.0.1:" + ScheduledApp.port(app));
    prometheus.awaitEvaluationAfter(Instant.now(), WAIT);
    assertThat(prometheus.query("ALERTS" + selector)).as("alerts while it runs").isEmpty();

    System.out.println(
        job
            + " while it runs: "
            + prometheus.query("{__name__=~\"promjob_.*\",job_name=\"" + job + "\"}"));
    cancel(method);
    Instant stopped = Instant.now();
    List<Sample> firing =
        prometheus.await(
            "ALERTS{alertstate=\"firing\",job_name=\"" + job + "\"}", s -> !s.isEmpty(), wait);
    System.out.println(
        job + " stopped; " + firing + " after " + Duration.between(stopped, Instant.now()));
    assertThat(firing).extracting(s -> s.label("alertname")).contains(alert);
  }

  /** Cancels the scheduled task of {@code method}: it runs no more, the application lives on. */
  private static void cancel(String method) {
    int cancelled = 0;
    for (ScheduledTaskHolder holder : app.getBeansOfType(ScheduledTaskHolder.class).values()) {
      for (ScheduledTask task : holder.getScheduledTasks()) {
        if (task.getTask().toString().endsWith(method)) {
          task.cancel(false);
          cancelled++;
        }
      }
    }
    assertThat(cancelled).as("tasks of " + method).isEqualTo(1);
  }
}
