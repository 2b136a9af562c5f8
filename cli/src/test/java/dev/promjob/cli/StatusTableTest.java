package dev.promjob.cli;

import static dev.promjob.cli.JobStatusTest.NOW;
import static dev.promjob.cli.JobStatusTest.T;
import static dev.promjob.cli.JobStatusTest.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.BatchMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table as a pipe and as a terminal get it, at a fixed instant. */
class StatusTableTest {
  static List<JobStatus> rows() {
    JobReport late =
        JobReport.of(
            Map.of("job_name", "db_backup", "site", "eu-west-1-long-site-name"),
            Map.of(
                BatchMetrics.LAST_SUCCESS, T - 2 * 86400 - 3 * 3600,
                BatchMetrics.EXPECTED_INTERVAL, 86400.0,
                BatchMetrics.LAST_RUN_SUCCESS, 0.0,
                BatchMetrics.LAST_EXIT_CODE, 1.0,
                BatchMetrics.LAST_DURATION, 1.25),
            "db_backup@site=eu-west-1-long-site-name.prom",
            false);
    JobReport ok =
        job(
            "audit",
            BatchMetrics.LAST_SUCCESS,
            T - 300,
            BatchMetrics.LAST_RUN_SUCCESS,
            1,
            BatchMetrics.DEADLINE,
            T + 12 * 60,
            BatchMetrics.LAST_DURATION,
            0.012);
    JobReport problem =
        JobReport.problem(
            "hand.prom",
            "line 3: sample has a timestamp (\"17\"): node_exporter skips the whole file");
    return List.of(JobStatus.of(late, NOW), JobStatus.of(problem, NOW), JobStatus.of(ok, NOW));
  }

  @Test
  void aPipeGetsWholeAlignedColumnsAndNoEscapes() {
    List<String> lines = StatusTable.render(rows(), NOW, Terminal.NONE);

    assertThat(String.join("\n", lines))
        .isEqualTo(
            String.join(
                "\n",
                "STATE    JOB        LABELS                         LAST RUN  LAST SUCCESS  NEXT SUCCESS  TOOK",
                "late     db_backup  site=eu-west-1-long-site-name  exit 1    2d3h ago      overdue 3h    1.2s",
                "problem  hand.prom: line 3: sample has a timestamp (\"17\"): node_exporter skips the whole file",
                "ok       audit      -                              ok        5m ago        due in 12m    12ms"));
  }

  @Test
  void aTerminalGetsColourAndTheLabelsCutToItsWidth() {
    List<String> lines = StatusTable.render(rows(), NOW, new Terminal(true, 70, true));

    assertThat(lines.get(1)).startsWith("\033[1;31mlate\033[0m     db_backup  site=~  exit 1");
    assertThat(lines.get(1)).contains("\033[1;31moverdue 3h\033[0m");
    assertThat(lines.get(3)).startsWith("\033[32mok\033[0m       audit");
    assertThat(lines.get(2))
        .endsWith("hand.prom: line 3: sample has a timestamp (\"17\"): node_expor~");
    for (String line : lines) {
      assertThat(line.replaceAll("\033\\[[0-9;]*m", "")).hasSizeLessThanOrEqualTo(70);
    }
  }

  @Test
  void aTerminalWithoutColourGetsTheWidthOnly() {
    List<String> lines = StatusTable.render(rows(), NOW, new Terminal(true, 70, false));

    assertThat(String.join("\n", lines)).doesNotContain("\033");
    assertThat(lines.get(0))
        .isEqualTo("STATE    JOB        LABELS  LAST RUN  LAST SUCCESS  NEXT SUCCESS  TOOK");
  }

  @Test
  void aJobNeverDueShowsADashAndAnUnknownOutcomeAQuestionMark() {
    JobStatus s = JobStatus.of(job("adhoc", BatchMetrics.LAST_COMPLETION, T), NOW);

    assertThat(StatusTable.cells(s, NOW))
        .containsExactly("ok", "adhoc", "-", "?", "never", "-", "-");
  }

  @Test
  void aLateJobThatIsGoneSaysBoth() {
    JobStatus s = JobStatus.of(JobStatusTest.goneJob("x", true, BatchMetrics.DEADLINE, T - 1), NOW);

    assertThat(StatusTable.cells(s, NOW)[0]).isEqualTo("late,gone");
  }

  @Test
  void spansChangeUnitExactlyAtTheirBoundaries() {
    assertThat(StatusTable.span(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(StatusTable.span(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(StatusTable.span(Duration.ofSeconds(3599))).isEqualTo("59m59s");
    assertThat(StatusTable.span(Duration.ofSeconds(3600))).isEqualTo("1h");
    assertThat(StatusTable.span(Duration.ofSeconds(86399))).isEqualTo("23h59m");
    assertThat(StatusTable.span(Duration.ofSeconds(86400))).isEqualTo("1d");
    assertThat(StatusTable.span(Duration.ofSeconds(-5))).isEqualTo("0s");
    assertThat(StatusTable.took(Duration.ofMillis(999))).isEqualTo("999ms");
    assertThat(StatusTable.took(Duration.ofMillis(1000))).isEqualTo("1.0s");
    assertThat(StatusTable.took(Duration.ofMillis(59999))).isEqualTo("59.9s");
    assertThat(StatusTable.took(Duration.ofMillis(60000))).isEqualTo("1m");
  }

  @Test
  void fittingCutsTheLabelsFirstThenTheJobAndNeverBelowTheirFloor() {
    List<String[]> rows =
        List.of(
            StatusTable.HEADER.toArray(new String[0]),
            new String[] {"ok", "j".repeat(20), "l".repeat(20), "ok", "1s ago", "-", "1ms"});
    int natural = 5 + 20 + 20 + 8 + 12 + 12 + 4 + 6 * 2; // each column's widest cell and the gaps

    assertThat(StatusTable.fit(rows, natural)).containsExactly(5, 20, 20, 8, 12, 12, 4);
    assertThat(StatusTable.fit(rows, natural - 1)).containsExactly(5, 20, 19, 8, 12, 12, 4);
    assertThat(StatusTable.fit(rows, natural - 14)).containsExactly(5, 20, 6, 8, 12, 12, 4);
    assertThat(StatusTable.fit(rows, natural - 15)).containsExactly(5, 19, 6, 8, 12, 12, 4);
    assertThat(StatusTable.fit(rows, 10)).containsExactly(5, 8, 6, 8, 12, 12, 4);
  }

  @Test
  void spansKeepTheirTwoLargestUnits() {
    assertThat(StatusTable.span(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(StatusTable.span(Duration.ofSeconds(330))).isEqualTo("5m30s");
    assertThat(StatusTable.span(Duration.ofMinutes(192))).isEqualTo("3h12m");
    assertThat(StatusTable.span(Duration.ofHours(52).plusMinutes(59))).isEqualTo("2d4h");
    assertThat(StatusTable.span(Duration.ofDays(3))).isEqualTo("3d");
    assertThat(StatusTable.ago(Duration.ofSeconds(-5))).isEqualTo("in 5s");
    assertThat(StatusTable.took(Duration.ofMillis(18))).isEqualTo("18ms");
    assertThat(StatusTable.took(Duration.ofMillis(1250))).isEqualTo("1.2s");
    assertThat(StatusTable.took(Duration.ofSeconds(192))).isEqualTo("3m12s");
  }

  @Test
  void terminalIsWhatTheLauncherSaysAndColourWhatTheEnvironmentAllows() {
    assertThat(Terminal.of(Map.of("TERM", "xterm"), "0", "100")).isEqualTo(Terminal.NONE);
    assertThat(Terminal.of(Map.of("TERM", "xterm"), "1", "100"))
        .isEqualTo(new Terminal(true, 100, true));
    assertThat(Terminal.of(Map.of("TERM", "xterm", "COLUMNS", "90"), "1", ""))
        .isEqualTo(new Terminal(true, 90, true));
    assertThat(Terminal.of(Map.of("TERM", "xterm"), "1", null))
        .isEqualTo(new Terminal(true, Terminal.DEFAULT_COLUMNS, true));
    assertThat(Terminal.of(Map.of("TERM", "xterm", "NO_COLOR", "1"), "1", "100").colour())
        .isFalse();
    assertThat(Terminal.of(Map.of("TERM", "xterm", "NO_COLOR", ""), "1", "100").colour()).isTrue();
    assertThat(Terminal.of(Map.of("TERM", "dumb"), "1", "100").colour()).isFalse();
    assertThat(Terminal.of(Map.of(), "1", "100").colour()).isFalse();
  }

  @Test
  void lastRunSaysARunInProgressAndHowManyRunsFailedInARow() {
    JobStatus running =
        JobStatus.of(
            job(
                "x",
                BatchMetrics.LAST_RUN_SUCCESS,
                0,
                BatchMetrics.CONSECUTIVE_FAILURES,
                3,
                BatchMetrics.RUNS_IN_PROGRESS,
                1,
                BatchMetrics.RUN_START,
                T - 2 * 3600 - 13 * 60),
            NOW);
    JobStatus two =
        JobStatus.of(
            job("x", BatchMetrics.RUNS_IN_PROGRESS, 2, BatchMetrics.RUN_START, T - 300), NOW);
    JobStatus ended =
        JobStatus.of(
            job(
                "x",
                BatchMetrics.LAST_RUN_SUCCESS,
                0,
                BatchMetrics.LAST_EXIT_CODE,
                1,
                BatchMetrics.CONSECUTIVE_FAILURES,
                3,
                BatchMetrics.RUNS_IN_PROGRESS,
                0,
                BatchMetrics.RUN_START,
                T - 300),
            NOW);
    JobStatus once =
        JobStatus.of(
            job(
                "x",
                BatchMetrics.LAST_RUN_SUCCESS,
                0,
                BatchMetrics.LAST_EXIT_CODE,
                1,
                BatchMetrics.CONSECUTIVE_FAILURES,
                1),
            NOW);
    JobStatus succeeded =
        JobStatus.of(
            job("x", BatchMetrics.LAST_RUN_SUCCESS, 1, BatchMetrics.CONSECUTIVE_FAILURES, 0), NOW);

    assertThat(StatusTable.lastRun(running, NOW)).isEqualTo("running 2h13m");
    assertThat(running.state()).isEqualTo(JobStatus.State.FAILED); // no maximum: its other state
    assertThat(StatusTable.lastRun(two, NOW)).isEqualTo("running 5m (2 runs)");
    assertThat(StatusTable.lastRun(ended, NOW)).isEqualTo("exit 1 (3x)");
    assertThat(StatusTable.lastRun(once, NOW)).isEqualTo("exit 1");
    assertThat(StatusTable.lastRun(succeeded, NOW)).isEqualTo("ok");
  }
}
