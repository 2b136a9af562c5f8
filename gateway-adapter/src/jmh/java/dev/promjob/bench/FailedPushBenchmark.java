package dev.promjob.bench;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.gateway.PushgatewayBackend;
import dev.promjob.testing.Pushgateway;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
 * The report of a failed run of a 10-series service-level job to a real Pushgateway 1.5.1 that
 * holds {@code otherGroups} groups of other jobs (each with five series): what a failed run costs
 * as the gateway fills up, on promjob's side (the gateway runs without its consistency check, which
 * costs every push the same whatever the client does).
 *
 * <p>Run: {@code mvn -B -Pbench -pl gateway-adapter -am test-compile exec:exec
 * -Djmh.args="FailedPushBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FailedPushBenchmark {
  @Param({"0", "10000"})
  public int otherGroups;

  private Pushgateway gateway;
  private PushgatewayBackend backend;
  private Report report;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    // Without the consistency check: with it, every push re-checks the whole gateway, so seeding
    // 10 000 groups is quadratic (over 13 minutes here) and each measured push pays that check.
    gateway =
        Pushgateway.start(Path.of("target", "bench-logs"), "--push.disable-consistency-check");
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < otherGroups; i++) {
      String body =
          "# TYPE other_items gauge\n"
              + "other_items{item=\"a\"} 1\nother_items{item=\"b\"} 2\nother_items{item=\"c\"} 3\n"
              + "other_items{item=\"d\"} 4\nother_items{item=\"e\"} 5\n";
      HttpResponse<Void> r =
          client.send(
              HttpRequest.newBuilder(URI.create(gateway.url() + "/metrics/job/other/shard/s" + i))
                  .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("seeding group " + i + " answered " + r.statusCode());
      }
    }
    backend = PushgatewayBackend.builder().url(URI.create(gateway.url())).build();
    Job job = Job.serviceLevel("bench_job").groupingLabel("shard", "a").build();
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge g =
        Gauge.builder()
            .name("bench_items")
            .help("One series per item.")
            .labelNames("item")
            .register(registry);
    for (int i = 0; i < 10; i++) {
      g.labelValues("item-" + i).set(i * 1.5);
    }
    Instant end = Instant.parse("2026-11-21T10:00:00Z");
    backend.report(new Report(job, Outcome.SUCCESS, end.minusSeconds(3), end, registry.scrape()));
    report = new Report(job, Outcome.FAILURE, end.minusSeconds(3), end, registry.scrape());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
  }

  @Benchmark
  public Report failedRun() throws IOException {
    backend.report(report);
    return report;
  }
}
