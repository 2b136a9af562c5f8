package dev.promjob;

import dev.promjob.spi.Backend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs one action (a report, a start, a delete) on each of a job's backends at once and names each
 * one that failed.
 *
 * <p>Concurrently, not in order: each backend bounds its own wait (the Pushgateway's deadline, the
 * textfile's lock timeout), so the slowest bounds the whole and a gateway that hangs until its
 * deadline neither delays the textfile nor eats into the next backend's time. The first backend
 * runs in the caller's thread, each other one in a daemon thread of its own that ends with its
 * action: a report is rare, so no pool outlives it. Whatever one backend throws (an {@link
 * IOException}, a {@link RuntimeException}, a {@link LinkageError} of a class missing from the
 * class path) is kept and never stops the others; only the JVM's own failures ({@link
 * VirtualMachineError}) are rethrown, once every backend is done.
 */
final class FanOut {
  private FanOut() {}

  /** One backend's action. */
  @FunctionalInterface
  interface Action {
    void on(Backend backend) throws IOException;
  }

  /**
   * Runs {@code action} on each of {@code backends} and returns when all are done.
   *
   * @param what what the action is, for thread names
   * @throws SeveralBackendsException once all were tried, if any failed: {@code 1 of 2 backends
   *     failed (textfile did not): pushgateway <url>: <reason>}, each failure by its backend's name
   */
  static void each(List<Backend> backends, Job job, String what, Action action) throws IOException {
    AtomicReferenceArray<Throwable> results = new AtomicReferenceArray<>(backends.size());
    List<Thread> threads = new ArrayList<>();
    for (int i = 1; i < backends.size(); i++) {
      int n = i;
      Thread t =
          new Thread(
              () -> results.set(n, attempt(backends.get(n), action)),
              "promjob-" + what + "-" + backends.get(n).name());
      t.setDaemon(true); // never holds the JVM up: each backend bounds its own wait anyway
      t.start();
      threads.add(t);
    }
    results.set(0, attempt(backends.get(0), action));
    Throwable[] failed = new Throwable[backends.size()];
    failed[0] = results.get(0);
    boolean interrupted = false;
    for (int i = 0; i < threads.size(); i++) {
      if (!interrupted) {
        try {
          threads.get(i).join();
        } catch (InterruptedException e) {
          interrupted = true; // the caller wants to stop: name those not done, wait no more
        }
      }
      failed[i + 1] =
          threads.get(i).isAlive()
              ? new IOException("not done: the reporting thread was interrupted")
              : results.get(i + 1);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    throwIfAny(backends, job, failed);
  }

  private static Throwable attempt(Backend backend, Action action) {
    try {
      action.on(backend);
      return null;
    } catch (IOException | RuntimeException | Error e) {
      return e;
    }
  }

  private static void throwIfAny(List<Backend> backends, Job job, Throwable[] failed)
      throws IOException {
    List<String> reasons = new ArrayList<>();
    Map<String, Throwable> byName = new LinkedHashMap<>();
    List<String> fine = new ArrayList<>();
    VirtualMachineError fatal = null;
    for (int i = 0; i < failed.length; i++) {
      Throwable e = failed[i];
      Backend b = backends.get(i);
      if (e == null) {
        fine.add(b.name());
        continue;
      }
      if (e instanceof VirtualMachineError vme && fatal == null) {
        fatal = vme;
      }
      String reason = e instanceof IOException ? e.getMessage() : e.toString();
      reasons.add(b.name() + " " + where(b, job) + ": " + reason);
      byName.put(b.name(), e);
    }
    if (fatal != null) {
      throw fatal;
    }
    if (reasons.isEmpty()) {
      return;
    }
    throw new SeveralBackendsException(
        reasons.size()
            + " of "
            + failed.length
            + " backends failed"
            + (fine.isEmpty() ? "" : " (" + String.join(", ", fine) + " did not)")
            + ": "
            + String.join("; ", reasons),
        byName);
  }

  /** The backend's location, or nothing if even that fails: the reason still names it. */
  private static String where(Backend b, Job job) {
    try {
      return b.location(job);
    } catch (RuntimeException e) {
      return "(location unknown: " + e + ")";
    }
  }
}
