package dev.promjob.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged launcher, {@code cli/target/promjob}, as a child process: what a crontab line runs.
 * Output goes to files, so that a command that outlives its wrapper never holds a pipe open.
 */
final class Launcher {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  record Result(int exitCode, String out, String err) {}

  private Launcher() {}

  static Path path() {
    String p = System.getProperty("promjob.launcher");
    if (p == null) {
      throw new IllegalStateException("run through Failsafe: promjob.launcher names the launcher");
    }
    return Path.of(p);
  }

  /** A launcher still running, and where its output goes. */
  record Started(Process process, Path out, Path err) {
    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }
  }

  /** Starts {@code promjob args...} with {@code env} added and an empty stdin. */
  static Started start(Path work, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(path().toString());
    cmd.addAll(List.of(args));
    return launch(work, env, null, cmd);
  }

  /** Runs {@code promjob args...} to its end (at most {@link #DEADLINE}). */
  static Result run(Path work, Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(path().toString());
    cmd.addAll(List.of(args));
    return runCommand(work, env, stdin, cmd);
  }

  /** Starts any command line (a shell around the launcher, say), with an empty stdin. */
  static Started startCommand(Path work, List<String> cmd) throws IOException {
    return launch(work, Map.of(), null, cmd);
  }

  /**
   * The command line that runs the launcher as cron does: {@code env -i PATH=/usr/bin:/bin}, no
   * locale, and every signal at its default whatever this JVM inherited (JAVA_HOME only picks the
   * JDK that built the class-data archive). {@code env} goes to env(1) before the launcher:
   * NAME=VALUE settings, then possibly a command that runs the launcher.
   */
  static List<String> cron(List<String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i", "--default-signal"));
    cmd.add("PATH=/usr/bin:/bin");
    cmd.add("JAVA_HOME=" + System.getProperty("java.home"));
    cmd.addAll(env);
    cmd.add(path().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Started launch(Path work, Map<String, String> env, String stdin, List<String> cmd)
      throws IOException {
    // Every signal at its default, as cron starts a job: a test run in the background (&, nohup)
    // would hand its ignored SIGINT to promjob otherwise (env execs: the PID stays the command's).
    List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "--default-signal"));
    argv.addAll(cmd);
    ProcessBuilder pb = new ProcessBuilder(argv);
    // Only what a cron job has: no PROMJOB_* of the machine running the tests.
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().putAll(env);
    long id = System.nanoTime();
    Path in = work.resolve("stdin-" + id);
    Path out = work.resolve("out-" + id);
    Path err = work.resolve("err-" + id);
    Files.writeString(in, stdin == null ? "" : stdin);
    pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    return new Started(pb.start(), out, err);
  }

  /** Runs any command line (a shell around the launcher, say) to its end. */
  static Result runCommand(Path work, Map<String, String> env, String stdin, List<String> cmd)
      throws IOException, InterruptedException {
    Started started = launch(work, env, stdin, cmd);
    Process p = started.process();
    Path out = started.out();
    Path err = started.err();
    if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not end within " + DEADLINE);
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Waits until {@code condition} holds, at most {@link #DEADLINE}. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + DEADLINE + " for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits for {@code p} to end (at most {@link #DEADLINE}) and returns its exit code. */
  static int exitOf(Process p) throws InterruptedException {
    if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("promjob did not end within " + DEADLINE);
    }
    return p.exitValue();
  }

  /**
   * Kills {@code p} and what it started, if still running (a failed test leaves nothing behind).
   */
  static void stop(Process p) {
    if (p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** Sends signal {@code name} to {@code p} (the JVM itself: the launcher execs it). */
  static void signal(Process p, String name) throws IOException, InterruptedException {
    signal(p.pid(), name);
  }

  /** Sends signal {@code name} to process {@code pid}. */
  static void signal(long pid, String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -s " + name + " " + pid + " failed");
    }
  }

  /** Sends signal {@code name} to process group {@code group}, as a terminal or systemd does. */
  static void signalGroup(long group, String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, "--", "-" + group).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -s " + name + " -- -" + group + " failed");
    }
  }
}
