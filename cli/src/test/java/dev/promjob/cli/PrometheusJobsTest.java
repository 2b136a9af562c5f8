package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.BatchMetrics;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code status --prometheus} takes from its URL, and the vanished rule's exceptions (the
 * queries themselves run against a real Prometheus in StatusFleetIT).
 */
class PrometheusJobsTest {
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final double T = NOW.getEpochSecond();

  @Test
  void aJobBetweenRunsIsNotGoneWithinTwiceItsIntervalOrBeforeItsDeadlines() {
    Map<String, Double> interval =
        Map.of(BatchMetrics.LAST_COMPLETION, T - 100, BatchMetrics.EXPECTED_INTERVAL, 50.0);
    assertThat(PrometheusJobs.expectedAbsent(interval, NOW)).isFalse(); // 100 s: two intervals
    Map<String, Double> within =
        Map.of(BatchMetrics.LAST_COMPLETION, T - 99, BatchMetrics.EXPECTED_INTERVAL, 50.0);
    assertThat(PrometheusJobs.expectedAbsent(within, NOW)).isTrue();
    assertThat(PrometheusJobs.expectedAbsent(Map.of(BatchMetrics.DEADLINE, T + 1), NOW)).isTrue();
    assertThat(PrometheusJobs.expectedAbsent(Map.of(BatchMetrics.DEADLINE, T), NOW)).isFalse();
    assertThat(
            PrometheusJobs.expectedAbsent(Map.of(BatchMetrics.FIRST_SUCCESS_DEADLINE, T + 1), NOW))
        .isTrue();
    assertThat(PrometheusJobs.expectedAbsent(Map.of(BatchMetrics.FIRST_SUCCESS_DEADLINE, T), NOW))
        .isFalse();
    assertThat(PrometheusJobs.expectedAbsent(Map.of(BatchMetrics.LAST_COMPLETION, T), NOW))
        .isFalse(); // no interval, no deadline: nothing says it is between runs
  }

  @Test
  void theUrlIsShownWithoutItsPasswordAndOnlyHttpWithAHostIsTaken() {
    assertThat(PrometheusJobs.of("http://u:p%40ss@prom:9090/prefix/").shownUrl())
        .isEqualTo("http://u:****@prom:9090/prefix/");
    assertThat(PrometheusJobs.of("https://prom").shownUrl()).isEqualTo("https://prom");
    assertThatThrownBy(() -> PrometheusJobs.of("prom:9090"))
        .hasMessage("'prom:9090': --prometheus needs an http:// or https:// URL with a host");
    assertThatThrownBy(() -> PrometheusJobs.of("http:///path"))
        .hasMessage("'http:///path': --prometheus needs an http:// or https:// URL with a host");
    assertThatThrownBy(() -> PrometheusJobs.of("http://a b"))
        .hasMessageStartingWith("'http://a b': --prometheus needs a URL: ");
  }

  @Test
  void aRunInProgressIsJudgedByItsPresentSeriesElseByItsLastOf40DaysAsTheRunningTooLongRule() {
    Map<String, String> here = Map.of("job_name", "x", "job", "node", "instance", "a:9100");
    Map<String, String> there = Map.of("job_name", "x", "job", "node", "instance", "b:9100");
    Map<Map<String, String>, Double> window = Map.of(here, 3600.0);
    Map<String, Map<Map<String, String>, Double>> none =
        Map.of(
            BatchMetrics.RUNS_IN_PROGRESS, Map.of(),
            BatchMetrics.MAX_RUNTIME, Map.of(),
            BatchMetrics.CONSECUTIVE_FAILURES, Map.of());
    Map<String, Map<Map<String, String>, Double>> presentHere =
        Map.of(
            BatchMetrics.RUNS_IN_PROGRESS, Map.of(here, 1.0),
            BatchMetrics.MAX_RUNTIME, Map.of(), // no longer declared
            BatchMetrics.CONSECUTIVE_FAILURES, Map.of());
    Map<String, Map<Map<String, String>, Double>> presentThere =
        Map.of(
            BatchMetrics.RUNS_IN_PROGRESS, Map.of(there, 0.0),
            BatchMetrics.MAX_RUNTIME, Map.of(),
            BatchMetrics.CONSECUTIVE_FAILURES, Map.of(there, 0.0));

    // not there now (a remote-written start, 5 minutes on): the last of 40 days
    assertThat(PrometheusJobs.judgedValue(BatchMetrics.MAX_RUNTIME, here, window, none))
        .isEqualTo(3600.0);
    // there now: its present series, even a family absent now
    assertThat(PrometheusJobs.judgedValue(BatchMetrics.MAX_RUNTIME, here, window, presentHere))
        .isNull();
    // the same job there now on another target: unless ignoring(job, instance) drops the window
    assertThat(PrometheusJobs.judgedValue(BatchMetrics.MAX_RUNTIME, here, window, presentThere))
        .isNull();
    assertThat(
            PrometheusJobs.judgedValue(
                BatchMetrics.CONSECUTIVE_FAILURES, here, Map.of(here, 3.0), presentThere))
        .isNull();
    assertThat(
            PrometheusJobs.judgedValue(
                BatchMetrics.CONSECUTIVE_FAILURES, here, Map.of(here, 3.0), presentHere))
        .isEqualTo(3.0); // its own decider, not the run in progress's
    // another job there now changes nothing for this one
    Map<String, Map<Map<String, String>, Double>> otherJob =
        Map.of(
            BatchMetrics.RUNS_IN_PROGRESS, Map.of(Map.of("job_name", "y"), 1.0),
            BatchMetrics.MAX_RUNTIME, Map.of());
    assertThat(PrometheusJobs.judgedValue(BatchMetrics.MAX_RUNTIME, here, window, otherJob))
        .isEqualTo(3600.0);
    // the same job there now on another gateway: unless ignoring(job, instance, pushgateway)
    Map<String, String> pg1 = Map.of("job_name", "x", "job", "x", "pushgateway", "pg1:9091");
    Map<String, String> pg2 = Map.of("job_name", "x", "job", "x", "pushgateway", "pg2:9091");
    Map<String, Map<Map<String, String>, Double>> onTheOtherGateway =
        Map.of(
            BatchMetrics.RUNS_IN_PROGRESS, Map.of(pg2, 0.0),
            BatchMetrics.MAX_RUNTIME, Map.of(),
            BatchMetrics.CONSECUTIVE_FAILURES, Map.of(pg2, 1.0));
    assertThat(
            PrometheusJobs.judgedValue(
                BatchMetrics.CONSECUTIVE_FAILURES, pg1, Map.of(pg1, 3.0), onTheOtherGateway))
        .isNull();
    assertThat(
            PrometheusJobs.judgedValue(
                BatchMetrics.CONSECUTIVE_FAILURES, pg2, Map.of(pg2, 1.0), onTheOtherGateway))
        .isEqualTo(1.0);
    // the other families: always the last of 40 days
    assertThat(PrometheusJobs.judgedValue(BatchMetrics.LAST_SUCCESS, here, window, presentThere))
        .isEqualTo(3600.0);
  }
}
