package dev.promjob.textfile;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer the reliability ITs run as a separate JVM. Every report of {@code n} series carries
 * one version number in every sample, so a reader can tell a whole file from a torn one.
 *
 * <pre>
 * once DIR JOB N          one report; prints OK or ERROR class: message; exits 0 or 1
 * loop DIR JOB N          reports versions 1, 2, ... until killed; prints "v nanos" after each
 * threads DIR P T SECS N  T threads alternate the job "shared" and their own for SECS seconds
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
      default ->
          throw new IllegalArgumentException(
              "'" + args[0] + "': mode must be once, loop or threads");
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
