package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import dev.promjob.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in progress: published when it starts, replaced by its report, counted when runs overlap.
 */
class InProgressTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final String HEADER =
      "# Written by promjob. Replaced whole on every run of the job: do not edit.\n";

  @TempDir Path dir;
  final TestClock clock = new TestClock(T0);

  Reporter reporter() {
    return Reporter.builder()
        .textfileDirectory(dir)
        .clock(clock)
        .reportErrors(ReportErrorPolicy.THROW)
        .reportOnShutdown(false, Duration.ofSeconds(1))
        .build();
  }

  Job job(Duration max) {
    return Job.machineBound("db_backup").maxRuntime(max).build();
  }

  String file() throws IOException {
    return Files.readString(dir.resolve("db_backup.prom"), StandardCharsets.UTF_8);
  }

  /** The families of a run in progress as client_java writes them: sorted, Java's doubles. */
  static String marker(int runs, Instant start, String max) {
    return (max == null
            ? ""
            : "# HELP promjob_max_runtime_seconds How long one run of the job may take, in"
                + " seconds.\n"
                + "# TYPE promjob_max_runtime_seconds gauge\n"
                + "promjob_max_runtime_seconds{job_name=\"db_backup\"} "
                + max
                + "\n")
        + "# HELP promjob_run_start_timestamp_seconds Unix time at which the job's oldest run in"
        + " progress started, else its last run.\n"
        + "# TYPE promjob_run_start_timestamp_seconds gauge\n"
        + "promjob_run_start_timestamp_seconds{job_name=\"db_backup\"} "
        + (double) start.getEpochSecond()
        + "\n"
        + "# HELP promjob_runs_in_progress How many runs of the job are in progress (started, not"
        + " ended).\n"
        + "# TYPE promjob_runs_in_progress gauge\n"
        + "promjob_runs_in_progress{job_name=\"db_backup\"} "
        + (double) runs
        + "\n";
  }

  @Test
  void theStartIsInTheFileBeforeTheBodyRunsAndKeepsTheLastSuccess() throws IOException {
    Reporter reporter = reporter();
    Job job = job(Duration.ofHours(2));
    reporter.run(job, run -> clock.advance(Duration.ofSeconds(3)));
    String afterFirst = file();
    assertThat(afterFirst)
        .contains("promjob_last_success_timestamp_seconds{job_name=\"db_backup\"} 1.795255203E9")
        .contains(marker(0, T0, "7200.0"))
        .doesNotContain("# promjob runs in progress:");
    clock.advance(Duration.ofMinutes(1));
    Instant second = clock.instant();
    try (Run run = reporter.start(job)) {
      String running = file();
      assertThat(running)
          .startsWith(HEADER + "# promjob runs in progress: " + ProcessHandle.current().pid())
          .contains("promjob_last_success_timestamp_seconds{job_name=\"db_backup\"} 1.795255203E9")
          .contains("promjob_last_run_success{job_name=\"db_backup\"} 1.0")
          .contains(afterFirst.substring(HEADER.length(), afterFirst.indexOf("# HELP promjob_max")))
          .endsWith(marker(1, second, "7200.0"));
      assertEquals(1, count(running, "# TYPE promjob_runs_in_progress gauge"), running);
      clock.advance(Duration.ofSeconds(5));
      run.failure();
    }
    String ended = file();
    assertThat(ended)
        .startsWith(HEADER + "# HELP")
        .contains("promjob_last_success_timestamp_seconds{job_name=\"db_backup\"} 1.795255203E9")
        .contains("promjob_last_run_success{job_name=\"db_backup\"} 0.0")
        .endsWith(marker(0, second, "7200.0"));
  }

  @Test
  void overlappingRunsOfOneProcessCountEachOtherAndKeepTheOldestStart() throws IOException {
    Reporter reporter = reporter();
    Job job = job(Duration.ofHours(2));
    Run first = reporter.start(job);
    clock.advance(Duration.ofMinutes(1));
    Run second = reporter.start(job);
    assertThat(file()).endsWith(marker(2, T0, "7200.0"));
    clock.advance(Duration.ofMinutes(1));
    first.success();
    assertThat(file()).endsWith(marker(1, T0.plusSeconds(60), "7200.0"));
    second.success();
    assertThat(file()).endsWith(marker(0, T0.plusSeconds(60), "7200.0"));
  }

  /**
   * Another process's run, listed in the file: its pid (1, init) is alive, its start is its own.
   */
  @Test
  void aRunOfAnotherLiveProcessIsCountedUntilItEnds() throws IOException {
    long initStart =
        ProcessHandle.of(1).orElseThrow().info().startInstant().orElseThrow().toEpochMilli();
    Instant othersStart = T0.minusSeconds(600);
    Files.writeString(
        dir.resolve("db_backup.prom"),
        HEADER
            + "# promjob runs in progress: 1-"
            + initStart
            + "-9@"
            + othersStart.toEpochMilli()
            + "\n"
            + marker(1, othersStart, null));
    Reporter reporter = reporter();
    Run run = reporter.start(job(Duration.ofHours(1)));
    assertThat(file()).endsWith(marker(2, othersStart, "3600.0"));
    run.success();
    assertThat(file())
        .startsWith(HEADER + "# promjob runs in progress: 1-" + initStart + "-9@")
        .endsWith(marker(1, othersStart, "3600.0"));
  }

  /**
   * A run SIGKILLed leaves its entry; the next run leaves it out once its process is gone (pid 1
   * runs, but did not start at 12345 ms). Damaged entries count no run.
   */
  @Test
  void aRunWhoseProcessIsGoneIsLeftOutByTheNextRun() throws IOException {
    Instant killed = T0.minusSeconds(7200);
    Files.writeString(
        dir.resolve("db_backup.prom"),
        HEADER
            + "# promjob runs in progress: 1-12345-1@"
            + killed.toEpochMilli()
            + " @5 junk 1-2-3@x\n"
            + marker(1, killed, "3600.0"));
    Run run = reporter().start(job(Duration.ofHours(1)));
    String running = file();
    assertThat(running).doesNotContain("1-12345-1").endsWith(marker(1, T0, "3600.0"));
    run.success();
  }

  /**
   * A report that carries no run of its own in progress (an invocation that found the run lock
   * held, a job that does not mark its start) leaves the runs the file lists, counted: the holder
   * (another live process, pid 1) stays seen, with its start.
   */
  @Test
  void aReportWithoutARunOfItsOwnLeavesTheRunsStillListedSeen() throws IOException {
    long initStart =
        ProcessHandle.of(1).orElseThrow().info().startInstant().orElseThrow().toEpochMilli();
    Instant holders = T0.minusSeconds(7200);
    String list = "# promjob runs in progress: 1-" + initStart + "-4@" + holders.toEpochMilli();
    Files.writeString(
        dir.resolve("db_backup.prom"), HEADER + list + "\n" + marker(1, holders, "3600.0"));
    Job overlapped =
        Job.machineBound("db_backup").maxRuntime(Duration.ofHours(1)).inProgress(false).build();
    try (Run run = reporter().start(overlapped)) {
      run.failure();
    }
    String ended = file();
    assertThat(ended)
        .startsWith(HEADER + list + "\n# HELP")
        .contains("promjob_last_run_success{job_name=\"db_backup\"} 0.0")
        .endsWith(marker(1, holders, "3600.0"));
    assertEquals(1, count(ended, "# TYPE promjob_runs_in_progress gauge"), ended);
    reporter() // a report made elsewhere (promjob write) says nothing of them either
        .report(
            new Report(
                overlapped,
                Outcome.SUCCESS,
                clock.instant(),
                clock.instant(),
                new io.prometheus.metrics.model.snapshots.MetricSnapshots()));
    assertThat(file())
        .startsWith(HEADER + list + "\n# HELP")
        .contains("promjob_last_run_success{job_name=\"db_backup\"} 1.0")
        .endsWith(marker(1, holders, "3600.0"));
  }

  /** What a run's report said of the runs in progress, for a caller that reports it again. */
  @Test
  void aRunSaysWhatItsReportSaidOfTheRunsInProgress() throws IOException {
    Reporter reporter = reporter();
    Run other = reporter.start(job(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(1));
    Run run = reporter.start(job(Duration.ofHours(1)));
    assertThat(run.inProgressAtEnd()).isEmpty();
    run.failure();
    InProgress ended = run.inProgressAtEnd().orElseThrow();
    assertEquals(1, ended.runs());
    assertEquals(T0, ended.oldest());
    assertEquals(T0.plusSeconds(60), ended.start());
    other.success();
    Run unmarked = reporter.start(Job.machineBound("db_backup").build());
    unmarked.success();
    assertThat(unmarked.inProgressAtEnd()).isEmpty();
  }

  /** An entry whose id is not of promjob's form is damaged: it counts no run, nor breaks one. */
  @Test
  void anEntryNotOfPromjobsFormCountsNoRun() throws IOException {
    Files.writeString(
        dir.resolve("db_backup.prom"),
        HEADER + "# promjob runs in progress: abc@5 1-12345-1@7\n" + marker(2, T0, null));
    reporter().run(Job.machineBound("db_backup").build(), run -> {});
    assertThat(file())
        .doesNotContain("# promjob runs in progress")
        .doesNotContain("promjob_runs_in_progress");
  }

  /** A job none of whose runs marks its start: its file is what it was before runs in progress. */
  @Test
  void aJobThatNeverMarksItsStartWritesItsFileByteForByteAsBefore() throws IOException {
    Reporter reporter = reporter();
    Job job = Job.machineBound("db_backup").build();
    reporter.run(job, run -> clock.advance(Duration.ofSeconds(3)));
    clock.advance(Duration.ofMinutes(1));
    try (Run run = reporter.start(job)) {
      clock.advance(Duration.ofMillis(1500));
      run.failure();
    }
    assertEquals( // the bytes written before runs in progress (with the failures in a row since,
        // and the families the next run reads back first)
        HEADER
            + "# HELP promjob_consecutive_failures Failed runs of the job in a row since its last"
            + " success; 0 after a success.\n"
            + "# TYPE promjob_consecutive_failures gauge\n"
            + "promjob_consecutive_failures{job_name=\"db_backup\"} 1.0\n"
            + "# HELP promjob_last_run_success 1 if the job's last run succeeded, 0 if it failed.\n"
            + "# TYPE promjob_last_run_success gauge\n"
            + "promjob_last_run_success{job_name=\"db_backup\"} 0.0\n"
            + "# HELP promjob_last_success_timestamp_seconds Unix time of the job's last"
            + " successful run.\n"
            + "# TYPE promjob_last_success_timestamp_seconds gauge\n"
            + "promjob_last_success_timestamp_seconds{job_name=\"db_backup\"} 1.795255203E9\n"
            + "# promjob: the next run reads the families above only\n"
            + "# HELP promjob_last_completion_timestamp_seconds Unix time at which the job's last"
            + " run ended, successful or failed.\n"
            + "# TYPE promjob_last_completion_timestamp_seconds gauge\n"
            + "promjob_last_completion_timestamp_seconds{job_name=\"db_backup\"} 1.7952552645E9\n"
            + "# HELP promjob_last_duration_seconds How long the job's last run took, in seconds.\n"
            + "# TYPE promjob_last_duration_seconds gauge\n"
            + "promjob_last_duration_seconds{job_name=\"db_backup\"} 1.5\n",
        file());
  }

  @Test
  void aJobWithoutMaxRuntimeMarksNothingByDefaultAndMayChooseTo() throws IOException {
    Reporter reporter = reporter();
    reporter.run(Job.machineBound("db_backup").build(), run -> {});
    assertThat(file()).doesNotContain("promjob_runs_in_progress");
    Job chosen = Job.machineBound("db_backup").inProgress(true).build();
    try (Run run = reporter.start(chosen)) {
      assertThat(file()).endsWith(marker(1, T0, null));
      run.success();
    }
    Job off =
        Job.machineBound("db_backup").maxRuntime(Duration.ofHours(1)).inProgress(false).build();
    reporter.run(off, run -> assertThat(file()).contains(marker(0, T0, null)));
    assertThat(file()).doesNotContain("promjob_runs_in_progress");
  }

  /** A backend whose start fails (a gateway down): logged once, the run goes on and reports. */
  @Test
  void aStartThatCannotBePublishedIsLoggedOnceAndNeverFailsTheRun() {
    List<Report> reports = new ArrayList<>();
    Backend down =
        new Backend() {
          @Override
          public String name() {
            return "down";
          }

          @Override
          public String location(Job job) {
            return "nowhere";
          }

          @Override
          public void publishStart(InProgressExposition start) throws IOException {
            throw new IOException("cannot POST to http://127.0.0.1:1/metrics/job/db_backup");
          }

          @Override
          public void publish(Exposition exposition) {
            reports.add(exposition.report());
          }

          @Override
          public void delete(Job job) {}
        };
    Reporter reporter =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, down)
            .clock(clock)
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    try (LogCapture log = LogCapture.start()) {
      reporter.run(job(Duration.ofHours(1)), run -> {});
      assertThat(log.messages())
          .containsExactly(
              "job 'db_backup': its start could not be published, the run goes on: cannot POST to"
                  + " http://127.0.0.1:1/metrics/job/db_backup");
    }
    assertEquals(1, reports.size());
    assertEquals(0, reports.get(0).inProgress().orElseThrow().runs());
  }

  @Test
  void configurationSetsTheMaxRuntimeAndTheChoice() {
    Config config =
        Config.of(
            Map.of(
                "promjob.job.db_backup.max_runtime", "90m",
                "promjob.job.other.in_progress", "TRUE"));
    Job job = JobKeys.configured(Job.machineBound("db_backup").build(), config);
    assertEquals(Duration.ofMinutes(90), job.maxRuntime().orElseThrow());
    assertThat(job.marksStart()).isTrue();
    Job other = JobKeys.configured(Job.machineBound("other").build(), config);
    assertThat(other.marksStart()).isTrue();
    assertThat(other.maxRuntime()).isEmpty();
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                JobKeys.configured(
                    Job.machineBound("x").build(),
                    Config.of(Map.of("promjob.job.x.in_progress", "yes"))));
    assertEquals("'yes': promjob.job.x.in_progress must be true or false", bad.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> Job.machineBound("x").maxRuntime(Duration.ZERO));
    assertThat(zero.getMessage()).startsWith("'PT0S': max runtime must be a positive duration");
  }

  /** A run's process is gone when its pid is free or reused; an id it cannot read counts. */
  @Test
  void aRunsProcessIsAliveUntilItsPidIsFreeOrReused() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().orElseThrow().toEpochMilli();
    assertThat(InProgress.processAlive(self.pid() + "-" + started + "-1")).isTrue();
    assertThat(InProgress.processAlive(self.pid() + "-0-1")).as("start unknown").isTrue();
    // One process's start read across a step of the wall clock (another JVM, after NTP) is close.
    assertThat(InProgress.processAlive(self.pid() + "-" + (started + 3000) + "-1")).isTrue();
    assertThat(InProgress.processAlive(self.pid() + "-" + (started - 10_000) + "-1")).isTrue();
    assertThat(InProgress.processAlive(self.pid() + "-" + (started + 10_001) + "-1")).isFalse();
    assertThat(InProgress.processAlive(self.pid() + "-" + (started - 3_600_000) + "-1")).isFalse();
    assertThat(InProgress.processAlive("999999999-" + started + "-1")).as("no such pid").isFalse();
    assertThat(InProgress.processAlive("garbage")).isTrue();
    assertThat(InProgress.processAlive("1-x-1")).isTrue();
    assertThrows(
        IllegalArgumentException.class,
        () -> new InProgress(job(Duration.ofHours(1)), "x", T0, 1, T0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new InProgress(job(Duration.ofHours(1)), "1-2-3", T0, -1, T0));
  }

  static int count(String s, String part) {
    return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
