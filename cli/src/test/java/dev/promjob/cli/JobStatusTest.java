package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.BatchMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How status judges a job and orders the rows: as the shipped rules, at a fixed instant. */
class JobStatusTest {
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final double T = NOW.getEpochSecond();

  static JobReport job(String name, Object... familyValues) {
    return goneJob(name, false, familyValues);
  }

  static JobReport goneJob(String name, boolean gone, Object... familyValues) {
    Map<String, Double> values = new HashMap<>();
    for (int i = 0; i < familyValues.length; i += 2) {
      values.put((String) familyValues[i], ((Number) familyValues[i + 1]).doubleValue());
    }
    return JobReport.of(Map.of("job_name", name), values, name + ".prom", gone);
  }

  static JobStatus judge(JobReport r) {
    return JobStatus.of(r, NOW);
  }

  @Test
  void lateOnlyStrictlyAfterTwiceTheIntervalAsTheFreshnessRule() {
    JobReport atTheEdge =
        job(
            "x",
            BatchMetrics.LAST_SUCCESS,
            T - 7200,
            BatchMetrics.EXPECTED_INTERVAL,
            3600,
            BatchMetrics.LAST_RUN_SUCCESS,
            1);
    JobReport past =
        job(
            "x",
            BatchMetrics.LAST_SUCCESS,
            T - 7201,
            BatchMetrics.EXPECTED_INTERVAL,
            3600,
            BatchMetrics.LAST_RUN_SUCCESS,
            1);

    assertThat(judge(atTheEdge).state()).isEqualTo(JobStatus.State.OK);
    assertThat(judge(atTheEdge).due()).contains(NOW);
    assertThat(judge(past).state()).isEqualTo(JobStatus.State.LATE);
    assertThat(judge(past).due()).contains(NOW.minusSeconds(1));
  }

  @Test
  void lateAtTheDeadlineItselfAsTheScheduleRule() {
    JobReport at = job("x", BatchMetrics.LAST_SUCCESS, T - 10, BatchMetrics.DEADLINE, T);
    JobReport before = job("x", BatchMetrics.LAST_SUCCESS, T - 10, BatchMetrics.DEADLINE, T + 1);

    assertThat(judge(at).late()).isTrue();
    assertThat(judge(before).late()).isFalse();
    assertThat(judge(before).due()).contains(NOW.plusSeconds(1));
  }

  @Test
  void theEarlierOfDeadlineAndTwiceTheIntervalIsDue() {
    JobReport both =
        job(
            "x",
            BatchMetrics.LAST_SUCCESS,
            T - 100,
            BatchMetrics.EXPECTED_INTERVAL,
            3600,
            BatchMetrics.DEADLINE,
            T + 60);

    assertThat(judge(both).due()).contains(NOW.plusSeconds(60));
  }

  @Test
  void aJobThatNeverSucceededIsDueAtItsFirstSuccessDeadline() {
    JobReport never =
        job("x", BatchMetrics.LAST_RUN_SUCCESS, 0, BatchMetrics.FIRST_SUCCESS_DEADLINE, T - 1);
    JobReport succeededOnce =
        job(
            "x",
            BatchMetrics.LAST_SUCCESS,
            T - 100,
            BatchMetrics.LAST_RUN_SUCCESS,
            0,
            BatchMetrics.FIRST_SUCCESS_DEADLINE,
            T - 1); // beside a last success: ignored

    assertThat(judge(never).state()).isEqualTo(JobStatus.State.LATE);
    assertThat(judge(never).lastSuccess()).isEmpty();
    assertThat(judge(succeededOnce).state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(judge(succeededOnce).due()).isEmpty();
  }

  @Test
  void anInfiniteDeadlineIsNeverDue() {
    JobReport r =
        job(
            "x",
            BatchMetrics.LAST_SUCCESS,
            T - 100,
            BatchMetrics.DEADLINE,
            Double.POSITIVE_INFINITY);

    assertThat(judge(r).due()).isEmpty();
    assertThat(judge(r).state()).isEqualTo(JobStatus.State.OK);
  }

  @Test
  void theOutcomeSaysWhyTheRunFailed() {
    assertThat(judge(job("x", BatchMetrics.LAST_RUN_SUCCESS, 1)).outcome()).isEqualTo("ok");
    assertThat(judge(job("x", BatchMetrics.LAST_RUN_SUCCESS, 0)).outcome()).isEqualTo("failed");
    assertThat(
            judge(
                    job(
                        "x",
                        BatchMetrics.LAST_RUN_SUCCESS,
                        0,
                        BatchMetrics.LAST_EXIT_CODE,
                        75,
                        BatchMetrics.LAST_RUN_OVERLAPPED,
                        1))
                .outcome())
        .isEqualTo("overlapped");
    assertThat(
            judge(
                    job(
                        "x",
                        BatchMetrics.LAST_RUN_SUCCESS,
                        0,
                        BatchMetrics.LAST_EXIT_CODE,
                        124,
                        BatchMetrics.LAST_RUN_TIMED_OUT,
                        1))
                .outcome())
        .isEqualTo("timed out");
    assertThat(
            judge(job("x", BatchMetrics.LAST_RUN_SUCCESS, 0, BatchMetrics.LAST_EXIT_CODE, 3))
                .outcome())
        .isEqualTo("exit 3");
    assertThat(judge(job("x")).outcome()).isEqualTo("?");
  }

  @Test
  void rowsAreOrderedLateGoneFailedProblemOkThenByWhatIsDueFirst() {
    List<JobStatus> rows = new ArrayList<>();
    rows.add(
        judge(job("ok_later", BatchMetrics.LAST_RUN_SUCCESS, 1, BatchMetrics.DEADLINE, T + 50)));
    rows.add(
        judge(job("ok_sooner", BatchMetrics.LAST_RUN_SUCCESS, 1, BatchMetrics.DEADLINE, T + 5)));
    rows.add(judge(job("ok_never_due", BatchMetrics.LAST_RUN_SUCCESS, 1)));
    rows.add(judge(JobReport.problem("broken.prom", "line 1: ...")));
    rows.add(judge(job("failed", BatchMetrics.LAST_RUN_SUCCESS, 0)));
    rows.add(judge(goneJob("gone", true, BatchMetrics.LAST_RUN_SUCCESS, 0)));
    rows.add(judge(job("late_lately", BatchMetrics.DEADLINE, T - 5)));
    rows.add(judge(job("late_long", BatchMetrics.DEADLINE, T - 500)));

    rows.sort(JobStatus.URGENCY);

    assertThat(rows)
        .extracting(s -> s.report().job().isEmpty() ? s.report().source() : s.report().job())
        .containsExactly(
            "late_long",
            "late_lately",
            "gone",
            "failed",
            "broken.prom",
            "ok_sooner",
            "ok_later",
            "ok_never_due");
  }

  @Test
  void aLateJobStaysLateWhenGoneAndAGoneOneIsNotCalledFailed() {
    JobStatus lateAndGone = judge(goneJob("x", true, BatchMetrics.DEADLINE, T - 1));
    JobStatus goneAfterAFailure = judge(goneJob("x", true, BatchMetrics.LAST_RUN_SUCCESS, 0));

    assertThat(lateAndGone.state()).isEqualTo(JobStatus.State.LATE);
    assertThat(goneAfterAFailure.state()).isEqualTo(JobStatus.State.GONE);
  }

  static JobReport running(double startedAgo, Double maxRuntime, double inProgress) {
    return maxRuntime == null
        ? job(
            "x",
            BatchMetrics.LAST_RUN_SUCCESS,
            1,
            BatchMetrics.RUNS_IN_PROGRESS,
            inProgress,
            BatchMetrics.RUN_START,
            T - startedAgo)
        : job(
            "x",
            BatchMetrics.LAST_RUN_SUCCESS,
            1,
            BatchMetrics.RUNS_IN_PROGRESS,
            inProgress,
            BatchMetrics.RUN_START,
            T - startedAgo,
            BatchMetrics.MAX_RUNTIME,
            maxRuntime);
  }

  @Test
  void overrunOnlyStrictlyPastTheMaxRuntimeAsTheRunningTooLongRule() {
    assertThat(judge(running(3600, 3600.0, 1)).state()).isEqualTo(JobStatus.State.OK);
    assertThat(judge(running(3600.001, 3600.0, 1)).state()).isEqualTo(JobStatus.State.OVERRUN);
    assertThat(judge(running(3601, 3600.0, 2)).state()).isEqualTo(JobStatus.State.OVERRUN);
  }

  @Test
  void noOverrunWithoutARunInProgressOrWithoutADeclaredMaximum() {
    assertThat(judge(running(86400, 3600.0, 0)).state()).isEqualTo(JobStatus.State.OK);
    assertThat(judge(running(86400, null, 1)).state()).isEqualTo(JobStatus.State.OK);
    assertThat(judge(running(86400, null, 1)).runStart()).contains(NOW.minusSeconds(86400));
    assertThat(judge(running(86400, 3600.0, 0)).runStart()).isEmpty(); // the last run's, ended
  }

  @Test
  void anOverrunComesBeforeLateAndWinsOverIt() {
    JobReport hungAndLate =
        job(
            "hung",
            BatchMetrics.LAST_SUCCESS,
            T - 3 * 3600,
            BatchMetrics.EXPECTED_INTERVAL,
            3600,
            BatchMetrics.RUNS_IN_PROGRESS,
            1,
            BatchMetrics.RUN_START,
            T - 2 * 3600,
            BatchMetrics.MAX_RUNTIME,
            600);
    JobReport late =
        job("a_late", BatchMetrics.LAST_SUCCESS, T - 3 * 3600, BatchMetrics.EXPECTED_INTERVAL, 60);

    JobStatus hung = judge(hungAndLate);
    assertThat(hung.state()).isEqualTo(JobStatus.State.OVERRUN);
    assertThat(hung.late()).isTrue();
    List<JobStatus> rows = new ArrayList<>(List.of(judge(late), hung));
    rows.sort(JobStatus.URGENCY);
    assertThat(rows).extracting(s -> s.report().job()).containsExactly("hung", "a_late");
  }

  @Test
  void failedRowsComeMostFailuresInARowFirstAnUncountedOneAsOnce() {
    List<JobStatus> rows = new ArrayList<>();
    for (Object[] jf : new Object[][] {{"a_once", 1}, {"b_many", 7}, {"c_thrice", 3}}) {
      rows.add(
          judge(
              job(
                  (String) jf[0],
                  BatchMetrics.LAST_RUN_SUCCESS,
                  0,
                  BatchMetrics.CONSECUTIVE_FAILURES,
                  (Integer) jf[1])));
    }
    rows.add(judge(job("_uncounted", BatchMetrics.LAST_RUN_SUCCESS, 0)));
    rows.sort(JobStatus.URGENCY);

    assertThat(rows)
        .extracting(s -> s.report().job())
        .containsExactly("b_many", "c_thrice", "_uncounted", "a_once"); // a tie with once: by name
  }
}
