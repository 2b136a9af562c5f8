package dev.promjob.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.Schedule;
import dev.promjob.testing.Promtool;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped scrape config and alert rules, checked and unit-tested by the real promtool. */
class AlertRulesIT {
  static final Path DIR = Path.of("prometheus");
  static final Path RULES = DIR.resolve("promjob-alerts.yml");
  static final Path TESTS = DIR.resolve("promjob-alerts.test.yml");
  static final Path SCHEDULE_TESTS = DIR.resolve("promjob-schedule.test.yml");
  static final Path COMMAND_TESTS = DIR.resolve("promjob-command.test.yml");
  static final Path RUNTIME_TESTS = DIR.resolve("promjob-runtime.test.yml");
  static final Path GATEWAY_TESTS = DIR.resolve("promjob-gateways.test.yml");
  static final List<Path> ALL_TESTS =
      List.of(TESTS, SCHEDULE_TESTS, COMMAND_TESTS, RUNTIME_TESTS, GATEWAY_TESTS);

  @Test
  void scrapeConfigIsValid() throws IOException {
    Promtool.Result r =
        Promtool.run(DIR, null, "check", "config", "prometheus.yml").assertSucceeded();
    assertThat(r.output()).contains("1 rule files found");
  }

  @Test
  void rulesAreValid() throws IOException {
    Promtool.Result r =
        Promtool.run(DIR, null, "check", "rules", "promjob-alerts.yml").assertSucceeded();
    assertThat(r.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void ruleUnitTestsPass() throws IOException {
    for (Path tests : ALL_TESTS) {
      String file = tests.getFileName().toString();
      Promtool.Result r = Promtool.run(DIR, null, "test", "rules", file).assertSucceeded();
      System.out.println("promtool test rules " + file + ":\n" + r.output());
      assertThat(r.output()).contains("SUCCESS");
    }
  }

  /** A rule test that only ever expects silence would pass for a rule that never fires. */
  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    List<String> lines = new java.util.ArrayList<>();
    for (Path tests : ALL_TESTS) {
      lines.addAll(Files.readAllLines(tests));
    }
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = Pattern.compile("^\\s*alertname: (\\S+)$").matcher(lines.get(i));
      if (m.matches()) {
        String next = lines.get(i + 1).trim();
        (next.equals("exp_alerts: []") ? silent : firing).add(m.group(1));
      }
    }
    assertEquals(alerts(), firing, "alerts with a firing case");
    assertEquals(alerts(), silent, "alerts with a not-firing case");
  }

  /**
   * The README's scrape job for two gateways is the shipped one with a second target, so what the
   * README shows is what the rule tests and GatewaysEndToEndIT run.
   */
  @Test
  void theReadmesTwoGatewayScrapeJobIsTheShippedOne() throws IOException {
    String shipped = Files.readString(DIR.resolve("prometheus.yml"));
    String job = shipped.substring(shipped.indexOf("  - job_name: pushgateway"));
    String two =
        job.replace(
            "['localhost:9091']", "['pushgateway-a.example:9091', 'pushgateway-b.example:9091']");
    assertThat(two).isNotEqualTo(job);
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("### Several Pushgateways"));
    String block = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n"));
    assertEquals("scrape_configs:\n" + two, block);
  }

  /** A renamed metric would leave the rules alerting on nothing. */
  @Test
  void rulesUseTheMetricsPromjobExports() throws IOException {
    String rules = Files.readString(RULES);
    for (String metric :
        List.of(
            BatchMetrics.LAST_SUCCESS,
            BatchMetrics.EXPECTED_INTERVAL,
            BatchMetrics.LAST_RUN_SUCCESS,
            BatchMetrics.LAST_COMPLETION,
            BatchMetrics.DEADLINE,
            BatchMetrics.FIRST_SUCCESS_DEADLINE,
            BatchMetrics.LAST_RUN_OVERLAPPED,
            BatchMetrics.LAST_RUN_TIMED_OUT,
            BatchMetrics.RUNS_IN_PROGRESS,
            BatchMetrics.RUN_START,
            BatchMetrics.MAX_RUNTIME,
            BatchMetrics.CONSECUTIVE_FAILURES)) {
      assertThat(rules).contains(metric);
    }
  }

  /**
   * The schedule tests feed deadlines by hand; these are the ones promjob computes for those runs,
   * so the rule is tested on what jobs really export.
   */
  @Test
  void theScheduleTestsUseTheDeadlinesPromjobComputes() throws IOException {
    Schedule weekday = Schedule.parse("0 3 * * 1-5", ZoneOffset.UTC, Duration.ofHours(1));
    assertEquals(100800, deadline(weekday, "1970-01-01T03:05:00Z"), "Thursday's run");
    assertEquals(360000, deadline(weekday, "1970-01-02T03:05:00Z"), "Friday's run");
    assertEquals(446400, deadline(weekday, "1970-01-05T03:05:00Z"), "Monday's run");
    Schedule monthly = Schedule.parse("0 6 1 * *", ZoneOffset.UTC, Duration.ofHours(2));
    assertEquals(2707200, deadline(monthly, "1970-01-01T06:10:00Z"), "January's run");
    assertEquals(5126400, deadline(monthly, "1970-02-01T06:10:00Z"), "February's run");
    assertThat(Files.readString(SCHEDULE_TESTS))
        .contains("100800x287 360000x863 446400x110")
        .contains("100800x287 360000x974")
        .contains("2707200x743 5126400x749");
  }

  /**
   * A job failing from its first run: the first-success deadlines its failed runs export, and the
   * deadlines of its later successes, as the schedule tests feed them.
   */
  @Test
  void theScheduleTestsUseTheFirstSuccessDeadlinesPromjobComputes() throws IOException {
    Job daily =
        Job.machineBound("fails_first")
            .schedule("0 3 * * *", ZoneOffset.UTC, Duration.ofHours(1))
            .build();
    assertEquals(100800, firstSuccessDeadline(daily, "1970-01-01T03:00:00Z"), "Thursday's run");
    assertEquals(187200, firstSuccessDeadline(daily, "1970-01-02T03:00:00Z"), "Friday's run");
    Schedule s = daily.schedule().orElseThrow();
    assertEquals(187200, deadline(s, "1970-01-02T03:05:00Z"), "Friday's success");
    assertEquals(273600, deadline(s, "1970-01-03T03:05:00Z"), "Saturday's success");
    assertThat(Files.readString(SCHEDULE_TESTS))
        .contains("'_x36 100800x287 187200x288 stale'")
        .contains("'_x36 100800 _x287 187200 _x288'")
        .contains("'_x613 183900x200'")
        .contains("'_x613 273600x200'")
        .contains("'_x325 187200 _x287 273600 _x200'");
  }

  static double firstSuccessDeadline(Job job, String start) {
    Instant t = Instant.parse(start);
    Report failed =
        new Report(job, Outcome.FAILURE, t, t.plusSeconds(5), new MetricSnapshots(List.of()));
    for (MetricSnapshot m : BatchMetrics.of(failed, OptionalDouble.empty())) {
      if (m.getMetadata().getPrometheusName().equals(BatchMetrics.FIRST_SUCCESS_DEADLINE)) {
        return m.getDataPoints().get(0) instanceof GaugeDataPointSnapshot g ? g.getValue() : -1;
      }
    }
    return -1;
  }

  static long deadline(Schedule s, String lastSuccess) {
    return s.deadlineAfter(Instant.parse(lastSuccess)).getEpochSecond();
  }

  static Set<String> alerts() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\S+)$").matcher(Files.readString(RULES));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
