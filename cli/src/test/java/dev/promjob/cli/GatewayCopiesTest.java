package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.BatchMetrics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job's copies on two gateways read as one, as promjob-gateways.test.yml has the rules read them
 * (the copies come from a real Prometheus scraping two real gateways in StatusGatewaysIT).
 */
class GatewayCopiesTest {
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final double T = NOW.getEpochSecond();

  static final String SUCCESS = BatchMetrics.LAST_SUCCESS;
  static final String COMPLETION = BatchMetrics.LAST_COMPLETION;
  static final String RUN_OK = BatchMetrics.LAST_RUN_SUCCESS;
  static final String COUNT = BatchMetrics.CONSECUTIVE_FAILURES;
  static final String EXIT = BatchMetrics.LAST_EXIT_CODE;
  static final String RUNS = BatchMetrics.RUNS_IN_PROGRESS;
  static final String START = BatchMetrics.RUN_START;
  static final String MAX = BatchMetrics.MAX_RUNTIME;

  static Map<String, Double> copy(Object... familyValues) {
    Map<String, Double> values = new HashMap<>();
    for (int i = 0; i < familyValues.length; i += 2) {
      values.put((String) familyValues[i], ((Number) familyValues[i + 1]).doubleValue());
    }
    return values;
  }

  static Map<String, Double> merge(Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> ab = GatewayCopies.merge(List.of(a, b), NOW);
    assertThat(GatewayCopies.merge(List.of(b, a), NOW)).as("in either order").isEqualTo(ab);
    return ab;
  }

  @Test
  void oneCopyIsLeftAsItIsAndTwoEqualCopiesAreThatCopyInEveryFamily() {
    Map<String, Double> all = new HashMap<>();
    for (int i = 0; i < JobReport.FAMILIES.size(); i++) {
      all.put(JobReport.FAMILIES.get(i), T - 1000 + i);
    }
    all.put(RUN_OK, 0.0);
    all.put(RUNS, 1.0);

    assertThat(GatewayCopies.merge(List.of(all), NOW)).isSameAs(all);
    assertThat(merge(all, new HashMap<>(all))).isEqualTo(all);
  }

  @Test
  void theLabelsOfARowAreTheSeriesLabelsWithoutTheGateways() {
    Map<String, String> single = Map.of("job", "x", "job_name", "x");

    assertThat(GatewayCopies.withoutGateway(single)).isSameAs(single);
    assertThat(GatewayCopies.withoutGateway(Map.of("job", "x", "pushgateway", "pg1:9091")))
        .isEqualTo(Map.of("job", "x"));
  }

  @Test
  void aGatewayRestartedEmptyBeforeAFailedRunChangesNothingButTheRun() {
    // pg1 held the job all along; pg2, restarted empty, took the failed run's POST alone
    Map<String, Double> pg1 =
        copy(
            SUCCESS,
            T - 3000,
            COMPLETION,
            T - 60,
            RUN_OK,
            0,
            EXIT,
            2,
            COUNT,
            3,
            BatchMetrics.EXPECTED_INTERVAL,
            86400,
            BatchMetrics.DEADLINE,
            T + 5000);
    Map<String, Double> pg2 =
        copy(
            COMPLETION,
            T - 60,
            RUN_OK,
            0,
            EXIT,
            2,
            COUNT,
            1,
            BatchMetrics.FIRST_SUCCESS_DEADLINE,
            T + 100);

    Map<String, Double> job = merge(pg1, pg2);

    assertThat(job)
        .containsEntry(SUCCESS, T - 3000) // the newest any gateway holds
        .containsEntry(COUNT, 3.0) // the highest among the newest run's holders
        .containsEntry(RUN_OK, 0.0)
        .containsEntry(EXIT, 2.0)
        .containsEntry(BatchMetrics.EXPECTED_INTERVAL, 86400.0)
        .containsEntry(BatchMetrics.DEADLINE, T + 5000)
        .containsEntry(BatchMetrics.FIRST_SUCCESS_DEADLINE, T + 100); // beside a last success
    assertThat(JobStatus.of(JobReport.of(Map.of(), job, "", false), NOW).state())
        .isEqualTo(JobStatus.State.FAILED);
  }

  @Test
  void aGatewayBackWithAnOlderRunDoesNotSpeakForTheJob() {
    Map<String, Double> pg1 = copy(SUCCESS, T - 60, COMPLETION, T - 60, RUN_OK, 1, COUNT, 0);
    Map<String, Double> pg2 = copy(SUCCESS, T - 900, COMPLETION, T - 300, RUN_OK, 0, COUNT, 3);

    assertThat(merge(pg1, pg2)).isEqualTo(pg1);
  }

  @Test
  void aFailedRunIsReadBeforeASuccessfulOneEndedAtTheSameTime() {
    Map<String, Double> ok = copy(COMPLETION, T - 60, RUN_OK, 1, EXIT, 0);
    Map<String, Double> failed = copy(COMPLETION, T - 60, RUN_OK, 0, EXIT, 3);

    assertThat(merge(ok, failed)).containsEntry(RUN_OK, 0.0).containsEntry(EXIT, 3.0);
  }

  @Test
  void theSchedulesAreTheLatestDeadlineAndTheEarliestFirstSuccessDeadline() {
    Map<String, Double> pg1 =
        copy(BatchMetrics.DEADLINE, T + 10, BatchMetrics.FIRST_SUCCESS_DEADLINE, T + 50);
    Map<String, Double> pg2 =
        copy(
            BatchMetrics.DEADLINE,
            Double.POSITIVE_INFINITY,
            BatchMetrics.FIRST_SUCCESS_DEADLINE,
            T + 20);

    assertThat(merge(pg1, pg2))
        .containsEntry(BatchMetrics.DEADLINE, Double.POSITIVE_INFINITY)
        .containsEntry(BatchMetrics.FIRST_SUCCESS_DEADLINE, T + 20);
  }

  @Test
  void theRunInProgressIsTheOverrunCopysElseTheOneWithTheMostRuns() {
    // pg2 missed the start of the run in progress: its start is the reported run's, long ago
    Map<String, Double> pg1 = copy(COMPLETION, T - 600, RUNS, 1, START, T - 100, MAX, 10);
    Map<String, Double> pg2 = copy(COMPLETION, T - 600, RUNS, 0, START, T - 700, MAX, 10);
    Map<String, Double> within = copy(COMPLETION, T - 600, RUNS, 1, START, T - 5, MAX, 10);
    Map<String, Double> two = copy(COMPLETION, T - 600, RUNS, 2, START, T - 3, MAX, 10);

    assertThat(merge(pg1, pg2)).containsEntry(RUNS, 1.0).containsEntry(START, T - 100);
    assertThat(merge(pg2, within)).containsEntry(RUNS, 1.0).containsEntry(START, T - 5);
    assertThat(merge(within, two)).containsEntry(RUNS, 2.0).containsEntry(START, T - 3);
    assertThat(merge(pg1, two)).containsEntry(RUNS, 1.0).containsEntry(START, T - 100);
    Map<String, Double> older = copy(COMPLETION, T - 600, RUNS, 1, START, T - 8, MAX, 10);
    assertThat(merge(within, older)).containsEntry(START, T - 8); // as many runs: the oldest
  }

  @Test
  void aCopyWithoutACompletionStaysAsInTheRulesButTheOutcomeIsAnEndedRuns() {
    // pg2 missed the first run's report: it holds that run's start alone
    Map<String, Double> pg1 = copy(COMPLETION, T - 600, RUN_OK, 1, RUNS, 0, START, T - 700);
    Map<String, Double> pg2 = copy(RUNS, 1, START, T - 700, MAX, 10);

    Map<String, Double> job = merge(pg1, pg2);

    assertThat(job)
        .containsEntry(COMPLETION, T - 600)
        .containsEntry(RUN_OK, 1.0)
        .containsEntry(RUNS, 1.0)
        .containsEntry(MAX, 10.0);
    assertThat(GatewayCopies.newestRun(List.of(pg1, pg2))).containsExactly(pg1, pg2);
    assertThat(GatewayCopies.newestRun(List.of(pg1, copy(COMPLETION, T - 601))))
        .containsExactly(pg1);
  }
}
