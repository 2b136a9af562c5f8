package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import dev.promjob.testing.VictoriaMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code promjob run --no-overlap} that finds the previous run still running (hung: exactly when
 * its maximum-runtime alert must fire) reports its overlap without hiding the holder's run in
 * progress, on the real Pushgateway and in the job's textfile. Both invocations run as a crontab
 * line runs them ({@link AsCron}: {@code env -i}, as {@code nobody} under root).
 */
class OverlappedInProgressIT {
  @TempDir static Path work;
  static Path base;
  static Path textfiles;
  static Path home;
  static Path marks;
  static Pushgateway gateway;
  static VictoriaMetrics victoria;

  @BeforeAll
  static void start() throws IOException {
    base = NodeExporter.readableTempDirectory("promjob-overlap-it");
    textfiles = Files.createDirectory(base.resolve("textfiles"));
    AsCron.ownDirectory(textfiles);
    home = Files.createDirectory(base.resolve("home")); // cron sets HOME: the run lock's place
    AsCron.ownDirectory(home);
    marks = Files.createDirectory(base.resolve("marks"));
    Files.setPosixFilePermissions(marks, PosixFilePermissions.fromString("rwxrwxrwx"));
    gateway = Pushgateway.start(work);
    victoria = VictoriaMetrics.start(work.resolve("vm"), work);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (victoria != null) {
      victoria.close();
    }
    if (base != null) {
      JavaChild.deleteTree(base);
    }
  }

  static List<String> env() {
    return List.of(
        "HOME=" + home,
        "PROMJOB_PUSHGATEWAY_URL=" + gateway.url(),
        "PROMJOB_REMOTE_WRITE_URL=" + victoria.remoteWriteUrl());
  }

  /** {@code promjob run --job JOB WHERE... --no-overlap --max-runtime 1h -- COMMAND...}. */
  static String[] run(String job, List<String> where, String... command) {
    List<String> args = new ArrayList<>(List.of("run", "--job", job));
    args.addAll(where);
    args.addAll(List.of("--no-overlap", "--max-runtime", "1h", "--"));
    args.addAll(List.of(command));
    return args.toArray(String[]::new);
  }

  /** The holder: its command says it started, then waits for the test to release it. */
  static Launcher.Started holder(String job, List<String> where) throws IOException {
    Path started = marks.resolve(job + ".started");
    Path release = marks.resolve(job + ".release");
    String script =
        "touch " + started + "; while [ ! -e " + release + " ]; do sleep 0.05; done; exit 0";
    return Launcher.startCommand(work, AsCron.line(env(), run(job, where, "sh", "-c", script)));
  }

  /**
   * Runs the holder, then a second invocation of the same crontab line; {@code seen} reads what the
   * backend shows of the job. Returns what it showed after the overlapped invocation.
   */
  static Overlapped overlapWhileHolding(String job, List<String> where, Seen seen)
      throws Exception {
    Launcher.Started holder = holder(job, where);
    try {
      Launcher.await("the holder's command to start", () -> Files.exists(started(job)));
      String running = seen.text();
      double start = value(running, "promjob_run_start_timestamp_seconds", job);
      assertThat(value(running, "promjob_runs_in_progress", job)).isEqualTo(1);

      Launcher.Result second = AsCron.run(work, env(), null, run(job, where, "true"));

      assertThat(second.exitCode()).isEqualTo(RunCommand.OVERLAPPED);
      assertThat(second.err()).contains("the previous run is still running");
      String overlapped = seen.text();
      assertThat(value(overlapped, "promjob_last_run_overlapped", job)).isEqualTo(1);
      assertThat(value(overlapped, "promjob_last_run_success", job)).isZero();
      assertThat(value(overlapped, "promjob_runs_in_progress", job)).isEqualTo(1);
      assertThat(value(overlapped, "promjob_run_start_timestamp_seconds", job)).isEqualTo(start);
      assertThat(value(overlapped, "promjob_max_runtime_seconds", job)).isEqualTo(3600);

      Files.createFile(marks.resolve(job + ".release"));
      assertThat(Launcher.exitOf(holder.process())).as(holder.stderr()).isZero();
      String ended = seen.text();
      assertThat(value(ended, "promjob_runs_in_progress", job)).isZero();
      assertThat(value(ended, "promjob_last_run_overlapped", job)).isZero();
      assertThat(value(ended, "promjob_last_run_success", job)).isEqualTo(1);
      return new Overlapped(overlapped, holder.process().pid());
    } finally {
      Launcher.stop(holder.process());
    }
  }

  static Path started(String job) {
    return marks.resolve(job + ".started");
  }

  /** The value of {@code metric} for job {@code job}, as a gateway group or a textfile has it. */
  static double value(String text, String metric, String job) {
    List<String> mine =
        NodeExporter.samples(text, metric).stream()
            .filter(l -> l.contains("job_name=\"" + job + "\""))
            .toList();
    assertThat(mine).as(metric + " of " + job + " in:\n" + text).hasSize(1);
    String line = mine.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** What the backend showed after the overlapped invocation, and the holder's pid. */
  record Overlapped(String text, long holder) {}

  @FunctionalInterface
  interface Seen {
    String text() throws IOException;
  }

  @Test
  void anOverlappedInvocationLeavesTheHoldersRunInProgressOnThePushgateway() throws Exception {
    String job = "hung_push";
    String shown =
        overlapWhileHolding(job, List.of("--backend", "pushgateway"), () -> gateway.get("/metrics"))
            .text();
    System.out.println(
        "the gateway after the overlapped invocation:\n"
            + String.join(
                "\n",
                shown
                    .lines()
                    .filter(l -> l.contains("job=\"" + job + "\"") && !l.startsWith("#"))
                    .toList()));
  }

  /** The last samples of the job's series, one line each, as the receiver has them now. */
  static String lastSamples(String job) throws IOException {
    StringBuilder text = new StringBuilder();
    victoria
        .lastValues("{job_name=\"" + job + "\"}", "1h", Instant.now())
        .forEach((series, v) -> text.append(series).append(' ').append(v).append('\n'));
    return text.toString();
  }

  @Test
  void anOverlappedInvocationSendsNoRunInProgressOverTheHoldersByRemoteWrite() throws Exception {
    String job = "hung_rw";
    String shown =
        overlapWhileHolding(job, List.of("--backend", "remote_write"), () -> lastSamples(job))
            .text();
    System.out.println("the receiver's last samples after the overlapped invocation:\n" + shown);
  }

  @Test
  void anOverlappedInvocationLeavesTheHoldersRunListedInTheTextfile() throws Exception {
    String job = "hung_tf";
    Path file = textfiles.resolve(job + ".prom");
    Overlapped o =
        overlapWhileHolding(
            job,
            List.of("--textfile-dir", textfiles.toString()),
            () -> Files.readString(file, StandardCharsets.UTF_8));
    String shown = o.text();
    String prefix = "# promjob runs in progress: ";
    String list = shown.lines().skip(1).findFirst().orElseThrow();
    assertThat(list).startsWith(prefix);
    assertThat(list.substring(prefix.length()).split(" ")) // one run listed: the holder's JVM
        .singleElement()
        .satisfies(e -> assertThat(e).startsWith(o.holder() + "-"));
    System.out.println("the textfile after the overlapped invocation:\n" + shown);
  }

  /**
   * An invocation that cannot take the run lock runs nothing either: it reports its failure and
   * publishes no start, so it never says a run of its own was in progress.
   */
  @Test
  void anInvocationThatCannotTakeTheRunLockPublishesNoStart() throws Exception {
    String job = "lockless";
    Path blocker = Files.createDirectory(textfiles.resolve("." + job + RunLock.SUFFIX));
    Path file = textfiles.resolve(job + ".prom");
    try {
      Launcher.Result r =
          AsCron.run(
              work, env(), null, run(job, List.of("--textfile-dir", textfiles.toString()), "true"));

      assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.USAGE);
      assertThat(r.err()).contains("cannot open the run lock " + blocker);
      String shown = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(value(shown, "promjob_last_exit_code", job)).isEqualTo(Main.USAGE);
      assertThat(shown)
          .doesNotContain("# promjob runs in progress")
          .doesNotContain("promjob_runs_in_progress")
          .doesNotContain("promjob_run_start_timestamp_seconds");
    } finally {
      Files.delete(blocker);
    }
  }

  /**
   * A run whose command's families clash with another file is reported again without them: that
   * second report counts the run out of the runs in progress as its first would have, so that a run
   * that ended is never left listed (to fire the maximum-runtime alert later).
   */
  @Test
  void aRunReportedAgainWithoutItsClashingFamiliesIsCountedOut() throws Exception {
    String job = "clashing_run";
    Path other =
        Files.writeString(textfiles.resolve("other.prom"), "# HELP clash Other.\nclash 1\n");
    try {
      Launcher.Result r =
          AsCron.run(
              work,
              env(),
              null,
              run(
                  job,
                  List.of("--textfile-dir", textfiles.toString()),
                  "sh",
                  "-c",
                  "printf '# HELP clash Mine.\\nclash 1\\n' > \"$PROMJOB_METRICS_FILE\""));

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err()).contains("family clash has HELP");
      String shown = Files.readString(textfiles.resolve(job + ".prom"), StandardCharsets.UTF_8);
      assertThat(value(shown, "promjob_last_run_metrics_refused", job)).isEqualTo(1);
      assertThat(value(shown, "promjob_runs_in_progress", job)).isZero();
      assertThat(shown).doesNotContain("# promjob runs in progress");
    } finally {
      Files.delete(other);
    }
  }
}
