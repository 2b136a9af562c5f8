package dev.promjob.bench;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.gateway.PushgatewayBackend;
import dev.promjob.spi.Exposition;
import dev.promjob.testing.Pushgateway;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * A push of a ready report to a real local Pushgateway 1.5.1 against a bare {@code HttpClient} PUT
 * of the same body to the same gateway (the floor: the body is made once, no checks, no deadline).
 * Both replace one group per call.
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
public class PushBenchmark {
  @Param({"10", "1000"})
  public int series;

  private Pushgateway gateway;
  private PushgatewayBackend backend;
  private Report report;
  private HttpClient client;
  private HttpRequest bare;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    gateway = Pushgateway.start(Path.of("target", "bench-logs"));
    backend = PushgatewayBackend.builder().url(URI.create(gateway.url())).build();
    Job job = Job.serviceLevel("bench_job").groupingLabel("shard", "a").build();
    Instant end = Instant.parse("2026-11-21T10:00:00Z");
    report = new Report(job, Outcome.SUCCESS, end.minusSeconds(3), end, items(series));

    // The body promjob sends, made once, sent bare.
    byte[] body =
        Exposition.of(report, Labels.of(BatchMetrics.JOB_NAME_LABEL, "bench_job"))
            .text(OptionalDouble.empty());
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    bare =
        HttpRequest.newBuilder(URI.create(gateway.url() + "/metrics/job/bare_job/shard/a"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
  }

  /** {@code n} gauges {@code bench_items{item="item-<i>"}}: the HTTP benchmarks' report. */
  public static MetricSnapshots items(int n) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge g =
        Gauge.builder()
            .name("bench_items")
            .help("One series per item.")
            .labelNames("item")
            .register(registry);
    for (int i = 0; i < n; i++) {
      g.labelValues("item-" + i).set(i * 1.5);
    }
    return registry.scrape();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
  }

  /** promjob: checks, relabel, text, PUT with its per-request timeout and report deadline. */
  @Benchmark
  public void promjobPush() throws IOException {
    backend.report(report);
  }

  /** The floor: HttpClient.send of a prepared PUT. */
  @Benchmark
  public int bareHttpClientPut() throws IOException, InterruptedException {
    HttpResponse<Void> r = client.send(bare, HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new IOException("bare PUT answered " + r.statusCode());
    }
    return r.statusCode();
  }
}
