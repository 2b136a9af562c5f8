package dev.promjob;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runs in progress of this process, per job and place it reports to, so that two overlapping
 * runs of one job in one JVM count each other on every backend, those that promjob never reads back
 * (the Pushgateway, remote write) included. Runs of other processes are known only where the
 * backend holds them (the textfile, read under the job's lock).
 */
final class RunsInFlight {
  private static final String PROCESS = processId();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** Where a job reports (backend and location) to its runs in progress and their starts. */
  private static final Map<String, Map<String, Instant>> RUNS = new HashMap<>();

  private RunsInFlight() {}

  /** A new run id, {@code <pid>-<process start in ms>-<sequence>}. */
  static String newRun() {
    return PROCESS + "-" + SEQUENCE.incrementAndGet();
  }

  /** Counts {@code run} in, and says what is in progress now, {@code run} included. */
  static InProgress begin(String where, Job job, String run, Instant start) {
    synchronized (RUNS) {
      Map<String, Instant> runs = RUNS.computeIfAbsent(where, w -> new HashMap<>());
      runs.put(run, start);
      return state(job, run, start, runs);
    }
  }

  /** Counts {@code run} out, and says what is still in progress without it. */
  static InProgress end(String where, Job job, String run, Instant start) {
    synchronized (RUNS) {
      Map<String, Instant> runs = RUNS.getOrDefault(where, new HashMap<>());
      runs.remove(run);
      if (runs.isEmpty()) {
        RUNS.remove(where);
      }
      return state(job, run, start, runs);
    }
  }

  private static InProgress state(Job job, String run, Instant start, Map<String, Instant> runs) {
    Instant oldest = runs.values().stream().min(Comparator.naturalOrder()).orElse(start);
    return new InProgress(job, run, start, runs.size(), oldest);
  }

  private static String processId() {
    ProcessHandle self = ProcessHandle.current();
    return self.pid() + "-" + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }
}
