package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob run --job backup} as cron runs it (env -i, as nobody, its own process group) with
 * {@code PROMJOB_JOB_BACKUP_BACKEND=textfile,pushgateway}: the real node_exporter serves the
 * textfile and the real Pushgateway holds the group, each with its own last success, and one that
 * fails (the directory unwritable for the job's user, the gateway stopped) stops not the other.
 */
class RunSeveralBackendsIT {
  static ServedDirectory served;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-several-it", work);
    writable(true);
  }

  /** Writable by nobody, who runs the job, or not: root-owned, 0755, as a mistaken install. */
  static void writable(boolean yes) throws IOException {
    Files.setPosixFilePermissions(
        served.dir, PosixFilePermissions.fromString(yes ? "rwxrwxrwx" : "rwxr-xr-x"));
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static List<String> env(Pushgateway gateway) {
    return List.of(
        "PROMJOB_JOB_BACKUP_BACKEND=textfile,pushgateway",
        "PROMJOB_TEXTFILE_DIR=" + served.dir,
        "PROMJOB_PUSHGATEWAY_URL=" + gateway.url(),
        "PROMJOB_PUSHGATEWAY_DEADLINE=5s");
  }

  static Launcher.Result run(Pushgateway gateway, String command) throws Exception {
    return AsCron.run(work, env(gateway), null, "run", "--job", "backup", "--", command);
  }

  /**
   * A failed run during which the textfile directory becomes unwritable for the job's user: at its
   * start it was writable, as the start's check requires, so the run goes ahead.
   */
  static Launcher.Result failWhileUnwritable(Pushgateway gateway) throws Exception {
    Path gate = NodeExporter.readableTempDirectory("promjob-several-gate");
    Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwxrwxrwx"));
    String script =
        "touch "
            + gate
            + "/started; i=0; until [ -e "
            + gate
            + "/go ] || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done; exit 1";
    Launcher.Started s =
        Launcher.startCommand(
            work,
            AsCron.line(env(gateway), "run", "--job", "backup", "--", "/bin/sh", "-c", script));
    try {
      Launcher.await("the command to start", () -> Files.exists(gate.resolve("started")));
      writable(false);
      Files.createFile(gate.resolve("go"));
      int exit = Launcher.exitOf(s.process());
      return new Launcher.Result(exit, "", s.stderr());
    } finally {
      Launcher.stop(s.process());
      writable(true);
      dev.promjob.testing.JavaChild.deleteTree(gate);
    }
  }

  /** The job's standard series, as node_exporter serves them (its own families left out). */
  static String servedByNodeExporter() throws IOException {
    return job(served.node.scrape(), "job_name=\"backup\"");
  }

  static String heldByGateway(Pushgateway gateway) throws IOException {
    return job(gateway.get("/metrics"), "job=\"backup\"");
  }

  static String job(String text, String label) {
    return text.lines()
        .filter(l -> l.startsWith("promjob_") && l.contains(label))
        .filter(l -> !l.startsWith("promjob_run_start") && !l.startsWith("promjob_runs_in"))
        .collect(Collectors.joining("\n"));
  }

  static double value(String text, String metric) {
    return NodeExporter.value(text, metric, "");
  }

  static void show(String step, String file, String gateway) {
    System.out.println(
        "== " + step + "\n-- node_exporter serves:\n" + file + "\n-- gateway:\n" + gateway);
  }

  @Test
  void eachBackendKeepsItsOwnLastSuccessAndOneFailingStopsNotTheOther() throws Exception {
    Pushgateway gateway = Pushgateway.start(work);
    try {
      // 1. both up: both hold the success
      assertThat(run(gateway, "true").exitCode()).isZero();
      String file = servedByNodeExporter();
      String held = heldByGateway(gateway);
      show("success, both up", file, held);
      double first = value(file, "promjob_last_success_timestamp_seconds");
      assertThat(value(held, "promjob_last_success_timestamp_seconds")).isEqualTo(first);

      // 2. the directory unwritable for nobody: the gateway still gets the failed run
      Launcher.Result r = failWhileUnwritable(gateway);
      System.out.println("-- stderr:\n" + r.err());
      assertThat(r.exitCode()).isEqualTo(1); // the command's own
      assertThat(r.err())
          .contains("report failed: 1 of 2 backends failed (pushgateway did not): textfile ")
          .contains(served.dir.resolve("backup.prom").toString());
      file = servedByNodeExporter();
      held = heldByGateway(gateway);
      show("failure, textfile directory unwritable", file, held);
      assertThat(value(held, "promjob_last_run_success")).isZero();
      assertThat(value(held, "promjob_consecutive_failures")).isEqualTo(1);
      assertThat(value(held, "promjob_last_success_timestamp_seconds")).isEqualTo(first);
      assertThat(value(file, "promjob_last_run_success")).isEqualTo(1); // the first run's file

      // 3. both up again: both hold the new success
      assertThat(run(gateway, "true").exitCode()).isZero();
      file = servedByNodeExporter();
      held = heldByGateway(gateway);
      show("success, both up", file, held);
      double third = value(file, "promjob_last_success_timestamp_seconds");
      assertThat(third).isGreaterThanOrEqualTo(first);
      assertThat(value(held, "promjob_last_success_timestamp_seconds")).isEqualTo(third);
      assertThat(value(held, "promjob_consecutive_failures")).isZero();

      // 4. the gateway stopped: the textfile still gets the failed run
      String url = gateway.url();
      gateway.close();
      r = run(gateway, "false");
      System.out.println("-- stderr:\n" + r.err());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .contains("report failed: 1 of 2 backends failed (textfile did not): pushgateway " + url);
      file = servedByNodeExporter();
      show("failure, gateway stopped", file, "(stopped)");
      assertThat(value(file, "promjob_last_run_success")).isZero();
      assertThat(value(file, "promjob_consecutive_failures")).isEqualTo(1);
      assertThat(value(file, "promjob_last_success_timestamp_seconds")).isEqualTo(third);
    } finally {
      gateway.close();
    }
  }

  @Test
  void deleteRemovesTheJobFromEachAndATyposDirectoryIsAConfigurationError() throws Exception {
    try (Pushgateway gateway = Pushgateway.start(work)) {
      assertThat(run(gateway, "true").exitCode()).isZero();
      assertThat(served.dir.resolve("backup.prom")).exists();
      assertThat(heldByGateway(gateway)).isNotEmpty();

      List<String> typo = new java.util.ArrayList<>(env(gateway));
      typo.add("PROMJOB_TEXTFILE_DIR=" + served.dir + "-typo");
      Launcher.Result refused = AsCron.run(work, typo, null, "delete", "--job", "backup");
      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.err()).contains("the textfile directory does not exist");
      assertThat(heldByGateway(gateway)).isNotEmpty(); // refused before any delete

      Launcher.Result deleted = AsCron.run(work, env(gateway), null, "delete", "--job", "backup");
      assertThat(deleted.exitCode()).isZero();
      assertThat(served.dir.resolve("backup.prom")).doesNotExist();
      assertThat(heldByGateway(gateway)).isEmpty();
    }
  }

  /**
   * The command's families clash with another file of the directory: the textfile gets the run
   * again without them, the gateway, which accepted the run, keeps it as it got it (a second push
   * of a failed run would count it twice).
   */
  @Test
  void onlyTheTextfileThatRefusedTheCommandsFamiliesGetsTheRunAgainWithoutThem() throws Exception {
    Path other = served.dir.resolve("other.prom");
    Files.writeString(other, "# HELP clash Other.\nclash 1\n");
    try (Pushgateway gateway = Pushgateway.start(work)) {
      Launcher.Result r =
          AsCron.run(
              work,
              env(gateway),
              null,
              "run",
              "--job",
              "backup",
              "--",
              "/bin/sh",
              "-c",
              "printf '# HELP clash Mine.\\nclash 2\\n' > \"$PROMJOB_METRICS_FILE\"");
      System.out.println("-- stderr:\n" + r.err());
      String file = servedByNodeExporter();
      String gatewayText = gateway.get("/metrics");
      String held = heldByGateway(gateway);
      show("command's families clash with other.prom", file, held);
      assertThat(r.exitCode()).isZero();
      assertThat(r.err()).contains("family clash has HELP \"Mine.\" here but \"Other.\"");
      assertThat(value(file, "promjob_last_run_success")).isEqualTo(1);
      assertThat(value(file, "promjob_last_run_metrics_refused")).isEqualTo(1);
      assertThat(value(held, "promjob_last_run_success")).isEqualTo(1);
      assertThat(value(held, "promjob_last_run_metrics_refused")).isZero();
      assertThat(gatewayText.lines())
          .anyMatch(
              l -> l.startsWith("clash{") && l.contains("job=\"backup\"") && l.endsWith(" 2"));
      assertThat(AsCron.run(work, env(gateway), null, "delete", "--job", "backup").exitCode())
          .isZero();
    } finally {
      Files.deleteIfExists(other);
    }
  }
}
