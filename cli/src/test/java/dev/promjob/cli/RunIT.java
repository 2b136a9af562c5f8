package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.NodeExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob run} through the packaged launcher, wrapping real commands, with the real
 * node_exporter (as an unprivileged user) serving the directory it writes.
 */
class RunIT {
  static ServedDirectory served;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-run-it", work);
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static Launcher.Result run(String job, String... rest) throws Exception {
    return served.promjob(work, null, "run", job, rest);
  }

  static double served(String metric, String job) throws IOException {
    return served.value(metric, job);
  }

  @Test
  void aCommandThatExitsZeroIsASuccessReportedWithItsExitCode() throws Exception {
    Launcher.Result r = run("ok_job", "--every", "1h", "--", "true");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty(); // cron mails whatever a job prints
    assertThat(r.err()).isEmpty();
    assertThat(served("promjob_last_run_success", "ok_job")).isEqualTo(1);
    assertThat(served("promjob_last_exit_code", "ok_job")).isZero();
    assertThat(served("promjob_last_run_timed_out", "ok_job")).isZero();
    assertThat(served("promjob_expected_interval_seconds", "ok_job")).isEqualTo(3600);
    assertThat(served("promjob_last_success_timestamp_seconds", "ok_job")).isPositive();
    assertThat(NodeExporter.value(served.node.scrape(), "node_textfile_scrape_error", "")).isZero();
  }

  @Test
  void aFailingCommandsCodeIsPassedOnAndTheLastSuccessKept() throws Exception {
    assertThat(run("fail_job", "--", "true").exitCode()).isZero();
    double success = served("promjob_last_success_timestamp_seconds", "fail_job");

    Launcher.Result r = run("fail_job", "--", "sh", "-c", "exit 3");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(served("promjob_last_run_success", "fail_job")).isZero();
    assertThat(served("promjob_last_exit_code", "fail_job")).isEqualTo(3);
    assertThat(served("promjob_last_success_timestamp_seconds", "fail_job")).isEqualTo(success);
    assertThat(run("fail_job", "--", "false").exitCode()).isEqualTo(1);
  }

  @Test
  void stdinStdoutAndStderrPassThroughAndNoShellIsInvolved() throws Exception {
    Launcher.Result r =
        Launcher.run(
            work,
            Map.of(),
            "from stdin\n",
            "run",
            "--job",
            "io_job",
            "--textfile-dir",
            served.dir.toString(),
            "--",
            "sh",
            "-c",
            "cat; echo to-stderr >&2; printf '%s\\n' \"$1\"",
            "sh",
            "a $b; `x`");

    assertThat(r.exitCode()).isZero();
    // The argument reached the command as one word, unexpanded: promjob used no shell of its own.
    assertThat(r.out()).isEqualTo("from stdin\na $b; `x`\n");
    assertThat(r.err()).isEqualTo("to-stderr\n");
  }

  @Test
  void aCommandKilledBySignalNExits128PlusN() throws Exception {
    Launcher.Result r = run("killed_job", "--", "sh", "-c", "kill -KILL $$");

    assertThat(r.exitCode()).isEqualTo(137);
    assertThat(served("promjob_last_exit_code", "killed_job")).isEqualTo(137);
    assertThat(served("promjob_last_run_success", "killed_job")).isZero();
  }

  @Test
  void aCommandThatCannotStartFailsAsAShellWouldSay() throws Exception {
    Launcher.Result missing = run("missing_job", "--", "/nonexistent/promjob-test-command");
    Path plain = Files.writeString(work.resolve("not-executable.sh"), "echo hi\n");
    Launcher.Result notExecutable = run("noexec_job", "--", plain.toString());

    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.err())
        .contains("cannot run '/nonexistent/promjob-test-command': No such file or directory");
    assertThat(served("promjob_last_exit_code", "missing_job")).isEqualTo(127);
    assertThat(served("promjob_last_run_success", "missing_job")).isZero();
    assertThat(notExecutable.exitCode()).isEqualTo(126);
    assertThat(notExecutable.err()).contains("Permission denied");
    assertThat(served("promjob_last_exit_code", "noexec_job")).isEqualTo(126);
  }

  @Test
  void aScriptWhoseInterpreterIsMissingIsABadInterpreterNotAMissingCommand() throws Exception {
    Path missing = Files.writeString(work.resolve("missing-interpreter"), "#!/nonexistent\n");
    Path windows = Files.writeString(work.resolve("saved-on-windows"), "#!/bin/sh\r\necho hi\r\n");
    for (Path p : List.of(missing, windows)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Launcher.Result r = run("interp_job", "--", missing.toString());
    Launcher.Result crlf = run("crlf_job", "--", windows.toString());

    assertThat(r.exitCode()).isEqualTo(126); // before: 127, "No such file or directory"
    assertThat(r.err())
        .isEqualTo(
            "promjob: cannot run '"
                + missing
                + "': bad interpreter '/nonexistent': No such file or directory\n");
    assertThat(served("promjob_last_exit_code", "interp_job")).isEqualTo(126);
    assertThat(crlf.exitCode()).isEqualTo(126);
    assertThat(crlf.err()).contains("bad interpreter '/bin/sh\\u000d'");
  }

  @Test
  void theTimeoutEndsTheCommandAndWhatItStartedAndSaysSo() throws Exception {
    Path pid = work.resolve("timeout-grandchild.pid");
    Launcher.Result r =
        run(
            "timeout_job",
            "--timeout",
            "1s",
            "--",
            "sh",
            "-c",
            "sleep 600 & echo $! > " + pid + "; wait");

    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(r.err()).contains("'sh' timed out after 1s; sending SIGTERM");
    assertThat(served("promjob_last_run_timed_out", "timeout_job")).isEqualTo(1);
    assertThat(served("promjob_last_exit_code", "timeout_job")).isEqualTo(124);
    assertThat(served("promjob_last_run_success", "timeout_job")).isZero();
    long grandchild = Long.parseLong(Files.readString(pid).trim());
    try {
      Launcher.await(
          "the command's own child to end",
          () -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
    } finally {
      ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly); // if this failed
    }
  }

  @Test
  void aCommandThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    Launcher.Result r =
        run(
            "stubborn_job",
            "--timeout",
            "1s",
            "--kill-after",
            "1s",
            "--",
            "sh",
            "-c",
            "trap '' TERM; while :; do sleep 0.1; done");

    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(r.err()).contains("still running 1s after SIGTERM; sending SIGKILL");
    assertThat(served("promjob_last_run_timed_out", "stubborn_job")).isEqualTo(1);
  }

  @Test
  void sigtermSigintAndSighupAreForwardedAndTheRunReportedAsFailed() throws Exception {
    for (String signal : List.of("TERM", "INT", "HUP")) {
      String job = "signal_" + signal.toLowerCase(java.util.Locale.ROOT);
      Path started = work.resolve(job + ".started");
      Launcher.Started p =
          Launcher.start(
              work,
              Map.of(),
              "run",
              "--job",
              job,
              "--textfile-dir",
              served.dir.toString(),
              "--",
              "sh",
              "-c",
              "trap 'echo got $0 >&2; exit 9' "
                  + signal
                  + "; touch "
                  + started
                  + "; while :; do sleep 0.1; done",
              signal);
      try {
        Launcher.await(job + " to start its command", () -> Files.exists(started));

        Launcher.signal(p.process(), signal);

        // The command's trap ran: it got the very signal, and its exit code is promjob's.
        assertThat(Launcher.exitOf(p.process())).isEqualTo(9);
      } finally {
        Launcher.stop(p.process());
      }
      assertThat(p.stderr()).contains("got " + signal);
      assertThat(served("promjob_last_run_success", job)).isZero();
      assertThat(served("promjob_last_exit_code", job)).isEqualTo(9);
    }
  }

  @Test
  void aCommandThatIgnoresAForwardedSigtermIsKilledAfterTheGrace() throws Exception {
    Path started = work.resolve("ignores.started");
    Launcher.Started p =
        Launcher.start(
            work,
            Map.of(),
            "run",
            "--job",
            "ignores_term",
            "--textfile-dir",
            served.dir.toString(),
            "--kill-after",
            "1s",
            "--",
            "sh",
            "-c",
            "trap '' TERM; touch " + started + "; while :; do sleep 0.1; done");
    try {
      Launcher.await("the command to start", () -> Files.exists(started));

      Launcher.signal(p.process(), "TERM");

      assertThat(Launcher.exitOf(p.process())).isEqualTo(137);
    } finally {
      Launcher.stop(p.process());
    }
    assertThat(served("promjob_last_exit_code", "ignores_term")).isEqualTo(137);
    assertThat(served("promjob_last_run_success", "ignores_term")).isZero();
  }

  @Test
  void noOverlapSkipsTheCommandWhileThePreviousRunHoldsTheJob() throws Exception {
    assertThat(run("overlap_job", "--no-overlap", "--", "true").exitCode()).isZero();
    double success = served("promjob_last_success_timestamp_seconds", "overlap_job");
    Path started = work.resolve("overlap.started");
    Path second = work.resolve("overlap.second-ran");
    Launcher.Started first =
        Launcher.start(
            work,
            Map.of(),
            "run",
            "--job",
            "overlap_job",
            "--textfile-dir",
            served.dir.toString(),
            "--no-overlap",
            "--",
            "sh",
            "-c",
            "touch " + started + "; exec sleep 600");
    try {
      Launcher.await("the first run's command to start", () -> Files.exists(started));

      Launcher.Result r = run("overlap_job", "--no-overlap", "--", "touch", second.toString());

      assertThat(r.exitCode()).isEqualTo(75);
      assertThat(r.err()).contains("the previous run is still running");
      assertThat(second).doesNotExist();
      assertThat(served("promjob_last_run_overlapped", "overlap_job")).isEqualTo(1);
      assertThat(served("promjob_last_run_success", "overlap_job")).isZero();
      assertThat(served("promjob_last_success_timestamp_seconds", "overlap_job"))
          .isEqualTo(success);

      first.process().destroy(); // SIGTERM, forwarded to sleep
      assertThat(Launcher.exitOf(first.process())).isEqualTo(143);
      assertThat(run("overlap_job", "--no-overlap", "--", "true").exitCode()).isZero();
      assertThat(served("promjob_last_run_overlapped", "overlap_job")).isZero();
    } finally {
      Launcher.stop(first.process());
    }
  }

  @Test
  void aRunLockThatCannotBeOpenedStartsNothing() throws Exception {
    Path blocker = served.dir.resolve(".lockless.promjob-run-lock");
    Files.createDirectory(blocker); // a directory where the lock file should be
    Path ran = work.resolve("lockless.ran");
    try {
      Launcher.Result r = run("lockless", "--no-overlap", "--", "touch", ran.toString());

      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err())
          .contains("cannot open the run lock " + blocker)
          .contains("not starting 'touch'");
      assertThat(ran).doesNotExist();
      assertThat(served("promjob_last_exit_code", "lockless")).isEqualTo(2);
      assertThat(served("promjob_last_run_success", "lockless")).isZero();
    } finally {
      Files.delete(blocker);
    }
  }

  @Test
  void underUmask077TheFileIsStill0644AndServed() throws Exception {
    Launcher.Result r =
        Launcher.runCommand(
            work,
            Map.of(),
            null,
            List.of(
                "sh",
                "-c",
                "umask 077; exec \"$0\" \"$@\"",
                Launcher.path().toString(),
                "run",
                "--job",
                "umask_job",
                "--textfile-dir",
                served.dir.toString(),
                "--",
                "true"));

    assertThat(r.exitCode()).isZero();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(served.dir.resolve("umask_job.prom"))))
        .isEqualTo("rw-r--r--");
    assertThat(served("promjob_last_run_success", "umask_job")).isEqualTo(1);
    assertThat(NodeExporter.value(served.node.scrape(), "node_textfile_scrape_error", "")).isZero();
  }

  @Test
  void aReportThatFailsNeverFailsTheCommandUnlessConfiguredTo() throws Exception {
    // Another tool's file at the job's name: promjob never replaces it, so the report fails after
    // the work (a missing directory is refused before it: UnrunnableConfigurationTest).
    Path foreign = Files.writeString(served.dir.resolve("foreign_job.prom"), "# not promjob's\n");
    Path ran = work.resolve("report-fails.ran");
    String[] args = {
      "run", "--job", "foreign_job", "--textfile-dir", "" + served.dir, "--", "touch", "" + ran
    };

    Launcher.Result logged = Launcher.run(work, Map.of(), null, args);
    Launcher.Result thrown =
        Launcher.run(work, Map.of("PROMJOB_REPORT_ERRORS", "throw"), null, args);

    assertThat(ran).exists();
    assertThat(logged.exitCode()).isZero();
    assertThat(logged.err())
        .startsWith("promjob: job 'foreign_job': report failed: ")
        .contains(foreign.toString())
        .doesNotContain("\tat ")
        .hasLineCount(1);
    assertThat(thrown.exitCode()).isEqualTo(1);
    assertThat(thrown.err()).hasLineCount(1);
    assertThat(foreign).hasContent("# not promjob's");
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingRunsNamingTheValueAndTheRule() throws Exception {
    Path ran = work.resolve("bad-args.ran");
    Launcher.Result badLabel =
        run("bad_args", "--label", "instance", "--", "touch", ran.toString());
    Launcher.Result badDuration =
        run("bad_args", "--timeout", "soon", "--", "touch", ran.toString());
    Launcher.Result unknown = run("bad_args", "--retries", "3", "--", "touch", ran.toString());

    assertThat(badLabel.exitCode()).isEqualTo(2);
    assertThat(badLabel.err()).contains("'instance': --label must be NAME=VALUE");
    assertThat(badDuration.exitCode()).isEqualTo(2);
    assertThat(badDuration.err()).contains("'soon': --timeout must be a positive duration");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("'--retries': unknown option");
    assertThat(ran).doesNotExist();
    assertThat(served.dir.resolve("bad_args.prom")).doesNotExist();
  }
}
