package dev.promjob;

import dev.promjob.internal.Log;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reports runs still in flight when the JVM shuts down (SIGTERM from systemd or Kubernetes, {@code
 * System.exit} inside a body) as failed: otherwise the previous report would stay, saying the last
 * run succeeded. One shutdown hook for the process, installed with the first tracked run; it waits
 * at most the longest {@value Config#SHUTDOWN_TIMEOUT} of the runs in flight, so a report never
 * holds the JVM's exit for longer. A SIGKILL cannot be caught: the freshness alert covers it.
 */
final class ShutdownReports {
  /** Runs in flight, each with how long shutdown may wait for its report. */
  private static final Map<Run, Duration> IN_FLIGHT = new ConcurrentHashMap<>();

  private static volatile boolean installed;

  private ShutdownReports() {}

  static void track(Run run, Duration timeout) {
    install();
    IN_FLIGHT.put(run, timeout);
  }

  static void untrack(Run run) {
    IN_FLIGHT.remove(run);
  }

  private static void install() {
    if (installed) {
      return;
    }
    synchronized (ShutdownReports.class) {
      if (installed) {
        return;
      }
      try {
        // A subclass, not a method reference: a lambda costs a cold JVM ~1 ms before any work.
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread("promjob-shutdown") {
                  @Override
                  public void run() {
                    reportAll();
                  }
                });
      } catch (IllegalStateException alreadyShuttingDown) {
        // a run started during shutdown: nothing can wait for it any more
      }
      installed = true;
    }
  }

  /** Each run's report on a thread of its own, all waited for until the longest timeout. */
  static void reportAll() {
    List<Map.Entry<Run, Duration>> runs = new ArrayList<>(IN_FLIGHT.entrySet());
    if (runs.isEmpty()) {
      return;
    }
    long wait = 0;
    List<Thread> reporters = new ArrayList<>();
    for (Map.Entry<Run, Duration> e : runs) {
      wait = Math.max(wait, e.getValue().toNanos());
      Thread t = new Thread(e.getKey()::endByShutdown, "promjob-shutdown-report");
      t.setDaemon(true);
      t.start();
      reporters.add(t);
    }
    long end = System.nanoTime() + wait;
    for (Thread t : reporters) {
      try {
        TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, end - System.nanoTime()));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (Thread t : reporters) {
      if (t.isAlive()) {
        Log.log(
            Level.WARNING,
            "a report of a run cut short by shutdown did not finish within "
                + Duration.ofNanos(wait).toMillis()
                + " ms ("
                + Config.SHUTDOWN_TIMEOUT
                + ")");
        return;
      }
    }
  }
}
