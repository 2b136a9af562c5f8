package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code promjob run}'s command writing its own metrics to {@code $PROMJOB_METRICS_FILE}, run as
 * cron runs a crontab line ({@code env -i PATH=/usr/bin:/bin}, no locale, no terminal, as nobody
 * when the tests run as root), with the real node_exporter (as nobody) serving the file and the
 * real Pushgateway receiving the push.
 */
class RunOwnMetricsIT {
  static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  /** What a backup script writes after its work: two families of its own. */
  static final String SCRIPT =
      """
      #!/bin/sh
      set -eu
      stat -c '%a %U' "$(dirname "$PROMJOB_METRICS_FILE")" "$PROMJOB_METRICS_FILE"
      cat > "$PROMJOB_METRICS_FILE" <<EOF
      # HELP backup_files Files in the last dump.
      # TYPE backup_files gauge
      backup_files{kind="db"} 12
      # HELP backup_written_bytes_total Bytes written by the last dump.
      # TYPE backup_written_bytes_total counter
      backup_written_bytes_total 4096
      EOF
      """;

  static final String NONE = "; none of the command's metrics reported\n";

  @TempDir static Path work;
  static Path base;
  static Path textfiles;
  static Path tmp;
  static Path script;
  static Path marks;
  static NodeExporter node;
  static Pushgateway gateway;

  @BeforeAll
  static void start() throws IOException {
    base = NodeExporter.readableTempDirectory("promjob-own-metrics-it");
    textfiles = owned(base.resolve("textfiles"), "rwxr-xr-x");
    tmp = owned(base.resolve("tmp"), "rwx------"); // TMPDIR: what promjob makes is seen here
    marks = owned(base.resolve("marks"), "rwxr-xr-x");
    script = base.resolve("backup.sh");
    Files.writeString(script, SCRIPT);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    node = NodeExporter.start(textfiles, work);
    gateway = Pushgateway.start(work);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    JavaChild.deleteTree(base);
  }

  /** A directory of the user promjob runs as (nobody under root). */
  static Path owned(Path dir, String mode) throws IOException {
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    if (ROOT) {
      Files.setAttribute(dir, "unix:uid", 65534);
      Files.setAttribute(dir, "unix:gid", 65534);
    }
    return dir;
  }

  /** {@code promjob run --job JOB ARGS...} as a crontab line of nobody runs it. */
  static Launcher.Result cron(String job, String... args) throws Exception {
    return Launcher.runCommand(work, java.util.Map.of(), null, cronCommand(job, args));
  }

  static List<String> cronCommand(String job, String... args) {
    List<String> all = new ArrayList<>(List.of("run", "--job", job));
    all.addAll(List.of(args));
    List<String> cmd = new ArrayList<>();
    if (ROOT) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(
        Launcher.cron(
            List.of("TMPDIR=" + tmp, "PROMJOB_PUSHGATEWAY_URL=" + gateway.url()),
            all.toArray(String[]::new)));
    return cmd;
  }

  static Launcher.Result textfile(String job, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("--textfile-dir", textfiles.toString(), "--"));
    args.addAll(List.of(command));
    return cron(job, args.toArray(String[]::new));
  }

  static Launcher.Result pushed(String job, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("--backend", "pushgateway", "--"));
    args.addAll(List.of(command));
    return cron(job, args.toArray(String[]::new));
  }

  static String file(String job) throws IOException {
    return Files.readString(textfiles.resolve(job + ".prom"), StandardCharsets.UTF_8);
  }

  static double served(String metric, String job) throws IOException {
    return NodeExporter.value(node.scrape(), metric, "job_name=\"" + job + "\"");
  }

  static List<Path> leftInTmp() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.toList();
    }
  }

  static double pushes(String method) throws IOException {
    List<String> lines =
        NodeExporter.samples(gateway.get("/metrics"), "pushgateway_http_requests_total").stream()
            .filter(l -> l.contains("handler=\"push\"") && l.contains("method=\"" + method + "\""))
            .toList();
    return lines.isEmpty() ? 0 : Double.parseDouble(lines.get(0).replaceFirst(".* ", ""));
  }

  @Test
  void aScriptsOwnMetricsAndTheStandardOnesAreOneFileThatNodeExporterServes() throws Exception {
    Launcher.Result r = textfile("backup", script.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    // The file promjob made for the command: private to its user, in a directory of its own.
    String owner = ROOT ? "nobody" : System.getProperty("user.name");
    assertThat(r.out()).isEqualTo("700 " + owner + "\n600 " + owner + "\n");
    assertThat(leftInTmp()).isEmpty(); // removed after the run
    try (Stream<Path> s = Files.list(textfiles)) {
      // One file for the job: no second job name for the script's own metrics.
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("backup")))
          .containsExactly("backup.prom");
    }
    assertThat(file("backup"))
        .contains("backup_files{job_name=\"backup\",kind=\"db\"} 12")
        .contains("promjob_last_run_success{job_name=\"backup\"} 1")
        .contains("promjob_last_run_metrics_refused{job_name=\"backup\"} 0");
    String scrape = node.scrape();
    assertThat(NodeExporter.value(scrape, "backup_files", "job_name=\"backup\"")).isEqualTo(12);
    assertThat(NodeExporter.value(scrape, "backup_written_bytes_total", "job_name=\"backup\""))
        .isEqualTo(4096);
    assertThat(NodeExporter.value(scrape, "promjob_last_run_success", "job_name=\"backup\""))
        .isEqualTo(1);
    assertThat(NodeExporter.value(scrape, "node_textfile_scrape_error", "")).isZero();
  }

  @Test
  void aScriptsOwnMetricsAndTheStandardOnesAreOnePushToTheGateway() throws Exception {
    double puts = pushes("put");
    double posts = pushes("post");

    Launcher.Result r = pushed("pushed_backup", script.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(pushes("put")).isEqualTo(puts + 1);
    assertThat(pushes("post")).isEqualTo(posts);
    String held = gateway.get("/metrics");
    assertThat(NodeExporter.value(held, "backup_files", "job=\"pushed_backup\"")).isEqualTo(12);
    assertThat(NodeExporter.value(held, "backup_written_bytes_total", "job=\"pushed_backup\""))
        .isEqualTo(4096);
    assertThat(NodeExporter.value(held, "promjob_last_run_success", "job=\"pushed_backup\""))
        .isEqualTo(1);
    assertThat(leftInTmp()).isEmpty();
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(
            "an unparsable line",
            "printf '# HELP q Queue depth.\\n# TYPE q gauge\\nq{a=\"1\" 1\\n' > \"$F\"",
            0,
            ":3: "),
        Arguments.of(
            "a reserved promjob_ name",
            "printf '# HELP promjob_backup_files Files.\\npromjob_backup_files 1\\n' > \"$F\"",
            0,
            ":1: 'promjob_backup_files': metric names starting with promjob_ are reserved"),
        Arguments.of(
            "a clash with a standard family, its own HELP and all",
            "printf '# HELP promjob_last_exit_code Exit code of the job'\\''s last run (128+N:"
                + " killed by signal N; 124: timed out).\\npromjob_last_exit_code 0\\n' > \"$F\"",
            0,
            ":1: 'promjob_last_exit_code': promjob run reports it itself"),
        Arguments.of(
            "a family lib's rules refuse",
            "printf '# HELP q Q.\\n# TYPE q gauge\\nq{job_name=\"x\"} 1\\n' > \"$F\"",
            0,
            ":3: 'job_name': label name reserved by promjob"),
        Arguments.of(
            "a file too large",
            "head -c 1100000 /dev/zero | tr '\\0' '#' > \"$F\"",
            0,
            ": larger than 1 MiB"),
        Arguments.of(
            "a symbolic link planted at the path",
            "ln -sf /etc/passwd \"$F\"",
            0,
            ": the command replaced the file with a symbolic link"),
        Arguments.of(
            "a FIFO planted at the path",
            "rm \"$F\"; mkfifo \"$F\"",
            0,
            ": the command replaced the file with a FIFO"),
        Arguments.of("the file deleted", "rm \"$F\"", 0, ": the command deleted the file"),
        Arguments.of(
            "the file replaced",
            "printf '# HELP q Q.\\nq 1\\n' > \"$F.new\"; mv \"$F.new\" \"$F\"",
            0,
            ": the command replaced the file (renamed another over it)"),
        Arguments.of(
            "a failing command's bad line", "printf 'q 1 2 3\\n' > \"$F\"; exit 3", 3, ":1: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsNamedWithItsLineTheRunStillReportedAndTheEarlierMetricsGone(
      String what, String bad, int code, String refusal) throws Exception {
    String job = "bad_" + Integer.toHexString(what.hashCode());
    assertThat(textfile(job, script.toString()).exitCode()).isZero();
    assertThat(file(job)).contains("backup_files");

    Launcher.Result r = textfile(job, "sh", "-c", "F=$PROMJOB_METRICS_FILE; " + bad);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(code); // the command's, refusal or not
    assertThat(r.err()).startsWith("promjob: $PROMJOB_METRICS_FILE" + refusal).endsWith(NONE);
    assertThat(r.err().lines()).hasSize(1);
    String written = file(job);
    assertThat(written)
        .doesNotContain("backup_")
        .contains("promjob_last_run_metrics_refused{job_name=\"" + job + "\"} 1")
        .contains("promjob_last_exit_code{job_name=\"" + job + "\"} " + code);
    assertThat(served("promjob_last_run_success", job)).isEqualTo(code == 0 ? 1 : 0);
    assertThat(NodeExporter.samples(node.scrape(), "backup_files")).noneMatch(l -> l.contains(job));
    assertThat(leftInTmp()).isEmpty();
    System.out.println(what + ": " + r.err());
  }

  @Test
  void aSecondRunWithoutMetricsLeavesNoneOfTheFirstRunsInTheFileOrOnTheGateway() throws Exception {
    assertThat(textfile("second", script.toString()).exitCode()).isZero();
    assertThat(pushed("pushed_second", script.toString()).exitCode()).isZero();

    Launcher.Result r = textfile("second", "true");
    Launcher.Result p = pushed("pushed_second", "true");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty(); // writing nothing is no refusal
    assertThat(file("second"))
        .doesNotContain("backup_")
        .contains("promjob_last_run_metrics_refused{job_name=\"second\"} 0");
    assertThat(p.exitCode()).isZero();
    assertThat(NodeExporter.samples(gateway.get("/metrics"), "backup_files"))
        .noneMatch(l -> l.contains("pushed_second"));
  }

  @Test
  void familiesClashingWithAnotherFileAreLeftOutAndTheRunReportedWithoutThem() throws Exception {
    // Only the directory shows it: node_exporter would drop one of two families of one name whose
    // HELP differs, so the library refuses the file; the run is then reported without them.
    Path other =
        Files.writeString(textfiles.resolve("other.prom"), "# HELP clash Other.\nclash 1\n");
    try {
      assertThat(textfile("clashing", script.toString()).exitCode()).isZero();

      Launcher.Result r =
          textfile(
              "clashing",
              "sh",
              "-c",
              "printf '# HELP mine M.\\nmine 1\\n# HELP clash Mine.\\nclash{a=\"1\"} 1\\n'"
                  + " > \"$PROMJOB_METRICS_FILE\"");

      assertThat(r.exitCode()).isZero();
      assertThat(r.err())
          .isEqualTo(
              "promjob: $PROMJOB_METRICS_FILE:3: family clash has HELP \"Mine.\" here but"
                  + " \"Other.\" in other.prom"
                  + NONE);
      assertThat(file("clashing"))
          .doesNotContain("backup_")
          .doesNotContain("mine")
          .contains("promjob_last_run_metrics_refused{job_name=\"clashing\"} 1")
          .contains("promjob_last_run_success{job_name=\"clashing\"} 1");
      assertThat(NodeExporter.value(node.scrape(), "node_textfile_scrape_error", "")).isZero();
    } finally {
      Files.delete(other);
    }
  }

  @Test
  void aPromjobThatTheCommandStartsDoesNotTakeTheVariableForConfiguration() throws Exception {
    // lib refuses an unknown PROMJOB_* variable: the one run adds must not stop a nested promjob.
    Launcher.Result r =
        textfile(
            "outer",
            "sh",
            "-c",
            "printf '# HELP inner_q Q.\\ninner_q 1\\n' | "
                + Launcher.path()
                + " write --job inner --textfile-dir "
                + textfiles);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(file("inner")).contains("inner_q{job_name=\"inner\"} 1");
  }

  @Test
  void aFailedRunWithoutMetricsLeavesNoneOfTheFirstRunsInTheFile() throws Exception {
    assertThat(textfile("failed_second", script.toString()).exitCode()).isZero();

    Launcher.Result r = textfile("failed_second", "sh", "-c", "exit 5");

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(file("failed_second"))
        .doesNotContain("backup_")
        .contains("promjob_last_run_success{job_name=\"failed_second\"} 0");
  }

  /**
   * What the gateway does with a failed run's POST, measured: it replaces only the families it
   * receives, and drops one of HELP and TYPE alone, so no POST can remove the earlier run's
   * families. Only a PUT could, and a failed run's PUT would erase the last success the group
   * holds. README, "The command's own metrics", says so; this test fails once a failed run clears
   * them.
   */
  @Test
  void onTheGatewayAFailedRunsPostLeavesTheEarlierRunsCommandMetrics() throws Exception {
    assertThat(pushed("pushed_failed", script.toString()).exitCode()).isZero();

    Launcher.Result p = pushed("pushed_failed", "sh", "-c", "exit 5");

    assertThat(p.exitCode()).isEqualTo(5);
    String held = gateway.get("/metrics");
    assertThat(NodeExporter.value(held, "promjob_last_run_success", "job=\"pushed_failed\""))
        .isZero();
    assertThat(NodeExporter.value(held, "backup_files", "job=\"pushed_failed\"")).isEqualTo(12);
  }

  /**
   * The gateway refuses a whole push (400) whose family has another TYPE than another group's: only
   * the server shows it, so the run is reported again without the command's families, as for a
   * textfile clash, and its success arrives.
   */
  @Test
  void aPushRefusedForTheCommandsFamiliesIsReportedAgainWithoutThem() throws Exception {
    String other = gateway.url() + "/metrics/job/other_exporter";
    send("PUT", other, "# TYPE export_rows counter\nexport_rows 5\n");
    try {
      Launcher.Result r =
          pushed(
              "type_clash",
              "sh",
              "-c",
              "printf '# HELP export_rows Rows.\\n# TYPE export_rows gauge\\nexport_rows 3\\n'"
                  + " > \"$PROMJOB_METRICS_FILE\"");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err())
          .startsWith("promjob: $PROMJOB_METRICS_FILE: PUT ")
          .contains("answered 400")
          .endsWith(NONE);
      String held = gateway.get("/metrics");
      assertThat(NodeExporter.value(held, "promjob_last_run_success", "job=\"type_clash\""))
          .isEqualTo(1);
      assertThat(NodeExporter.value(held, "promjob_last_run_metrics_refused", "job=\"type_clash\""))
          .isEqualTo(1);
      assertThat(NodeExporter.samples(held, "export_rows"))
          .noneMatch(l -> l.contains("type_clash"));
    } finally {
      send("DELETE", other, null);
    }
  }

  private static void send(String method, String url, String body) throws IOException {
    java.net.HttpURLConnection c =
        (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
    c.setRequestMethod(method);
    if (body != null) {
      c.setDoOutput(true);
      try (java.io.OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(c.getResponseCode()).as(method + " " + url).isBetween(200, 299);
    c.disconnect();
  }

  @Test
  void aCommandKilledByTheTimeoutAfterHalfALineIsReportedWithoutIt() throws Exception {
    // Half a line, then nothing: the timeout (5 s) ends the command long after it wrote.
    Launcher.Result r =
        cron(
            "half_line",
            "--textfile-dir",
            textfiles.toString(),
            "--timeout",
            "5s",
            "--kill-after",
            "1s",
            "--",
            "sh",
            "-c",
            "printf '# HELP q Queue depth.\\nq{a=\"b' > \"$PROMJOB_METRICS_FILE\"; exec sleep 60");

    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(r.err())
        .contains("promjob: 'sh' timed out after 5s; sending SIGTERM\n")
        .contains("promjob: $PROMJOB_METRICS_FILE:2: ")
        .endsWith(NONE);
    assertThat(file("half_line"))
        .doesNotContain("\nq")
        .contains("promjob_last_run_timed_out{job_name=\"half_line\"} 1")
        .contains("promjob_last_run_metrics_refused{job_name=\"half_line\"} 1");
    assertThat(leftInTmp()).isEmpty();
    System.out.println("timeout: " + r.err());
  }

  @Test
  void promjobSignalledRemovesTheFileAndReportsWhatTheCommandWroteBeforeItEnded() throws Exception {
    Path started = marks.resolve("signalled.started");
    Launcher.Started s =
        Launcher.startCommand(
            work,
            cronCommand(
                "signalled",
                "--textfile-dir",
                textfiles.toString(),
                "--",
                "sh",
                "-c",
                "printf '# HELP sig_q Queue depth.\\nsig_q 7\\n' > \"$PROMJOB_METRICS_FILE\";"
                    + " : > "
                    + started
                    + "; exec sleep 60"));
    try {
      Launcher.await("the command to write its metrics", () -> Files.exists(started));
      assertThat(leftInTmp()).hasSize(1);

      Launcher.signal(s.process(), "TERM");

      assertThat(Launcher.exitOf(s.process())).isEqualTo(143);
    } finally {
      Launcher.stop(s.process());
    }
    assertThat(leftInTmp()).isEmpty();
    assertThat(textfiles.resolve("signalled.prom")).as(s.stderr()).exists();
    assertThat(file("signalled"))
        .contains("sig_q{job_name=\"signalled\"} 7")
        .contains("promjob_last_run_success{job_name=\"signalled\"} 0");
  }
}
