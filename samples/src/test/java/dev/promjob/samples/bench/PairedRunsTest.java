package dev.promjob.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.samples.bench.PairedRuns.Command;
import dev.promjob.samples.bench.PairedRuns.Plan;
import dev.promjob.samples.bench.PairedRuns.Run;
import dev.promjob.samples.bench.PairedRuns.Timings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arithmetic and the argument rules of the paired whole-process timings; no test times anything
 * (a timing is a figure of the machine, not of the code).
 */
class PairedRunsTest {

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    assertThat(Spread.median(new double[] {7})).isEqualTo(7);
    assertThat(Spread.median(new double[] {9, 1, 5})).isEqualTo(5);
    assertThat(Spread.median(new double[] {4, 1, 10, 2})).isEqualTo(3);
    assertThatThrownBy(() -> Spread.median(new double[0]))
        .hasMessage("'0': no values have no median");
  }

  @Test
  void theMeanIsTheSumOverTheCount() {
    assertThat(Spread.mean(new double[] {10, 0, 0, 30})).isEqualTo(10);
    assertThatThrownBy(() -> Spread.mean(new double[0])).hasMessage("'0': no values have no mean");
  }

  @Test
  void aSpreadIsMinMedianMaxAndLeavesItsValuesInTheirOrder() {
    double[] values = {3, 1, 2, 10};
    assertThat(Spread.of(values)).isEqualTo(new Spread(1, 2.5, 10));
    assertThat(values).containsExactly(3, 1, 2, 10);
  }

  @Test
  void theRatioIsTakenRoundByRoundThenItsMedian() {
    // Ratio of the medians: 9 / 10 = 0.9. Round by round: 2, 0.9, 3, whose median is 2.
    double[] a = {2, 9, 30};
    double[] b = {1, 10, 10};
    assertThat(Spread.ratios(a, b)).containsExactly(2, 0.9, 3);
    assertThat(Spread.median(Spread.ratios(a, b))).isEqualTo(2);
    assertThatThrownBy(() -> Spread.ratios(a, new double[] {1}))
        .hasMessage("'3 and 1': ratios need as many rounds of each");
  }

  @Test
  void commandsAreSeparatedAndTheFlagsComeFirst() {
    Plan plan =
        PairedRuns.parse(
            List.of(
                "--runs",
                "5",
                "--warmup",
                "0",
                "promjob",
                "promjob",
                "run",
                "--job",
                "x",
                "--",
                "true",
                ":::",
                "empty",
                "java",
                "-cp",
                "d",
                "Empty"));
    assertThat(plan.runs()).isEqualTo(5);
    assertThat(plan.warmup()).isZero();
    assertThat(plan.commands())
        .containsExactly(
            new Command("promjob", List.of("promjob", "run", "--job", "x", "--", "true")),
            new Command("empty", List.of("java", "-cp", "d", "Empty")));
  }

  @Test
  void withoutFlagsThereAre21RoundsAfter3WarmUps() {
    Plan plan = PairedRuns.parse(List.of("a", "true", ":::", "b", "true"));
    assertThat(plan.runs()).isEqualTo(21);
    assertThat(plan.warmup()).isEqualTo(3);
  }

  @Test
  void argumentsThatDescribeNoBenchmarkAreRefusedWithTheirValue() {
    assertThatThrownBy(() -> PairedRuns.parse(List.of("a", "true")))
        .hasMessage("'1': at least two commands, separated by :::");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("a", "true", ":::")))
        .hasMessage("':::': a label and a command must come before and after it");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("a", ":::", "b", "true")))
        .hasMessage("'a': a command needs a program to run");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("--runs", "0", "a", "x", ":::", "b", "y")))
        .hasMessage("'0': --runs must be at least 1");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("--warmup", "-1", "a", "x", ":::", "b", "y")))
        .hasMessage("'-1': --warmup must be at least 0");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("--runs", "many", "a", "x", ":::", "b", "y")))
        .hasMessage("'many': not a whole number");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("--pin", "0", "a", "x", ":::", "b", "y")))
        .hasMessage("'--pin': not a flag of PairedRuns");
    assertThatThrownBy(() -> PairedRuns.parse(List.of("--runs")))
        .hasMessage("'--runs': needs a number after it");
  }

  @Test
  void aYardstickThatUsedNoTickOfCpuHasNoCpuRatio() {
    Plan plan = PairedRuns.parse(List.of("--runs", "1", "a", "x", ":::", "b", "y"));
    double[][] wall = {{2}, {1}};
    double[][] cpu = {{10}, {0}};
    assertThat(PairedRuns.report(plan, new Timings(wall, cpu)))
        .endsWith(
            """
            ratio to b       min    median       max     cpu means
            a               2.00      2.00      2.00             -
            """);
  }

  @Test
  void theCommandsRunInTurnAndTheWarmUpsAreNotCounted() throws Exception {
    Plan plan =
        PairedRuns.parse(List.of("--runs", "3", "--warmup", "2", "a", "x", ":::", "b", "y"));
    List<String> order = new ArrayList<>();
    int[] next = {0};
    Timings timings =
        PairedRuns.measure(
            plan,
            command -> {
              order.add(command.label());
              next[0]++;
              return new Run(next[0], 100 * next[0]);
            });
    assertThat(order).containsExactly("a", "b", "a", "b", "a", "b", "a", "b", "a", "b");
    // Warm-ups took 1..4 ms; the counted rounds 5..10, a's odd and b's even.
    assertThat(timings.wall()[0]).containsExactly(5, 7, 9);
    assertThat(timings.wall()[1]).containsExactly(6, 8, 10);
    assertThat(timings.cpu()[0]).containsExactly(500, 700, 900);
    assertThat(timings.cpu()[1]).containsExactly(600, 800, 1000);
  }

  @Test
  void theReportGivesEachCommandsSpreadAndItsRatioToTheLastOne() {
    Plan plan =
        PairedRuns.parse(
            List.of("--runs", "3", "new", "x", ":::", "old", "x", ":::", "empty_jvm", "y"));
    double[][] wall = {{20, 90, 300}, {30, 120, 200}, {10, 100, 100}};
    double[][] cpu = {{10, 20, 30}, {20, 20, 20}, {0, 10, 0}};
    assertThat(PairedRuns.report(plan, new Timings(wall, cpu)))
        .isEqualTo(
            """
            paired whole-process timings: 3 rounds after 3 warm-up rounds, each round new old\
             empty_jvm in turn
            wall ms                  min    median       max   cpu ms mean
            new                     20.0      90.0     300.0          20.0
            old                     30.0     120.0     200.0          20.0
            empty_jvm               10.0     100.0     100.0           3.3
            ratio to empty_jvm       min    median       max     cpu means
            new                     0.90      2.00      3.00          6.00
            old                     1.20      2.00      3.00          6.00
            """);
  }

  @Test
  void realCommandsRunAndAreReportedWithoutAFigureBeingChecked() throws Exception {
    Plan plan =
        PairedRuns.parse(List.of("--runs", "2", "--warmup", "1", "a", "true", ":::", "b", "true"));
    String report = PairedRuns.run(plan);
    assertThat(report)
        .startsWith("paired whole-process timings: 2 rounds after 1 warm-up rounds, each round a b")
        .contains("\nratio to b ");
  }

  @Test
  void theCpuOfTheProcessIsCounted(@TempDir Path dir) throws Exception {
    // awk burns CPU until its own account (utime + stime in /proc/self/stat) reaches 20 ticks of
    // 10 ms: what it used is known without a clock.
    String burn =
        "BEGIN { while (1) { getline l < \"/proc/self/stat\"; close(\"/proc/self/stat\");"
            + " sub(/.*\\) /, \"\", l); split(l, f, \" \"); if (f[12] + f[13] >= 20) exit } }";
    Run run = PairedRuns.timed(new Command("burn", List.of("awk", burn)), dir.resolve("stderr"));
    assertThat(run.cpuMillis()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void aCommandThatFailsEndsTheBenchmarkWithItsStatusAndStderr() {
    Plan plan =
        PairedRuns.parse(
            List.of(
                "--runs",
                "1",
                "--warmup",
                "0",
                "ok",
                "true",
                ":::",
                "broken",
                "sh",
                "-c",
                "echo no such directory >&2; exit 3"));
    assertThatThrownBy(() -> PairedRuns.run(plan))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "'broken': exited 3, a timing of a failure says nothing: sh -c echo no such directory"
                + " >&2; exit 3\nno such directory");
  }
}
