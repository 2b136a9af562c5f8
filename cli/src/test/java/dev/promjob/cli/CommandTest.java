package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child process part of {@code run}, in this JVM (RunIT and ProcessGroupIT have the whole
 * launcher): real commands, no signal handler installed. Commands that must see a signal start
 * through {@code env --default-signal}: this JVM may have inherited SIGINT ignored (a test run
 * started with {@code &} or nohup), and an ignored signal stays ignored across exec.
 */
class CommandTest {
  @TempDir Path work;
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  Command.Result run(Optional<Duration> timeout, String... argv) throws Exception {
    return new Command(List.of(argv), timeout, Duration.ofMillis(500), err).run();
  }

  /** {@code argv} with every signal at its default, whatever this JVM inherited. */
  static List<String> defaults(String... argv) {
    List<String> cmd = new java.util.ArrayList<>(List.of("env", "--default-signal"));
    cmd.addAll(List.of(argv));
    return cmd;
  }

  String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exitCodesArePassedOnAndOnlyZeroSucceeds() throws Exception {
    Command.Result ok = run(Optional.empty(), "true");
    Command.Result three = run(Optional.empty(), "sh", "-c", "exit 3");
    Command.Result killed = run(Optional.empty(), "sh", "-c", "kill -KILL $$");

    assertThat(ok).isEqualTo(new Command.Result(0, false, null, null));
    assertThat(ok.succeeded()).isTrue();
    assertThat(three.exitCode()).isEqualTo(3);
    assertThat(three.succeeded()).isFalse();
    assertThat(killed.exitCode()).isEqualTo(137);
    assertThat(err()).isEmpty();
  }

  @Test
  void aCommandThatCannotStartGetsTheShellsCodes() throws Exception {
    Path plain = Files.writeString(work.resolve("plain"), "echo hi\n");
    Path noInterpreter = script("no-interpreter", "#!/nonexistent\n");
    Path windows = script("saved-on-windows", "#!/bin/sh\r\necho hi\r\n");

    Command.Result missing = run(Optional.empty(), work.resolve("missing").toString());
    Command.Result notFound = run(Optional.empty(), "promjob-no-such-command");
    Command.Result notExecutable = run(Optional.empty(), plain.toString());

    // (The messages come from the process that tried: RunIT reads them.)
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.succeeded()).isFalse();
    assertThat(notFound.exitCode()).isEqualTo(127);
    assertThat(notExecutable.exitCode()).isEqualTo(126);
    assertThat(run(Optional.empty(), noInterpreter.toString()).exitCode()).isEqualTo(126);
    assertThat(run(Optional.empty(), windows.toString()).exitCode()).isEqualTo(126);
  }

  Path script(String name, String text) throws Exception {
    Path p = Files.writeString(work.resolve(name), text);
    Files.setPosixFilePermissions(
        p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void theTimeoutEndsTheCommandWithTermThenKill() throws Exception {
    Command.Result patient = run(Optional.of(Duration.ofSeconds(30)), "true");
    Command.Result stubborn =
        run(
            Optional.of(Duration.ofMillis(200)),
            "sh",
            "-c",
            "trap '' TERM; while :; do sleep 0.1; done");
    // A shell that ignores SIGTERM hands that to its children: all of the group needs SIGKILL.

    assertThat(patient.timedOut()).isFalse();
    assertThat(patient.succeeded()).isTrue();
    assertThat(stubborn).isEqualTo(new Command.Result(124, true, null, "timed out after 200ms"));
    assertThat(stubborn.succeeded()).isFalse();
    assertThat(err())
        .contains("promjob: 'sh' timed out after 200ms; sending SIGTERM")
        .contains("promjob: 'sh' still running 500ms after SIGTERM; sending SIGKILL");
  }

  @Test
  void theTimeoutEndsWhatTheCommandStartedWithSigterm() throws Exception {
    Path pid = work.resolve("grandchild.pid");

    Command.Result r =
        new Command(
                defaults("sh", "-c", "sleep 600 & echo $! > " + pid + "; wait"),
                Optional.of(Duration.ofSeconds(1)),
                Duration.ofSeconds(30),
                err)
            .run();

    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(err()).doesNotContain("SIGKILL"); // sh and sleep both ended on SIGTERM
    long grandchild = Long.parseLong(Files.readString(pid).trim());
    try {
      Launcher.await(
          "the command's child to end",
          () -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
    } finally {
      ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aSignalBeforeTheStartIsPassedOnOnceItRuns() throws Exception {
    Command c = new Command(List.of("sleep", "30"), Optional.empty(), Duration.ofSeconds(30), err);

    // SIGKILL: any other signal may reach the command before it resets what it inherited, and
    // this JVM may have inherited SIGINT, SIGQUIT or SIGHUP ignored (a test run in the background).
    c.signal("KILL"); // nothing to send it to yet
    Command.Result r = c.run();

    assertThat(r.exitCode()).isEqualTo(137);
    assertThat(r.signal()).isEqualTo("KILL");
  }

  /** A command running on another thread, started once its shell script has touched a marker. */
  record Background(Command command, CompletableFuture<Command.Result> result) {
    Command.Result end() throws Exception {
      return result.get(Launcher.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  Background background(String trap, Duration killAfter) throws Exception {
    Path started = work.resolve("started-" + System.nanoTime());
    Command c =
        new Command(
            defaults("sh", "-c", trap + "; touch " + started + "; while :; do sleep 0.1; done"),
            Optional.empty(),
            killAfter,
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
    Launcher.await("the command to start", () -> Files.exists(started));
    return new Background(c, result);
  }

  @Test
  void aSignalIsPassedOnAndTheRunFailsWhateverTheCommandExitsWith() throws Exception {
    Background b = background("trap 'exit 0' TERM", Duration.ofSeconds(30));

    b.command().signal("TERM");

    Command.Result r = b.end();
    assertThat(r).isEqualTo(new Command.Result(0, false, "TERM", "promjob received SIGTERM"));
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void aForwardedSignalTheCommandIgnoresIsFollowedBySigkill() throws Exception {
    Background b = background("trap '' TERM", Duration.ofMillis(300));

    b.command().signal("TERM");

    assertThat(b.end().exitCode()).isEqualTo(137);
  }

  @Test
  void atShutdownTheCommandGetsSigtermFirst() throws Exception {
    Background b = background("trap 'exit 5' TERM", Duration.ofSeconds(30));

    b.command().endAtShutdown();

    assertThat(b.end().exitCode()).isEqualTo(5);
  }

  @Test
  void atShutdownTheCommandIsEndedWithinTheGrace() throws Exception {
    Background b = background("trap '' TERM", Duration.ofMillis(300));

    b.command().endAtShutdown();

    Command.Result r = b.end();
    assertThat(r.exitCode()).isEqualTo(137);
    assertThat(r.signal()).isEqualTo("TERM");
  }
}
