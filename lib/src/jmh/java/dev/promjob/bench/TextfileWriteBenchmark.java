package dev.promjob.bench;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.internal.Relabel;
import dev.promjob.spi.Exposition;
import dev.promjob.textfile.TextfileBackend;
import dev.promjob.textformat.CheckedText;
import dev.promjob.textformat.TextFormat;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
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
 * The in-process cost of writing a ready report as a textfile, against (a) client_java's own text
 * writer into a byte sink (the floor: no relabelling, no file, no fsync, no checks), (b) a bare
 * FileChannel write + force + rename of the same bytes, and (c) the naive client_java file write
 * (its writer straight into the final file: what a hand-written job does, torn files included).
 *
 * <p>Run: {@code mvn -B -Pbench -pl gateway-adapter -am test-compile exec:exec}; JMH options
 * through {@code -Djmh.args="..."}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextfileWriteBenchmark {
  @Param({"10", "1000", "100000"})
  public int series;

  private Path dir;
  private TextfileBackend backend;
  private Report report;
  private MetricSnapshots written;
  private byte[] bytes;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("promjob-bench-");
    backend = TextfileBackend.builder().directory(dir).build();
    Job job = Job.machineBound("bench_job").groupingLabel("shard", "a").build();
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge g =
        Gauge.builder()
            .name("bench_items")
            .help("One series per item.")
            .labelNames("item")
            .register(registry);
    for (int i = 0; i < series; i++) {
      g.labelValues("item-" + i).set(i * 1.5);
    }
    Instant end = Instant.parse("2026-11-21T10:00:00Z");
    report = new Report(job, Outcome.SUCCESS, end.minusSeconds(3), end, registry.scrape());
    written =
        Relabel.withLabels(
            Exposition.of(report, Labels.EMPTY).snapshots(OptionalDouble.empty()),
            job.identityLabels());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, written, EscapingScheme.UNDERSCORE_ESCAPING);
    bytes = out.toByteArray();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * promjob: read the previous file's carried values, write a temp file with the identity labels
   * merged and the text checked as it streams out, fsync, guard, rename, fsync dir.
   */
  @Benchmark
  public void promjobTextfile() throws IOException {
    backend.report(report);
  }

  /** (a) client_java's text writer into a ByteArrayOutputStream: the same series, nothing else. */
  @Benchmark
  public int clientJavaToByteArray() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, written, EscapingScheme.UNDERSCORE_ESCAPING);
    return out.size();
  }

  /** (b) the same bytes with a bare FileChannel, force and rename. */
  @Benchmark
  public void bareFileChannelForceRename() throws IOException {
    Path tmp = dir.resolve("bare.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(ch);
      out.write(bytes);
      ch.force(true);
    }
    Files.move(tmp, dir.resolve("bare.prom"), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * (c) the naive client_java file write: its writer straight into the final file, no temp, no
   * fsync.
   */
  @Benchmark
  public void clientJavaNaiveFile() throws IOException {
    try (OutputStream out = Files.newOutputStream(dir.resolve("naive.prom"))) {
      writer.write(out, written, EscapingScheme.UNDERSCORE_ESCAPING);
    }
  }

  /** Part of promjob's cost: adding the identity labels to every series. */
  @Benchmark
  public MetricSnapshots relabelOnly() {
    return Relabel.withLabels(
        Exposition.of(report, Labels.EMPTY).snapshots(OptionalDouble.empty()),
        report.job().identityLabels());
  }

  /** What promjob no longer does: the strict parse of what was written (it read the temp back). */
  @Benchmark
  public int parseOnly() throws IOException {
    return TextFormat.parse(new ByteArrayInputStream(bytes), TextFormat.SampleHandler.NONE).size();
  }

  /** Part of promjob's cost: the check of the text as it streams out, which replaced parseOnly. */
  @Benchmark
  public int checkOnly() throws IOException {
    CheckedText checked = new CheckedText(OutputStream.nullOutputStream());
    checked.rendered(o -> o.write(bytes));
    return checked.families().size();
  }

  /** Part of promjob's cost: client_java's writer with the identity labels merged as it streams. */
  @Benchmark
  public void mergeOnly() throws IOException {
    Exposition.of(report, report.job().identityLabels())
        .writeText(OutputStream.nullOutputStream(), OptionalDouble.empty());
  }
}
