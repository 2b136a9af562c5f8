package dev.promjob.textfile;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The writer the reliability ITs run as a separate JVM. Every report of {@code n} series carries
 * one version number in every sample, so a reader can tell a whole file from a torn one.
 *
 * <pre>
 * once DIR JOB N          one report; prints OK or ERROR class: message; exits 0 or 1
 * loop DIR JOB N          reports versions 1, 2, ... until killed; prints "v nanos" after each
 * threads DIR P T SECS N  T threads alternate the job "shared" and their own for SECS seconds
 * runs DIR JOB P RUNS N   prints READY, waits for a line on its input, then RUNS runs of JOB
 *                         through a Reporter that throws report errors; prints "runs R last
 *                         MILLIS" (the last success it reported) or the failed run and exits 1
 * </pre>
 */
public final class WriterChild {
  private WriterChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    switch (args[0]) {
      case "once" -> {
        try {
          backend.report(report(Job.machineBound(args[2]).build(), Integer.parseInt(args[3]), 1));
          System.out.println("OK " + backend.fileOf(Job.machineBound(args[2]).build()));
        } catch (IOException e) {
          System.out.println("ERROR " + e.getClass().getName() + ": " + e.getMessage());
          System.exit(1);
        }
      }
      case "loop" -> {
        Job job = Job.machineBound(args[2]).build();
        int n = Integer.parseInt(args[3]);
        for (long v = 1; ; v++) {
          long t0 = System.nanoTime();
          backend.report(report(job, n, v));
          System.out.println(v + " " + (System.nanoTime() - t0));
          System.out.flush();
        }
      }
      case "threads" ->
          threads(
              backend,
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Long.parseLong(args[4]),
              Integer.parseInt(args[5]));
      case "runs" ->
          runs(
              dir,
              Job.machineBound(args[2]).build(),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]));
      default ->
          throw new IllegalArgumentException(
              "'" + args[0] + "': mode must be once, loop, threads or runs");
    }
  }

  private static void threads(
      TextfileBackend backend, int process, int threads, long seconds, int n)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong writes = new AtomicLong();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Job shared = Job.machineBound("shared").build();
      Job own = Job.machineBound("p" + process + "_t" + thread).build();
      Thread th =
          new Thread(
              () -> {
                for (long i = 1; System.nanoTime() < end; i++) {
                  // Unique across processes and threads: process, thread, counter.
                  long version = process * 1_000_000_000L + thread * 10_000_000L + i;
                  try {
                    backend.report(report(i % 2 == 0 ? shared : own, n, version));
                    writes.incrementAndGet();
                  } catch (IOException | RuntimeException e) {
                    errors.add(e.toString());
                  }
                }
              });
      th.start();
      all.add(th);
    }
    for (Thread th : all) {
      th.join();
    }
    System.out.println("writes " + writes.get() + " errors " + errors.size());
    errors.stream().limit(5).forEach(System.out::println);
  }

  /**
   * Runs {@code job} {@code runs} times as a library user would ({@code Reporter.run}, {@link
   * ReportErrorPolicy#THROW}), each run setting {@code n} samples to its version {@code process *
   * 1e9 + i}. The clock is the system's; the last instant it gave is the last success reported.
   */
  private static void runs(Path dir, Job job, int process, int runs, int n) throws IOException {
    AtomicReference<Instant> last = new AtomicReference<>();
    InstantSource clock =
        () -> {
          Instant now = Instant.now();
          last.set(now);
          return now;
        };
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(dir)
            .reportErrors(ReportErrorPolicy.THROW)
            .reportOnShutdown(false, Duration.ofSeconds(1))
            .clock(clock)
            .build();
    System.out.println("READY");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    for (int i = 1; i <= runs; i++) {
      long version = process * 1_000_000_000L + i;
      try {
        reporter.run(
            job,
            run -> {
              Gauge g =
                  Gauge.builder()
                      .name("fault_value")
                      .help("One sample per shard, all the version.")
                      .labelNames("shard")
                      .register(run.registry());
              for (int s = 0; s < n; s++) {
                g.labelValues(Integer.toString(s)).set(version);
              }
              Gauge.builder()
                  .name("fault_version")
                  .help("The version this file holds.")
                  .register(run.registry())
                  .set(version);
            });
      } catch (RuntimeException e) {
        System.out.println("FAILED run " + i + ": " + e);
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
          System.out.println("  caused by " + c);
        }
        System.out.flush();
        System.exit(1);
      }
    }
    System.out.println("runs " + runs + " last " + last.get().toEpochMilli());
  }

  /** {@code n} samples of fault_value plus fault_version, all holding {@code version}. */
  static Report report(Job job, int n, long version) {
    PrometheusRegistry r = new PrometheusRegistry();
    Gauge g =
        Gauge.builder()
            .name("fault_value")
            .help("One sample per shard, all the version.")
            .labelNames("shard")
            .register(r);
    for (int i = 0; i < n; i++) {
      g.labelValues(Integer.toString(i)).set(version);
    }
    Gauge.builder()
        .name("fault_version")
        .help("The version this file holds.")
        .register(r)
        .set(version);
    Instant now = Instant.now();
    return new Report(job, Outcome.SUCCESS, now, now, r.scrape());
  }

  /**
   * The version a file holds, after checking it parses completely, with {@code n} fault_value
   * samples that all hold the same version as fault_version.
   *
   * @throws AssertionError describing a torn or mixed file
   */
  static double wholeVersion(java.io.InputStream in, String jobName, int n) throws IOException {
    List<Double> values = new ArrayList<>();
    double[] version = {Double.NaN};
    dev.promjob.textformat.TextFormat.parse(
        in,
        (family, sample, names, values0, count, value) -> {
          if (sample.equals("fault_value")) {
            values.add(value);
          } else if (sample.equals("fault_version")) {
            version[0] = value;
          }
        });
    if (values.size() != n || values.stream().anyMatch(v -> v != version[0])) {
      throw new AssertionError(
          jobName
              + ": "
              + values.size()
              + " of "
              + n
              + " samples, versions "
              + new java.util.TreeSet<>(values)
              + " vs "
              + version[0]);
    }
    return version[0];
  }
}
