package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code promjob run} in progress, seen by the real node_exporter (as an unprivileged user) while
 * its command sleeps, and after its JVM is SIGKILLed as the OOM killer would kill it: the JVM
 * alone, never reaching its report, its command left running.
 */
class InProgressRunIT {
  static ServedDirectory served;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-inprogress-it", work);
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  @Test
  void aRunKilledBySigkillLeavesItsStartUntilTheNextRun() throws Exception {
    String job = "killed_run";
    assertThat(
            served.promjob(work, null, "run", job, "--max-runtime", "2s", "--", "true").exitCode())
        .isZero();
    double success = served.value("promjob_last_success_timestamp_seconds", job);
    assertThat(served.value("promjob_runs_in_progress", job)).isZero();
    Path started = work.resolve("killed.started");
    long before = System.currentTimeMillis() / 1000;
    Launcher.Started run =
        Launcher.start(
            work,
            Map.of("TMPDIR", work.toString()), // killed: its metrics dir stays in work, not /tmp
            "run",
            "--job",
            job,
            "--textfile-dir",
            served.dir.toString(),
            "--max-runtime",
            "2s",
            "--",
            "sh",
            "-c",
            "touch " + started + "; exec sleep 600");
    List<ProcessHandle> command = List.of();
    try {
      Launcher.await("the command to start", () -> Files.exists(started));
      assertThat(served.value("promjob_runs_in_progress", job)).isEqualTo(1);
      assertThat(served.value("promjob_run_start_timestamp_seconds", job))
          .isBetween((double) before, System.currentTimeMillis() / 1000.0);
      assertThat(served.value("promjob_max_runtime_seconds", job)).isEqualTo(2);
      assertThat(served.value("promjob_last_success_timestamp_seconds", job)).isEqualTo(success);
      assertThat(served.value("promjob_last_run_success", job)).isEqualTo(1);

      command = run.process().descendants().toList();
      run.process().destroyForcibly(); // SIGKILL to the JVM (the launcher execs it), not its group
      assertThat(Launcher.exitOf(run.process())).isEqualTo(137);

      assertThat(served.value("promjob_runs_in_progress", job)).isEqualTo(1);
      assertThat(served.value("promjob_last_run_success", job)).isEqualTo(1);
      System.out.println("after SIGKILL:\n" + Files.readString(served.dir.resolve(job + ".prom")));
    } finally {
      command.forEach(ProcessHandle::destroyForcibly);
      Launcher.stop(run.process());
    }
    assertThat(
            served.promjob(work, null, "run", job, "--max-runtime", "2s", "--", "true").exitCode())
        .isZero();
    assertThat(served.value("promjob_runs_in_progress", job)).isZero();
    System.out.println(
        "after the next run:\n" + Files.readString(served.dir.resolve(job + ".prom")));
  }

  Launcher.Started sleeping(String job, Path started) throws IOException {
    return Launcher.start(
        work,
        Map.of(),
        "run",
        "--job",
        job,
        "--textfile-dir",
        served.dir.toString(),
        "--in-progress",
        "--",
        "sh",
        "-c",
        "touch " + started + "; exec sleep 600");
  }

  /**
   * Two {@code promjob run}s of one job at once (no {@code --no-overlap}): two processes, each
   * counting the other through the job's file. The oldest start stays until its own run ends.
   */
  @Test
  void twoOverlappingRunsCountEachOtherAndKeepTheOldestStartUntilItsRunEnds() throws Exception {
    String job = "overlapping_runs";
    Path firstStarted = work.resolve("first.started");
    Path secondStarted = work.resolve("second.started");
    Launcher.Started first = sleeping(job, firstStarted);
    Launcher.Started second = null;
    try {
      Launcher.await("the first command to start", () -> Files.exists(firstStarted));
      double firstStart = served.value("promjob_run_start_timestamp_seconds", job);
      second = sleeping(job, secondStarted);
      Launcher.await("the second command to start", () -> Files.exists(secondStarted));
      assertThat(served.value("promjob_runs_in_progress", job)).isEqualTo(2);
      assertThat(served.value("promjob_run_start_timestamp_seconds", job)).isEqualTo(firstStart);
      System.out.println(
          "two runs in progress:\n" + Files.readString(served.dir.resolve(job + ".prom")));

      first.process().destroy(); // SIGTERM, forwarded: the first run reports, failed
      assertThat(Launcher.exitOf(first.process())).isEqualTo(143);
      assertThat(served.value("promjob_runs_in_progress", job)).isEqualTo(1);
      double secondStart = served.value("promjob_run_start_timestamp_seconds", job);
      assertThat(secondStart).isGreaterThan(firstStart);
      System.out.println(
          "the first ended:\n" + Files.readString(served.dir.resolve(job + ".prom")));

      second.process().destroy();
      assertThat(Launcher.exitOf(second.process())).isEqualTo(143);
      assertThat(served.value("promjob_runs_in_progress", job)).isZero();
      assertThat(served.value("promjob_run_start_timestamp_seconds", job)).isEqualTo(secondStart);
    } finally {
      Launcher.stop(first.process());
      if (second != null) {
        Launcher.stop(second.process());
      }
    }
  }

  /** A gateway that cannot be reached: the start is one warning, the command runs all the same. */
  @Test
  void aStartThatCannotBePublishedNeverStopsTheCommand() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // closed again: connections are refused
    }
    Path ran = work.resolve("unreachable.ran");
    Launcher.Result r =
        Launcher.run(
            work,
            Map.of(
                "PROMJOB_PUSHGATEWAY_URL",
                "http://127.0.0.1:" + closed,
                "PROMJOB_PUSHGATEWAY_RETRIES",
                "0"),
            null,
            "run",
            "--job",
            "unreachable",
            "--backend",
            "pushgateway",
            "--max-runtime",
            "1m",
            "--",
            "touch",
            ran.toString());
    System.out.println("stderr:\n" + r.err());
    assertThat(r.exitCode()).isZero();
    assertThat(ran).exists();
    assertThat(r.err().split("its start could not be published", -1)).hasSize(2);
    assertThat(r.err()).doesNotContain("\tat ");
    // One line each, as promjob's own messages: not java.util.logging's date line before it.
    assertThat(r.err().lines()).isNotEmpty().allMatch(l -> l.startsWith("promjob: "));
  }
}
