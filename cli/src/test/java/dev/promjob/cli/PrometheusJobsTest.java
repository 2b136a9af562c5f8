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
}
