package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's process group in this JVM (ProcessGroupIT has the launcher): processes that leave
 * the command's tree but not its group, the fallback without a group, and what the launcher says
 * through {@link Caller}. Shell commands start through {@code env --default-signal} (see
 * CommandTest).
 */
class ProcessGroupTest {
  @TempDir Path work;
  final PrintStream err =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  final List<Long> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    System.clearProperty(Caller.LC_ALL);
    System.clearProperty(Caller.CLOSED);
  }

  static List<String> sh(String script) {
    return List.of("env", "--default-signal", "sh", "-c", script);
  }

  long pid(String name) throws Exception {
    Path file = work.resolve(name);
    Launcher.await(name, () -> read(file).endsWith("\n"));
    long pid = Long.parseLong(read(file).trim());
    started.add(pid);
    return pid;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Gone or a zombie: nothing left to run. */
  static boolean gone(long pid) {
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    return stat.isEmpty() || stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
  }

  @Test
  void aChildLeftInTheGroupGetsTheGraceThenSigkillBeforeRunReturns() throws Exception {
    Command c =
        new Command(
            sh(
                "trap 'exit 0' TERM; (trap '' TERM; exec sleep 600) & echo $! > "
                    + work.resolve("stubborn.pid")
                    + "; while :; do sleep 0.1; done"),
            Optional.empty(),
            Duration.ofMillis(300),
            err);
    CompletableFuture<Command.Result> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return c.run();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    long stubborn = pid("stubborn.pid");

    c.signal("TERM");
    Command.Result r = result.get(Launcher.DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.exitCode()).isZero(); // the shell's own code: its trap ran
    assertThat(r.signal()).isEqualTo("TERM");
    assertThat(gone(stubborn)).as("the child that ignores SIGTERM, once run() returned").isTrue();
  }

  @Test
  void theTimeoutEndsADoubleForkedChildThatLeftTheCommandsTree() throws Exception {
    Command c =
        new Command(
            sh(
                "(sleep 600 & echo $! > "
                    + work.resolve("double.pid")
                    + "); while :; do sleep 0.1; done"),
            Optional.of(Duration.ofSeconds(1)),
            Duration.ofSeconds(30),
            err);

    Command.Result r = c.run();

    long twice = pid("double.pid");
    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(gone(twice)).isTrue();
  }

  @Test
  void withoutAGroupOfItsOwnTheCommandAndItsDescendantsGetTheSignal() throws Exception {
    Process p =
        new ProcessBuilder(
                sh("sleep 600 & echo $! > " + work.resolve("child.pid") + "; wait; exit 7"))
            .start();
    started.add(p.pid());
    ProcessGroup g = new ProcessGroup(p, false);
    long child = pid("child.pid");
    assertThat(g.alive()).isTrue();

    g.signal("TERM");

    assertThat(g.awaitEnd(Launcher.DEADLINE)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
    // Without a group its child, reparented once the shell ended, is out of sight: it got SIGTERM
    // with the shell, and ends on its own time.
    Launcher.await("the command's child to end", () -> gone(child));
    assertThat(g.alive()).isFalse();
  }

  @Test
  void aGroupWithNothingLeftIsNotSignalled() throws Exception {
    Process p = new ProcessBuilder(Shim.builder(List.of("true"), true).command()).start();
    ProcessGroup g = new ProcessGroup(p, true);
    assertThat(p.waitFor(Launcher.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    g.signal("TERM"); // would be kill(-pid): the number may be another group's by now

    assertThat(g.alive()).isFalse();
    assertThat(g.awaitEnd(Duration.ZERO)).isTrue();
  }

  @Test
  void theCallersLcAllAndClosedDescriptorsComeFromTheLauncher() throws Exception {
    assertThat(Caller.lcAll()).isEqualTo(Optional.ofNullable(System.getenv("LC_ALL")));
    assertThat(Caller.closed()).isEmpty();
    assertThat(Caller.stdin()).isSameAs(System.in);

    System.setProperty(Caller.LC_ALL, "=de_DE.UTF-8");
    assertThat(Caller.lcAll()).contains("de_DE.UTF-8");
    System.setProperty(Caller.LC_ALL, "=");
    assertThat(Caller.lcAll()).contains("");
    System.setProperty(Caller.LC_ALL, "");
    assertThat(Caller.lcAll()).isEmpty();

    System.setProperty(Caller.CLOSED, "02");
    assertThat(Caller.closed()).isEqualTo("02");
    assertThatThrownBy(() -> Caller.stdin().readAllBytes())
        .hasMessage("stdin is closed (Bad file descriptor)");
  }

  @Test
  void theCommandGetsTheCallersLcAllBackAndItsClosedStdinClosed() throws Exception {
    Path out = work.resolve("out");
    String script =
        "{ printf '%s|' \"${LC_ALL-unset}\"; [ -e /proc/$$/fd/0 ] && echo open || echo closed; } > "
            + out;
    System.setProperty(Caller.LC_ALL, "");
    System.setProperty(Caller.CLOSED, "0");

    Command.Result r =
        new Command(List.of("sh", "-c", script), Optional.empty(), Duration.ofSeconds(1), err)
            .run();
    System.setProperty(Caller.LC_ALL, "=C");
    System.clearProperty(Caller.CLOSED);
    new Command(
            List.of("sh", "-c", script.replace("> ", ">> ")),
            Optional.empty(),
            Duration.ofSeconds(1),
            err)
        .run();

    assertThat(r.exitCode()).isZero();
    assertThat(Files.readString(out)).isEqualTo("unset|closed\nC|open\n");
  }
}
