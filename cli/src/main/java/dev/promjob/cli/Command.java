package dev.promjob.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the wrapped command as a child process, with promjob's stdin, stdout and stderr, and no
 * shell: what the user wrote is what runs. Signals promjob receives are passed on; a timeout ends
 * the command (and what it started) with SIGTERM, then SIGKILL after a grace period.
 */
final class Command {
  /** The exit code of a run ended by its timeout, as coreutils' timeout(1) returns. */
  static final int TIMED_OUT = 124;

  /** The exit code of a command that exists but cannot be executed, as a shell returns. */
  static final int CANNOT_EXECUTE = 126;

  /** The exit code of a command that does not exist, as a shell returns. */
  static final int NOT_FOUND = 127;

  /**
   * How the command ended.
   *
   * @param exitCode what promjob exits with: the command's code, 128+N when signal N killed it,
   *     {@link #TIMED_OUT}, {@link #CANNOT_EXECUTE} or {@link #NOT_FOUND}
   * @param timedOut whether the timeout ended it
   * @param signal the signal promjob received and passed on during the run, or null
   * @param problem why the run failed besides its exit code, for the message; null if it did not
   */
  record Result(int exitCode, boolean timedOut, String signal, String problem) {
    boolean succeeded() {
      return exitCode == 0 && !timedOut && signal == null && problem == null;
    }
  }

  private final List<String> argv;
  private final Optional<Duration> timeout;
  private final Duration killAfter;
  private final PrintStream err;
  private final AtomicReference<Process> process = new AtomicReference<>();
  private final AtomicReference<String> received = new AtomicReference<>();

  Command(List<String> argv, Optional<Duration> timeout, Duration killAfter, PrintStream err) {
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
    this.killAfter = killAfter;
    this.err = err;
  }

  /** Called on a signal promjob received: passed on to the command, KILL after the grace. */
  void signal(String name) {
    received.compareAndSet(null, name);
    Process p = process.get();
    if (p != null && p.isAlive()) {
      Signals.send(p.toHandle(), name);
      killLater(p);
    }
  }

  /** Ends the command at once, with the grace: the JVM is going down without our handler. */
  void endAtShutdown() {
    Process p = process.get();
    if (p != null && p.isAlive()) {
      received.compareAndSet(null, "TERM");
      p.destroy();
      try {
        if (!p.waitFor(killAfter.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  Result run() throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(argv).inheritIO().start();
    } catch (IOException e) {
      return cannotStart(e);
    }
    process.set(p);
    String early = received.get();
    if (early != null) {
      signal(early); // arrived while the process was being started
    }
    if (timeout.isPresent() && !p.waitFor(timeout.get().toNanos(), TimeUnit.NANOSECONDS)) {
      String cmd = Messages.quoted(argv.get(0));
      err.println(
          "promjob: "
              + cmd
              + " timed out after "
              + Messages.duration(timeout.get())
              + "; sending SIGTERM");
      // What the command started too: a shell script's children would outlive it otherwise.
      List<ProcessHandle> tree = new ArrayList<>();
      p.descendants().forEach(tree::add);
      p.destroy();
      tree.forEach(ProcessHandle::destroy);
      if (!p.waitFor(killAfter.toNanos(), TimeUnit.NANOSECONDS)) {
        err.println(
            "promjob: "
                + cmd
                + " still running "
                + Messages.duration(killAfter)
                + " after SIGTERM; sending SIGKILL");
        p.destroyForcibly();
      }
      tree.forEach(ProcessHandle::destroyForcibly);
      p.waitFor(killAfter.toNanos(), TimeUnit.NANOSECONDS);
      return new Result(
          TIMED_OUT, true, received.get(), "timed out after " + Messages.duration(timeout.get()));
    }
    int code = p.waitFor();
    String signal = received.get();
    return new Result(code, false, signal, signal == null ? null : "promjob received SIG" + signal);
  }

  private void killLater(Process p) {
    Thread t =
        new Thread(
            () -> {
              try {
                if (!p.waitFor(killAfter.toNanos(), TimeUnit.NANOSECONDS)) {
                  p.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "promjob-kill-after");
    t.setDaemon(true);
    t.start();
  }

  private Result cannotStart(IOException e) {
    // The JDK says "Cannot run program "x": error=2, No such file or directory".
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("error=");
    int comma = at < 0 ? -1 : message.indexOf(", ", at);
    String errno = at < 0 || comma < 0 ? "" : message.substring(at + 6, comma);
    String reason = comma < 0 ? message : message.substring(comma + 2);
    int code = errno.equals("2") ? NOT_FOUND : CANNOT_EXECUTE;
    String problem = "cannot run " + Messages.quoted(argv.get(0)) + ": " + reason;
    err.println("promjob: " + problem);
    return new Result(code, false, null, problem);
  }
}
