package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Pushgateway;
import dev.promjob.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob status --prometheus URL}: the fleet, from a real Prometheus that scrapes a real
 * node_exporter (as nobody) and Pushgateway and receives remote writes, with jobs of each backend
 * reported by real runs of {@code promjob run} in each state: on time, late, failed, never
 * succeeded, overlapped, timed out, gone.
 */
class StatusFleetIT {
  @TempDir static Path work;
  static ServedDirectory served;
  static Pushgateway gateway;
  static Prometheus prometheus;
  static Launcher.Started holder;
  static Launcher.Started hung;
  static Path release;
  static Map<String, String> env = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    served = ServedDirectory.start("promjob-status-fleet-it", work);
    gateway = Pushgateway.start(work);
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "scrape_configs:",
            "  - job_name: node",
            "    static_configs: [{targets: ['" + hostPort(served.node.url()) + "']}]",
            "  - job_name: pushgateway",
            "    honor_labels: true",
            "    static_configs: [{targets: ['" + hostPort(gateway.url()) + "']}]",
            ""));
    prometheus =
        Prometheus.start(config, work.resolve("tsdb"), work, "--web.enable-remote-write-receiver");
    Path runtime = Files.createDirectory(work.resolve("runtime")); // the lock's, as a session's
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("PROMJOB_PUSHGATEWAY_URL", gateway.url());
    env.put("PROMJOB_REMOTE_WRITE_URL", prometheus.remoteWriteUrl());
    env.put("TMPDIR", work.toString()); // gw_busy's holder is killed: its metrics dir stays here

    run(0, "host_ok", "textfile", "--every", "1d", "--", "true");
    run(0, "host_failed", "textfile", "--every", "1d", "--", "true");
    run(2, "host_failed", "textfile", "--every", "1d", "--", "sh", "-c", "exit 2");
    run(124, "host_slow", "textfile", "--every", "1d", "--timeout", "1s", "--", "sleep", "30");
    run(0, "host_gone", "textfile", "--", "true");
    run(0, "moved", "textfile", "--every", "1d", "--", "true"); // then moved to the gateway
    run(0, "gw_ok", "pushgateway", "--every", "1d", "--", "true");
    run(1, "gw_never", "pushgateway", "--every", "1d", "--", "false");
    run(0, "gw_gone", "pushgateway", "--", "true");
    Path started = work.resolve("started");
    holder =
        Launcher.start(
            work,
            env,
            "run",
            "--job",
            "gw_busy",
            "--backend",
            "pushgateway",
            "--no-overlap",
            "--",
            "sh",
            "-c",
            "touch " + started + "; exec sleep 120");
    Launcher.await("the first run of gw_busy to hold its lock", () -> Files.exists(started));
    run(75, "gw_busy", "pushgateway", "--every", "1d", "--no-overlap", "--", "true");
    for (int i = 0; i < 3; i++) {
      run(1, "gw_flaky", "pushgateway", "--every", "1d", "--", "false");
    }
    // a first run, remote-written, held past its 1s maximum: no completion yet, only its start
    release = work.resolve("release");
    assertThat(new ProcessBuilder("mkfifo", release.toString()).start().waitFor()).isZero();
    Path hungStarted = work.resolve("hung-started");
    hung =
        Launcher.start(
            work,
            env,
            "run",
            "--job",
            "rw_hung",
            "--backend",
            "remote_write",
            "--every",
            "1d",
            "--max-runtime",
            "1s",
            "--",
            "sh",
            "-c",
            "touch " + hungStarted + "; exec timeout 120 head -c 1 " + release);
    Launcher.await("the held run of rw_hung to start", () -> Files.exists(hungStarted));
    run(0, "rw_ok", "remote_write", "--every", "1d", "--", "true");
    run(0, "rw_failed", "remote_write", "--every", "1d", "--", "true");
    run(3, "rw_failed", "remote_write", "--every", "1d", "--", "sh", "-c", "exit 3");
    run(0, "rw_late", "remote_write", "--every", "1s", "--", "true");
    run(0, "host_late", "textfile", "--every", "1s", "--", "true");
    prometheus.await(
        "count(promjob_last_completion_timestamp_seconds)",
        v -> !v.isEmpty() && v.get(0).value() == 14,
        Duration.ofSeconds(60));
    // gone: seen, then deleted (a file, a group); Prometheus marks them stale at the next scrape
    Files.delete(served.dir.resolve("host_gone.prom"));
    Files.delete(served.dir.resolve("moved.prom")); // moved: what the README says to do
    run(0, "moved", "pushgateway", "--every", "1d", "--", "true");
    assertThat(
            Launcher.run(work, env, null, "delete", "--job", "gw_gone", "--backend", "pushgateway")
                .exitCode())
        .isZero();
    prometheus.await(
        "count(promjob_last_completion_timestamp_seconds)",
        v -> !v.isEmpty() && v.get(0).value() == 12,
        Duration.ofSeconds(60));
    Launcher.await(
        "host_late and rw_late to be late (twice their 1s interval after their success), rw_hung"
            + " past its 1s",
        () -> {
          try {
            Map<String, String> states = states(status("--format", "json").out());
            return states.get("host_late").equals("late")
                && states.get("rw_late").equals("late")
                && states.get("rw_hung").equals("overrun");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @AfterAll
  static void stop() throws Exception {
    if (hung != null) { // released: its run ends and reports
      new ProcessBuilder("timeout", "10", "sh", "-c", "echo x > " + release).start().waitFor();
      Launcher.exitOf(hung.process());
    }
    if (holder != null) {
      Launcher.stop(holder.process());
    }
    for (AutoCloseable c : new AutoCloseable[] {prometheus, gateway, served}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    JavaChild.deleteTree(work.resolve("tsdb"));
  }

  static String hostPort(String url) {
    return url.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }

  static void run(int exit, String job, String backend, String... rest) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--job", job));
    if (backend.equals("textfile")) {
      args.addAll(List.of("--textfile-dir", served.dir.toString()));
    } else {
      args.addAll(List.of("--backend", backend));
    }
    args.addAll(List.of(rest));
    Launcher.Result r = Launcher.run(work, env, null, args.toArray(new String[0]));
    assertThat(r.exitCode()).as(job + ": " + r.err()).isEqualTo(exit);
  }

  /** {@code promjob status --prometheus URL ARGS} as cron runs it, as nobody under root. */
  static Launcher.Result status(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("status", "--prometheus", prometheus.url()));
    all.addAll(List.of(args));
    List<String> cmd = new ArrayList<>();
    if (ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(Launcher.cron(List.of(), all.toArray(new String[0])));
    return Launcher.runCommand(work, Map.of(), null, cmd);
  }

  /** Each job's state, from status's JSON. */
  static Map<String, String> states(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonObject job : jobs(json).values()) {
      out.put(job.get("job").getAsString(), job.get("state").getAsString());
    }
    return out;
  }

  static Map<String, JsonObject> jobs(String json) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (JsonElement e : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("jobs")) {
      out.put(e.getAsJsonObject().get("job").getAsString(), e.getAsJsonObject());
    }
    return out;
  }

  @Test
  void everyBackendsJobsInTheirStateMostUrgentFirst() throws Exception {
    Launcher.Result r = status("--format", "json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(StatusCommand.ATTENTION);
    assertThat(states(r.out()))
        .containsExactly(
            Map.entry("rw_hung", "overrun"), // seen by its start alone
            Map.entry("rw_late", "late"), // ran first: overdue longer
            Map.entry("host_late", "late"),
            Map.entry("gw_gone", "gone"),
            Map.entry("host_gone", "gone"),
            Map.entry("gw_flaky", "failed"), // three in a row: first
            Map.entry("host_failed", "failed"), // due in 2d
            Map.entry("rw_failed", "failed"),
            Map.entry("gw_busy", "failed"), // never due: by name
            Map.entry("gw_never", "failed"),
            Map.entry("host_slow", "failed"),
            Map.entry("host_ok", "ok"), // ran first: due first
            Map.entry("gw_ok", "ok"),
            Map.entry("rw_ok", "ok"),
            Map.entry("moved", "ok")); // once: where it is now, not gone where it was
    assertThat(JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("jobs"))
        .hasSize(15); // one row a job
    Map<String, JsonObject> jobs = jobs(r.out());
    assertThat(jobs.get("gw_busy").get("overlapped").getAsBoolean()).isTrue();
    assertThat(jobs.get("gw_flaky").get("consecutive_failures").getAsInt()).isEqualTo(3);
    assertThat(jobs.get("rw_hung").get("runs_in_progress").getAsInt()).isEqualTo(1);
    assertThat(jobs.get("rw_hung").get("max_runtime_seconds").getAsDouble()).isEqualTo(1.0);
    assertThat(jobs.get("rw_hung").get("last_run").getAsString()).isEqualTo("?"); // none ended
    assertThat(jobs.get("host_slow").get("timed_out").getAsBoolean()).isTrue();
    assertThat(jobs.get("gw_never").get("never_succeeded").getAsBoolean()).isTrue();
    assertThat(jobs.get("rw_failed").get("last_exit_code").getAsInt()).isEqualTo(3);
    assertThat(jobs.get("rw_failed").get("last_success").isJsonNull()).isFalse(); // the window's
    assertThat(jobs.get("host_ok").getAsJsonObject("labels").get("job").getAsString())
        .isEqualTo("node");
    assertThat(jobs.get("gw_ok").getAsJsonObject("labels").get("job").getAsString())
        .isEqualTo("gw_ok");
    assertThat(jobs.get("moved").getAsJsonObject("labels").get("job").getAsString())
        .isEqualTo("moved");
  }

  @Test
  void betweenRunsARemoteWrittenJobIsJudgedByItsLastReportAndAScrapedOneIsGone() throws Exception {
    // Ten minutes on, no instant query sees a remote-written sample (5 minutes of lookback) nor a
    // scrape of this test: a job within twice its interval is between runs, one without is gone.
    Instant later = Instant.now().plus(Duration.ofMinutes(10));
    Map<String, JobStatus> at = new LinkedHashMap<>();
    for (JobReport r : PrometheusJobs.of(prometheus.url()).read(later)) {
      at.put(r.job(), JobStatus.of(r, later));
    }

    assertThat(at.get("rw_ok").state()).isEqualTo(JobStatus.State.OK);
    assertThat(at.get("rw_failed").state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(at.get("rw_failed").lastSuccess()).isPresent();
    assertThat(at.get("rw_late").state()).isEqualTo(JobStatus.State.LATE);
    assertThat(at.get("host_gone").state()).isEqualTo(JobStatus.State.GONE);
    // its start is seen by no instant query now: the last of 40 days, as the rule's "or"
    assertThat(at.get("rw_hung").state()).isEqualTo(JobStatus.State.OVERRUN);
    assertThat(at.get("gw_flaky").failuresInARow()).hasValue(3);
  }

  @Test
  void aPersonAtATerminalSeesTheFleet() throws Exception {
    List<String> vars =
        List.of(
            "PATH=/usr/bin:/bin",
            "HOME=/",
            "TERM=screen",
            "JAVA_HOME=" + System.getProperty("java.home"));
    try (Screen screen = Screen.open(120, 30, vars)) {
      String shown =
          screen.type(
              Launcher.path() + " status --prometheus " + prometheus.url() + "; echo exit=$?",
              "exit=[0-9]");

      assertThat(shown).contains("exit=1");
      for (String line : shown.split("\n")) {
        assertThat(line.length()).as(line).isLessThanOrEqualTo(120);
      }
      assertThat(screen.colours()).containsPattern("\033\\[[0-9;]*35m[^\n]*gone");
      System.out.println("status --prometheus at a 120x30 terminal:\n" + shown);
    }
  }
}
