package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob run}'s command as a shell or coreutils' timeout runs it: the packaged launcher
 * started as cron does ({@code env -i}, every signal at its default), as {@code nobody} when the
 * tests run as root, wrapping shell scripts whose children are real processes, with signals sent to
 * promjob, to its process group and to the command.
 */
class ProcessGroupIT {
  @TempDir Path work;
  Path dir; // the scripts' files and the textfiles: written by nobody
  final List<Long> leftovers = new ArrayList<>();

  @BeforeEach
  void directory() throws IOException {
    dir = Files.createTempDirectory("promjob-group-it-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @AfterEach
  void cleanUp() throws IOException {
    try (Stream<Path> pids = Files.list(dir)) { // every PID a script wrote, read or not
      pids.filter(f -> f.toString().endsWith(".pid"))
          .map(f -> read(f).trim())
          .filter(s -> s.matches("[0-9]+"))
          .forEach(s -> leftovers.add(Long.parseLong(s)));
    }
    leftovers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    JavaChild.deleteTree(dir);
  }

  /**
   * {@code promjob run --job JOB --textfile-dir DIR ARGS... -- sh SCRIPT}, SCRIPT with DIR in it,
   * started by {@code outer} (before the switch to nobody) and {@code inner} (after env -i).
   */
  Launcher.Started start(
      List<String> outer, List<String> inner, String job, String script, String... args)
      throws IOException {
    Path file = dir.resolve(job + ".sh");
    Files.writeString(file, script.replace("DIR", dir.toString()));
    List<String> promjob = new ArrayList<>(List.of("run", "--job", job, "--textfile-dir"));
    promjob.add(dir.toString());
    promjob.addAll(List.of(args));
    promjob.addAll(List.of("--", "sh", file.toString()));
    List<String> cmd = new ArrayList<>(outer);
    if (ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(Launcher.cron(inner, promjob.toArray(String[]::new)));
    return Launcher.startCommand(work, cmd);
  }

  /** The PID a script wrote into {@code name}, once it has; it is killed after the test. */
  long pid(String name) throws Exception {
    Path file = dir.resolve(name);
    Launcher.await(name, () -> Files.exists(file) && read(file).endsWith("\n"));
    long pid = Long.parseLong(read(file).trim());
    leftovers.add(pid);
    return pid;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static void awaitGone(String what, long pid) throws InterruptedException {
    Launcher.await(
        what + " to end", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  /** A field of /proc/PID/status, e.g. SigBlk. */
  static String status(long pid, String field) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).trim())
        .findFirst()
        .orElseThrow();
  }

  static long group(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
  }

  @Test
  void sigtermToPromjobEndsWhatTheCommandsShellIsWaitingFor() throws Exception {
    Launcher.Started p =
        start(List.of(), List.of(), "term_job", "echo $$ > DIR/sh.pid; sleep 600; echo after");
    try {
      long sh = pid("sh.pid");
      Launcher.await(
          "the shell's sleep to start", () -> ProcessHandle.of(sh).get().children().count() > 0);
      long sleep = ProcessHandle.of(sh).get().children().findFirst().orElseThrow().pid();
      leftovers.add(sleep);

      Launcher.signal(p.process(), "TERM");

      assertThat(Launcher.exitOf(p.process())).isEqualTo(143);
      awaitGone("the shell's sleep", sleep); // before: an orphan, still sleeping
      assertThat(Files.readString(p.out())).doesNotContain("after");
    } finally {
      Launcher.stop(p.process());
    }
  }

  @Test
  void theTimeoutsGraceIsForTheWholeGroupNotJustTheShell() throws Exception {
    Files.writeString(
        dir.resolve("cleanup.sh"),
        String.join(
            "\n",
            "trap 'sleep 1; echo cleaned > " + dir + "/cleaned; exit 0' TERM",
            "echo $$ > " + dir + "/inner.pid",
            "while :; do sleep 0.1; done",
            ""));
    // The shell dies at once on SIGTERM; the script it runs needs 1 s to clean up. The timeout is
    // long enough for the script to have set its trap (inner.pid, checked below, says it had).
    Launcher.Started p =
        start(
            List.of(),
            List.of(),
            "grace_job",
            "sh DIR/cleanup.sh; echo after",
            "--timeout",
            "3s",
            "--kill-after",
            "20s");
    try {
      assertThat(Launcher.exitOf(p.process())).isEqualTo(124);
    } finally {
      Launcher.stop(p.process());
    }
    pid("inner.pid");
    assertThat(dir.resolve("cleaned")).exists(); // before: SIGKILL in the same millisecond
    assertThat(p.stderr())
        .contains("'sh' timed out after 3s; sending SIGTERM")
        .doesNotContain("SIGKILL");
  }

  @Test
  void aDoubleForkedChildAndOneStartedOnSigtermAreEndedByTheTimeout() throws Exception {
    String script =
        String.join(
            "\n",
            "( sleep 600 & echo $! > DIR/double.pid )",
            "trap '(trap \"\" TERM; exec sleep 600) & echo $! > DIR/late.pid; exit 0' TERM",
            "while :; do sleep 0.1; done",
            "");
    Launcher.Started p =
        start(List.of(), List.of(), "fork_job", script, "--timeout", "3s", "--kill-after", "1s");
    try {
      long twice = pid("double.pid");
      assertThat(ProcessHandle.of(twice).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
          .isNotEqualTo(Optional.of(p.process().pid())); // no longer the command's descendant

      assertThat(Launcher.exitOf(p.process())).isEqualTo(124);

      awaitGone("the double-forked child", twice);
      awaitGone("the child started by the TERM handler, which ignores SIGTERM", pid("late.pid"));
      assertThat(p.stderr()).contains("still running 1s after SIGTERM; sending SIGKILL");
    } finally {
      Launcher.stop(p.process());
    }
  }

  @Test
  void aSignalToPromjobsProcessGroupReachesTheCommandOnce() throws Exception {
    // setsid: promjob leads a process group, as a shell's job does.
    Launcher.Started p =
        start(
            List.of("setsid"),
            List.of(),
            "group_job",
            // perl: a handler that counts every delivery (a shell's trap may merge two)
            "exec perl -e '$SIG{INT} = sub { open my $f, \">>\", \"DIR/ints\"; print $f \"INT\\n\" };"
                + " open my $p, \">\", \"DIR/cmd.pid\"; print $p \"$$\\n\"; close $p;"
                + " sleep 1 while 1'");
    try {
      long cmd = pid("cmd.pid");
      long promjob = p.process().pid();
      assertThat(group(promjob)).isEqualTo(promjob);
      long cmdGroup = group(cmd);

      Launcher.signalGroup(promjob, "INT"); // Ctrl-C at a terminal, kill -INT -PGID

      Launcher.await("the command's INT trap", () -> read(dir.resolve("ints")).contains("INT"));
      Launcher.signal(p.process(), "TERM");
      assertThat(Launcher.exitOf(p.process())).isEqualTo(143);
      assertThat(read(dir.resolve("ints"))).isEqualTo("INT\n"); // before: twice
      assertThat(cmdGroup).isEqualTo(cmd); // a group of its own, as under a shell
    } finally {
      Launcher.stop(p.process());
    }
  }

  @Test
  void theCommandRunsWithNoSignalBlockedSoSigquitEndsIt() throws Exception {
    Launcher.Started p =
        start(
            List.of(), List.of(), "quit_job", "ulimit -c 0; echo $$ > DIR/cmd.pid; exec sleep 600");
    try {
      long cmd = pid("cmd.pid");
      Launcher.await(
          "the shell to exec sleep",
          () -> read(Path.of("/proc/" + cmd + "/comm")).equals("sleep\n"));
      assertThat(status(cmd, "SigBlk")).isEqualTo("0000000000000000"); // before: SIGQUIT's bit

      Launcher.signal(cmd, "QUIT");

      assertThat(Launcher.exitOf(p.process())).isEqualTo(131);
    } finally {
      Launcher.stop(p.process());
    }
  }

  @Test
  void anIgnoredSigintStaysIgnoredAsForABackgroundJob() throws Exception {
    Launcher.Started p =
        start(
            List.of(),
            List.of("env", "--ignore-signal=INT"),
            "ignint_job",
            "exec grep -E '^Sig(Ign|Blk)' /proc/self/status");
    try {
      assertThat(Launcher.exitOf(p.process())).isZero();
    } finally {
      Launcher.stop(p.process());
    }
    String out = Files.readString(p.out());
    assertThat(Long.parseLong(field(out, "SigIgn"), 16) & 0b10).isEqualTo(0b10); // SIGINT (2)
    assertThat(field(out, "SigBlk")).isEqualTo("0000000000000000");
  }

  static String field(String status, String name) {
    return status
        .lines()
        .filter(l -> l.startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).trim())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void closedStandardDescriptorsStayClosedForTheCommand() throws Exception {
    Launcher.Started p =
        start(
            List.of("sh", "-c", "exec \"$@\" <&- >&-", "sh"),
            List.of(),
            "closed_job",
            "for fd in 0 1; do [ -e /proc/$$/fd/$fd ] && echo \"$fd: $(readlink /proc/$$/fd/$fd)\""
                + " >&2 || echo \"$fd: closed\" >&2; done");
    try {
      assertThat(Launcher.exitOf(p.process())).isZero();
    } finally {
      Launcher.stop(p.process());
    }
    assertThat(p.stderr()).isEqualTo("0: closed\n1: closed\n"); // before: 0: .../lib/modules
  }
}
