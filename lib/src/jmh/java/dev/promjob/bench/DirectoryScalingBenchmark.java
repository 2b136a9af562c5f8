package dev.promjob.bench;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 10-series textfile write as cron runs it (a fresh {@link TextfileBackend} for every write: a
 * new process remembers nothing) into directories holding more and more other files: none, one of
 * 100 000 series, 100 and 1 000 of 10 series, and 20 other promjob jobs' files, which share the
 * job's own families. The ratio of each to {@code empty} is what the other files cost.
 *
 * <p>{@code version=main} runs the same write with another build's lib classes (a directory given
 * as {@code -Dpromjob.bench.lib=.../lib/target/classes} to the forked JVM), each build in a class
 * loader of its own, so that code before and after a change is measured in one run:
 *
 * <pre>{@code
 * mvn -B -Pbench -pl gateway-adapter -am test-compile exec:exec -Djmh.args="-f 1 \
 *   -jvmArgsAppend -Dpromjob.bench.lib=/path/to/other/lib/target/classes \
 *   -p version=this,main DirectoryScalingBenchmark"
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DirectoryScalingBenchmark {
  @Param({"empty", "one100k", "hundred10", "thousand10", "jobs20"})
  public String others;

  /**
   * {@code this}: the lib classes beside this benchmark; {@code main}: {@code promjob.bench.lib}.
   */
  @Param({"this"})
  public String version;

  private Path dir;
  private Consumer<Path> write;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("promjob-scaling-");
    switch (others) {
      case "empty" -> {}
      case "one100k" -> otherFiles(1, 100_000);
      case "hundred10" -> otherFiles(100, 10);
      case "thousand10" -> otherFiles(1_000, 10);
      case "jobs20" -> {
        for (int j = 0; j < 20; j++) {
          new TenSeries("other_job_" + j).accept(dir);
        }
        Files.deleteIfExists(dir.resolve(".promjob+guard-summary")); // each build starts cold
      }
      default -> throw new IllegalArgumentException("'" + others + "': no such directory shape");
    }
    URL lib =
        version.equals("this")
            ? TextfileBackend.class.getProtectionDomain().getCodeSource().getLocation()
            : Path.of(System.getProperty("promjob.bench.lib", "(set -Dpromjob.bench.lib)"))
                .toUri()
                .toURL();
    URL bench = TenSeries.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader own = new ChildFirst(new URL[] {lib, bench});
    @SuppressWarnings("unchecked")
    Consumer<Path> w =
        (Consumer<Path>)
            own.loadClass(TenSeries.class.getName())
                .getConstructor(String.class)
                .newInstance("bench_job");
    write = w;
  }

  private void otherFiles(int files, int series) throws IOException {
    for (int f = 0; f < files; f++) {
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve("other_" + f + ".prom"), StandardCharsets.UTF_8)) {
        String family = "other_" + f + "_bytes";
        out.write("# HELP " + family + " Another tool's series.\n# TYPE " + family + " gauge\n");
        for (int i = 0; i < series; i++) {
          out.write(family + "{device=\"sd" + i + "\",mount=\"/srv/" + i + "\"} " + i + "\n");
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A 10-series report of job {@code bench_job} through a new backend, guard included. */
  @Benchmark
  public void write10Series() {
    write.accept(dir);
  }

  /** One job's 10-series report, written through a backend built for each write. */
  public static final class TenSeries implements Consumer<Path> {
    private final Report report;

    public TenSeries(String jobName) {
      Job job = Job.machineBound(jobName).build();
      PrometheusRegistry registry = new PrometheusRegistry();
      Gauge g =
          Gauge.builder()
              .name("bench_items")
              .help("One series per item.")
              .labelNames("item")
              .register(registry);
      for (int i = 0; i < 10; i++) {
        g.labelValues("item-" + i).set(i);
      }
      Instant end = Instant.parse("2026-11-21T10:00:00Z");
      report = new Report(job, Outcome.SUCCESS, end.minusSeconds(3), end, registry.scrape());
    }

    @Override
    public void accept(Path dir) {
      try {
        TextfileBackend.builder().directory(dir).build().report(report);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Loads promjob's classes from its own URLs first: one build per loader. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls) {
      super(urls, DirectoryScalingBenchmark.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.promjob.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
