package dev.promjob.bench;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.gateway.PushgatewayBackend;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import dev.promjob.testing.Pushgateway;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * to each). Sampled, so JMH prints the median ({@code p0.50}) of each. The floor, {@code
 * bareSuccess}: the same PUT to each gateway over a kept-alive socket, every request written before
 * any response is read, from one thread: what the gateways alone cost, sharing the cores.
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
  private final List<Socket> sockets = new ArrayList<>();
  private final List<InputStream> ins = new ArrayList<>();
  private final List<byte[]> requests = new ArrayList<>();

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
    byte[] body = Exposition.of(success, backend.labelsInText(job)).text(Carried.nothing());
    for (URI group : backend.groupUrls(job)) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(group.getHost(), group.getPort()));
      s.setTcpNoDelay(true);
      sockets.add(s);
      ins.add(new BufferedInputStream(s.getInputStream()));
      byte[] head =
          ("PUT "
                  + group.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + group.getRawAuthority()
                  + "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[head.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      requests.add(request);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
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

  /** The floor: the same PUT to each gateway, all written, then every answer read. */
  @Benchmark
  public int bareSuccess() throws IOException {
    for (int i = 0; i < sockets.size(); i++) {
      OutputStream out = sockets.get(i).getOutputStream();
      out.write(requests.get(i));
      out.flush();
    }
    int status = 0;
    for (InputStream in : ins) {
      status += response(in);
    }
    return status;
  }

  /** Reads one response with a Content-Length; its status. */
  private static int response(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int status = -1;
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the gateway closed the connection");
      }
      if (b != '\n') {
        line.append((char) b);
        continue;
      }
      String l = line.toString().strip();
      line.setLength(0);
      if (l.isEmpty()) {
        break;
      }
      if (status < 0) {
        status = Integer.parseInt(l.split(" ")[1]);
      } else if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(l.substring(15).strip());
      }
    }
    if (in.readNBytes(length).length != length || status / 100 != 2) {
      throw new IOException("the bare PUT answered " + status);
    }
    return status;
  }
}
