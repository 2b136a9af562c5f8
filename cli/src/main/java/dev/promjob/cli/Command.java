package dev.promjob.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the wrapped command as a child process, with promjob's stdin, stdout and stderr, and no
 * shell: what the user wrote is what runs. As a shell runs a job, or coreutils' timeout its
 * command: in a process group of its own ({@link Shim}), so that the signals promjob receives are
 * passed on once to the command and everything it started, and a timeout ends them all with
 * SIGTERM, then SIGKILL to what is left after a grace period.
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
  private final Map<String, String> variables = new HashMap<>();
  private final AtomicReference<String> received = new AtomicReference<>();
  private final List<Thread> graces = new ArrayList<>();
  private ProcessGroup group; // guarded by this

  Command(List<String> argv, Optional<Duration> timeout, Duration killAfter, PrintStream err) {
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
    this.killAfter = killAfter;
    this.err = err;
  }

  /** Sets an environment variable of the command, besides those promjob was given. */
  Command variable(String name, String value) {
    variables.put(name, value);
    return this;
  }

  /**
   * Called on a signal promjob received: passed on once to the command's whole process group (in
   * the order they came), and SIGKILL to what is left of it after the grace.
   */
  synchronized void signal(String name) {
    received.compareAndSet(null, name);
    if (group == null) {
      return; // passed on by run() once the command has started
    }
    ProcessGroup g = group;
    try {
      g.signal(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                if (!g.awaitEnd(killAfter)) {
                  g.kill();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "promjob-kill-after");
    t.setDaemon(true);
    graces.add(t);
    t.start();
  }

  /** Ends the command at once, with the grace: the JVM is going down without our handler. */
  void endAtShutdown() {
    ProcessGroup g;
    synchronized (this) {
      g = group;
    }
    if (g != null && g.alive()) {
      received.compareAndSet(null, "TERM");
      try {
        g.signal("TERM");
        if (!g.awaitEnd(killAfter)) {
          g.kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  Result run() throws InterruptedException {
    boolean own = Shim.available();
    Process p;
    try {
      ProcessBuilder pb = Shim.builder(argv, own);
      pb.environment().putAll(variables);
      p = pb.start();
    } catch (IOException e) {
      return cannotStart(e);
    }
    String early;
    synchronized (this) { // a signal now is passed on either by signal() or here, never by both
      group = new ProcessGroup(p, own);
      early = received.get();
    }
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
      ProcessGroup g = groupOf();
      g.signal("TERM");
      // The grace is for the whole group: a child whose TERM handler cleans up gets it, even when
      // the shell that started it is gone at once.
      if (!g.awaitEnd(killAfter)) {
        err.println(
            "promjob: "
                + cmd
                + " still running "
                + Messages.duration(killAfter)
                + " after SIGTERM; sending SIGKILL");
        g.kill();
      }
      p.waitFor(killAfter.toNanos(), TimeUnit.NANOSECONDS);
      awaitGraces();
      return new Result(
          TIMED_OUT, true, received.get(), "timed out after " + Messages.duration(timeout.get()));
    }
    int code = p.waitFor();
    awaitGraces(); // the command has ended: what it started gets the rest of a signal's grace
    String signal = received.get();
    return new Result(code, false, signal, signal == null ? null : "promjob received SIG" + signal);
  }

  private synchronized ProcessGroup groupOf() {
    return group;
  }

  private void awaitGraces() throws InterruptedException {
    List<Thread> started;
    synchronized (this) {
      started = List.copyOf(graces);
    }
    for (Thread t : started) {
      t.join(killAfter.toMillis() + TimeUnit.SECONDS.toMillis(10));
    }
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
