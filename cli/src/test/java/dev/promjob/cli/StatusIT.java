package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob status} on a directory written by real runs of {@code promjob run} in every state,
 * read as cron runs it (no terminal: plain columns), as a person reads it in a real terminal (tmux:
 * colours, the table fitted to the window), and as JSON. status runs as nobody under root, as
 * anyone who may read the directory.
 */
class StatusIT {
  @TempDir static Path work;
  static Path dir;
  static Launcher.Started holder;
  static Launcher.Started hung;
  static Path release;

  @BeforeAll
  static void runs() throws Exception {
    dir = NodeExporter.readableTempDirectory("promjob-status-it");
    run(0, "audit", "--label", "site=eu", "--every", "1d", "--", "true"); // on time
    // on time, with labels wider than a terminal's table
    run(
        0,
        "archive_copy",
        "--label",
        "path=" + "/srv/data/archive".repeat(4),
        "--every",
        "1d",
        "--",
        "true");
    run(0, "export", "--every", "1h", "--", "true");
    run(3, "export", "--every", "1h", "--", "sh", "-c", "exit 3"); // failed after a success
    run(1, "never", "--every", "1d", "--", "false"); // never succeeded
    run(124, "slow", "--every", "1d", "--timeout", "1s", "--", "sleep", "30"); // timed out
    // overlapped: a run that holds the job's lock while the next one starts
    Path started = work.resolve("started");
    holder =
        Launcher.start(
            work,
            Map.of("TMPDIR", work.toString()), // killed at the end: its metrics dir stays in work
            "run",
            "--job",
            "busy",
            "--textfile-dir",
            dir.toString(),
            "--no-overlap",
            "--",
            "sh",
            "-c",
            "touch " + started + "; exec sleep 120");
    Launcher.await("the first run of busy to hold its lock", () -> Files.exists(started));
    run(75, "busy", "--every", "1d", "--no-overlap", "--", "true");
    for (int i = 0; i < 3; i++) { // three failures in a row
      run(1, "flaky", "--every", "1d", "--", "false");
    }
    // overrun: a run held past its 1s maximum runtime, waiting on a FIFO the test writes at the end
    run(0, "hung", "--every", "1d", "--max-runtime", "1s", "--", "true");
    release = work.resolve("release");
    assertThat(new ProcessBuilder("mkfifo", release.toString()).start().waitFor()).isZero();
    Path hungStarted = work.resolve("hung-started");
    hung =
        Launcher.start(
            work,
            Map.of(),
            "run",
            "--job",
            "hung",
            "--textfile-dir",
            dir.toString(),
            "--every",
            "1d",
            "--max-runtime",
            "1s",
            "--",
            "sh",
            "-c",
            "touch " + hungStarted + "; exec timeout 120 head -c 1 " + release);
    Launcher.await("the held run of hung to start", () -> Files.exists(hungStarted));
    run(0, "backup", "--every", "1s", "--", "true"); // late two seconds from now
    Launcher.await(
        "backup to be late (twice its 1s interval after its success) and hung past its 1s",
        () -> {
          try {
            String json = status("--format", "json").out();
            return json.contains("\"state\":\"late\"") && json.contains("\"state\":\"overrun\"");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @AfterAll
  static void stop() throws Exception {
    if (hung != null) { // released: its run ends and reports, as a run that was only slow
      new ProcessBuilder("timeout", "10", "sh", "-c", "echo x > " + release).start().waitFor();
      Launcher.exitOf(hung.process());
    }
    if (holder != null) {
      Launcher.stop(holder.process()); // SIGKILL: it reports nothing over busy's overlapped run
    }
    JavaChild.deleteTree(dir);
  }

  static void run(int exit, String job, String... rest) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("run", "--job", job, "--textfile-dir", dir.toString()));
    args.addAll(List.of(rest));
    Launcher.Result r =
        Launcher.runCommand(
            work, Map.of(), null, Launcher.cron(List.of(), args.toArray(new String[0])));
    assertThat(r.exitCode()).as(job + ": " + r.err()).isEqualTo(exit);
  }

  /** {@code promjob status --textfile-dir DIR ARGS} as cron runs it, as nobody under root. */
  static Launcher.Result status(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("status", "--textfile-dir", dir.toString()));
    all.addAll(List.of(args));
    List<String> cmd = new ArrayList<>();
    if (ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(Launcher.cron(List.of(), all.toArray(new String[0])));
    return Launcher.runCommand(work, Map.of(), null, cmd);
  }

  /** The first column of each row after the header, and the job's name. */
  static Map<String, String> states(String table) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = table.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].trim().split(" +");
      out.put(cells[1], cells[0]);
    }
    return out;
  }

  @Test
  void pipedItPrintsPlainColumnsMostUrgentFirstAndExitsOne() throws Exception {
    Launcher.Result r = status();

    assertThat(r.exitCode()).isEqualTo(StatusCommand.ATTENTION);
    assertThat(r.out()).doesNotContain("\033");
    System.out.println("status, piped:\n" + r.out() + r.err() + "exit " + r.exitCode());
    assertThat(states(r.out()))
        .containsExactly(
            Map.entry("hung", "overrun"), // first: it pages, and it is happening now
            Map.entry("backup", "late"),
            Map.entry("flaky", "failed"), // the most failures in a row first
            Map.entry("export", "failed"), // due in 2h: before those never due
            Map.entry("busy", "failed"),
            Map.entry("never", "failed"),
            Map.entry("slow", "failed"),
            Map.entry("audit", "ok"),
            Map.entry("archive_copy", "ok"));
    String[] lines = r.out().split("\n");
    assertThat(lines[0])
        .startsWith("STATE    JOB  ")
        .contains("  LAST SUCCESS  NEXT SUCCESS  TOOK");
    assertThat(lines[1]).containsPattern(" running [0-9]+s +[0-9]+s ago +due in 1d23h ");
    assertThat(lines[3]).contains(" exit 1 (3x) ", " never ");
    assertThat(lines[4]).contains(" exit 3 ").containsPattern("s ago +due in 1h5[0-9]m");
    assertThat(lines[5]).contains(" overlapped ", " never ");
    assertThat(lines[7]).contains(" timed out ");
    assertThat(lines[8]).contains(" site=eu ", " ok ");
    assertThat(lines[9]).contains(" path=" + "/srv/data/archive".repeat(4) + " "); // whole
    for (String line : lines) { // aligned: every column starts where the header's does
      assertThat(line.indexOf(line.trim().split(" +")[1], 6)).isEqualTo(lines[0].indexOf("JOB"));
    }
    assertThat(r.err())
        .isEqualTo("promjob status: 1 overrun, 1 late, 5 failed of 9 rows in " + dir + "\n");
  }

  @Test
  void jsonGivesEachJobsStateAndFlags() throws Exception {
    Launcher.Result r = status("--format", "json");

    assertThat(r.exitCode()).isEqualTo(StatusCommand.ATTENTION);
    Map<String, JsonObject> jobs = new LinkedHashMap<>();
    for (JsonElement e : JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("jobs")) {
      jobs.put(e.getAsJsonObject().get("job").getAsString(), e.getAsJsonObject());
    }
    assertThat(jobs.get("backup").get("late").getAsBoolean()).isTrue();
    assertThat(jobs.get("busy").get("overlapped").getAsBoolean()).isTrue();
    assertThat(jobs.get("busy").get("last_exit_code").getAsInt()).isEqualTo(75);
    assertThat(jobs.get("slow").get("timed_out").getAsBoolean()).isTrue();
    assertThat(jobs.get("never").get("never_succeeded").getAsBoolean()).isTrue();
    assertThat(jobs.get("export").get("never_succeeded").getAsBoolean()).isFalse();
    assertThat(jobs.get("audit").get("state").getAsString()).isEqualTo("ok");
    assertThat(jobs.get("hung").get("state").getAsString()).isEqualTo("overrun");
    assertThat(jobs.get("hung").get("runs_in_progress").getAsInt()).isEqualTo(1);
    assertThat(jobs.get("hung").get("max_runtime_seconds").getAsDouble()).isEqualTo(1.0);
    assertThat(jobs.get("hung").get("run_start").getAsString()).endsWith("Z");
    assertThat(jobs.get("hung").get("last_run").getAsString()).isEqualTo("ok"); // its last ended
    assertThat(jobs.get("flaky").get("consecutive_failures").getAsInt()).isEqualTo(3);
    assertThat(jobs.get("flaky").get("run_start").isJsonNull()).isTrue();
    assertThat(jobs.get("audit").get("max_runtime_seconds").isJsonNull()).isTrue();
    assertThat(jobs.get("audit").getAsJsonObject("labels").get("site").getAsString())
        .isEqualTo("eu");
  }

  @Test
  void aPersonAtATerminalSeesColoursAndRowsThatFitItsWidth() throws Exception {
    try (Screen screen = Screen.open(100, 30, terminalEnv("TERM=screen"))) {
      String shown =
          screen.type(
              Launcher.path() + " status --textfile-dir " + dir + "; echo exit=$?", "exit=[0-9]");

      assertThat(shown).contains("exit=1");
      for (String line : shown.split("\n")) {
        assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
      }
      String row = shown.lines().filter(l -> l.contains("archive_copy")).findFirst().orElseThrow();
      assertThat(row)
          .startsWith("ok ")
          // cut where the other columns leave it: TOOK is "18ms" or "101ms", as the runs went
          .containsPattern(" path=/srv/data/archive/srv/d[a-z/]{0,4}~ ")
          .endsWith("ms");
      // the labels cut to what the window leaves them: the widest row fills it (a row whose TOOK
      // is narrower than another's, 48ms beside 101ms, ends before the window does)
      assertThat(
              shown
                  .lines()
                  .filter(l -> l.matches("(overrun|late|failed|ok) .*")) // the rows, not the prompt
                  .mapToInt(String::length)
                  .max())
          .hasValue(100);
      String colours = screen.colours();
      assertThat(colours).containsPattern("\033\\[[0-9;]*31m[^\n]*late");
      assertThat(colours).containsPattern("\033\\[[0-9;]*32m[^\n]*ok");
      System.out.println("status at a 100x30 terminal:\n" + shown);
    }
  }

  @Test
  void noColourWhenNoColorIsSetOrTheTerminalIsDumb() throws Exception {
    for (String env : List.of("NO_COLOR=1", "TERM=dumb")) {
      List<String> vars = new ArrayList<>(terminalEnv("TERM=screen"));
      vars.add(env);
      try (Screen screen = Screen.open(100, 30, vars)) {
        screen.type(
            Launcher.path() + " status --textfile-dir " + dir + "; echo exit=$?", "exit=[0-9]");

        assertThat(screen.colours()).as(env).doesNotContain("\033[");
      }
    }
  }

  private static List<String> terminalEnv(String term) {
    List<String> env = new ArrayList<>(List.of("PATH=/usr/bin:/bin", "HOME=/", term));
    env.add("JAVA_HOME=" + System.getProperty("java.home"));
    return env;
  }
}
