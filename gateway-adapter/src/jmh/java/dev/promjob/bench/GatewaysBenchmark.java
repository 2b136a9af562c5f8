package dev.promjob.bench;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.gateway.PushgatewayBackend;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * One report to one, two and three real local Pushgateways 1.5.1 behind one backend: a success (one
 * PUT to each, at once) and a failure (each gateway's {@code /metrics} read at once, then one POST
 * to each). Sampled, so JMH prints the median ({@code p0.50}) of each.
 *
 * <p>Run: {@code mvn -B -Pbench -pl gateway-adapter -am test-compile exec:exec -Djmh.args="-f 1
 * GatewaysBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GatewaysBenchmark {
  @Param({"1", "2", "3"})
  public int gateways;

  private final List<Pushgateway> started = new ArrayList<>();
  private PushgatewayBackend backend;
  private Report success;
  private Report failure;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < gateways; i++) {
      Pushgateway g = Pushgateway.start(Path.of("target", "bench-logs"));
      started.add(g);
      urls.add(URI.create(g.url()));
    }
    backend =
        PushgatewayBackend.builder()
            .url(urls.get(0), urls.subList(1, urls.size()).toArray(URI[]::new))
            .build();
    Job job = Job.serviceLevel("bench_job").groupingLabel("shard", "a").build();
    Instant end = Instant.parse("2026-11-21T10:00:00Z");
    success = new Report(job, Outcome.SUCCESS, end.minusSeconds(3), end, PushBenchmark.items(10));
    failure = new Report(job, Outcome.FAILURE, end.minusSeconds(3), end, PushBenchmark.items(10));
    backend.report(success);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    started.forEach(Pushgateway::close);
  }

  /** A success: one PUT to each gateway, at once. */
  @Benchmark
  public void success() throws IOException {
    backend.report(success);
  }

  /** A failure: each gateway's group read at once, then one POST to each, at once. */
  @Benchmark
  public void failure() throws IOException {
    backend.report(failure);
  }
}
