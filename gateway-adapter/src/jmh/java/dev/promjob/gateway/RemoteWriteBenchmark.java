package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.spi.Exposition;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Pushgateway;
import io.airlift.compress.snappy.SnappyCompressor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
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
 * One report of {@code series} gauges by remote write to a real Prometheus 2.42 receiver, against
 * the same report pushed to a real Pushgateway 1.5.1; and the body's encoding alone, with the two
 * snappy implementations measured before choosing (aircompressor, pure Java; snappy-java, JNI). The
 * bytes each sends are printed at set-up.
 *
 * <p>Run: {@code mvn -B -Pbench -pl gateway-adapter -am test-compile exec:exec
 * -Djmh.args="RemoteWriteBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RemoteWriteBenchmark {
  @Param({"10", "1000", "100000"})
  public int series;

  private Path dir;
  private Prometheus prometheus;
  private Pushgateway gateway;
  private RemoteWriteBackend remoteWrite;
  private PushgatewayBackend pushgateway;
  private MetricSnapshots metrics;
  private Job job;
  private long nextEnd = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
  private byte[] protobuf;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("promjob-rw-bench");
    Path logs = Path.of("target", "bench-logs");
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global: {}\n");
    prometheus =
        Prometheus.start(config, dir.resolve("data"), logs, "--web.enable-remote-write-receiver");
    gateway = Pushgateway.start(logs);
    remoteWrite = RemoteWriteBackend.builder().url(URI.create(prometheus.remoteWriteUrl())).build();
    pushgateway = PushgatewayBackend.builder().url(URI.create(gateway.url())).build();
    job = Job.serviceLevel("bench_job").groupingLabel("shard", "a").build();
    metrics = dev.promjob.bench.PushBenchmark.items(series);
    Report r = report();
    List<TimeSeries> ts = TimeSeries.of(Exposition.of(r, r.job().identityLabels()));
    protobuf = WriteRequestV1.protobuf(ts, r.end().toEpochMilli());
    byte[] text = Exposition.of(r, pushgateway.labelsInText(job)).text(OptionalDouble.empty());
    System.out.printf(
        "%n%d series: Pushgateway text %d bytes; remote write protobuf %d bytes, snappy"
            + " (aircompressor) %d bytes, snappy (snappy-java) %d bytes%n",
        series,
        text.length,
        protobuf.length,
        new WriteRequestV1().encode(ts, r.end().toEpochMilli()).length,
        org.xerial.snappy.Snappy.compress(protobuf).length);
  }

  /** A new end for every report: a receiver refuses a second sample at one timestamp. */
  private Report report() {
    long end = nextEnd += 1000;
    return new Report(
        job, Outcome.SUCCESS, Instant.ofEpochMilli(end - 3000), Instant.ofEpochMilli(end), metrics);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    prometheus.close();
    gateway.close();
    JavaChild.deleteTree(dir);
  }

  /** The whole report by remote write: render, read back, encode, snappy, POST, 204. */
  @Benchmark
  public void remoteWriteReport() throws IOException {
    remoteWrite.report(report());
  }

  /** The same report to the Pushgateway: render, PUT, 200. */
  @Benchmark
  public void pushgatewayReport() throws IOException {
    pushgateway.report(report());
  }

  /** The body's compression alone, pure Java (the one promjob uses). */
  @Benchmark
  public int snappyAircompressor() {
    SnappyCompressor c = new SnappyCompressor();
    byte[] out = new byte[c.maxCompressedLength(protobuf.length)];
    return c.compress(protobuf, 0, protobuf.length, out, 0, out.length);
  }

  /** The body's compression alone, JNI (not used: native code for a few milliseconds). */
  @Benchmark
  public int snappyJavaJni() throws IOException {
    return org.xerial.snappy.Snappy.compress(protobuf).length;
  }
}
