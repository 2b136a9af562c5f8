package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A job reporting through a broken network, as a user runs it: {@code reporter.run(job, body)} with
 * the default policy (log). Whatever the gateway does, the job's own result is what the job did,
 * the report ends within its deadline, and a 4xx is never retried. The gateway is a raw loopback
 * socket that misbehaves on purpose.
 */
@Timeout(30) // a hang would otherwise hang the build; the deadline under test is 2 s
class NetworkFaultsTest {
  static final Duration DEADLINE = Duration.ofSeconds(2);

  /** Scheduling slack on a loaded 2-core CI machine; a missing deadline would mean forever. */
  static final Duration SLACK = Duration.ofSeconds(2);

  enum Fault {
    DOWN, // nothing listens
    HANGING, // accepts, reads, never answers
    RESETTING, // accepts, then resets the connection
    SLOW, // answers 200 with a body that drips a byte per 300 ms
    STORM_5XX, // 503 to everything
    CLIENT_4XX // 400, as the gateway answers an inconsistent push
  }

  private ServerSocket server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.CountDownLatch released =
      new java.util.concurrent.CountDownLatch(1);

  @AfterEach
  void stop() throws IOException {
    released.countDown();
    if (server != null) {
      server.close();
    }
    for (Socket s : held) {
      s.close();
    }
  }

  URI gateway(Fault fault) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort());
    if (fault == Fault.DOWN) {
      server.close();
      return uri;
    }
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  held.add(s);
                  Thread t = new Thread(() -> serve(s, fault));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException closed) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return uri;
  }

  void serve(Socket s, Fault fault) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      requests.add(head.substring(0, head.indexOf(' ')));
      int length = contentLength(head);
      in.readNBytes(length);
      switch (fault) {
        case HANGING -> released.await(); // until the test is over
        case RESETTING -> s.setSoLinger(true, 0); // close() now sends RST
        case SLOW -> {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 1000; i++) {
            out.write('#');
            out.flush();
            Thread.sleep(300);
          }
        }
        case STORM_5XX -> respond(out, 503, "overloaded");
        case CLIENT_4XX ->
            respond(out, 400, "pushed metrics are invalid or inconsistent with existing metrics");
        default -> throw new AssertionError(fault);
      }
    } catch (IOException | InterruptedException e) {
      // the client gave up: what we wanted to see
    }
  }

  static void respond(OutputStream out, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + status
                + " X\r\nContent-Length: "
                + b.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
        return b.toString();
      }
    }
    return null;
  }

  static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  /** Both HTTP backends, with the same settings: the shared transport bounds every wait. */
  enum Kind {
    PUSHGATEWAY("PUT", List.of("GET", "POST")),
    REMOTE_WRITE("POST", List.of("GET", "POST"));

    final String successMethod;
    final List<String> failedRun;

    Kind(String successMethod, List<String> failedRun) {
      this.successMethod = successMethod;
      this.failedRun = failedRun;
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> faults() {
    return java.util.Arrays.stream(Kind.values())
        .flatMap(
            k ->
                java.util.Arrays.stream(Fault.values())
                    .map(f -> org.junit.jupiter.params.provider.Arguments.of(k, f)));
  }

  Reporter reporter(URI url, Kind kind) {
    HttpBackendBuilder<?> b =
        kind == Kind.PUSHGATEWAY ? PushgatewayBackend.builder() : RemoteWriteBackend.builder();
    b.url(kind == Kind.PUSHGATEWAY ? url : url.resolve("/api/v1/write"))
        .connectTimeout(Duration.ofMillis(500))
        .requestTimeout(Duration.ofMillis(700))
        .deadline(DEADLINE)
        .retries(3)
        .backoff(Duration.ofMillis(50));
    dev.promjob.spi.Backend backend =
        b instanceof PushgatewayBackend.Builder p
            ? p.build()
            : ((RemoteWriteBackend.Builder) b).queryUrl(url.resolve("/api/v1/query")).build();
    return Reporter.builder().backend(Scope.SERVICE_LEVEL, backend).build(); // default policy: log
  }

  static final Job JOB = Job.serviceLevel("nightly_export").groupingLabel("region", "eu").build();

  @ParameterizedTest
  @MethodSource("faults")
  void aSuccessfulJobStaysSuccessfulAndEndsInTime(Kind kind, Fault fault) throws IOException {
    Reporter reporter = reporter(gateway(fault), kind);
    long t0 = System.nanoTime();
    Outcome outcome =
        reporter.run(
            JOB,
            run -> Gauge.builder().name("exported").help("Rows.").register(run.registry()).set(7));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertEquals(Outcome.SUCCESS, outcome);
    assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, fault + " took " + took);
    assertAttempts(kind, fault, 0);
    System.out.printf(
        kind + " %-10s success run: ended after %4d ms, %d request(s) %s%n",
        fault,
        took.toMillis(),
        requests.size(),
        requests);
  }

  @ParameterizedTest
  @MethodSource("faults")
  void aFailingJobThrowsItsOwnExceptionAndEndsInTime(Kind kind, Fault fault) throws IOException {
    Reporter reporter = reporter(gateway(fault), kind);
    IllegalStateException own = new IllegalStateException("the export itself failed");
    long t0 = System.nanoTime();
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                reporter.run(
                    JOB,
                    run -> {
                      throw own;
                    }));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertSame(own, thrown, "the job's exception, not the report's");
    assertEquals(1, own.getSuppressed().length, "the report error rides along as suppressed");
    assertThat(own.getSuppressed()[0].getMessage()).contains("127.0.0.1");
    // A failed run reads the consecutive failures held (the gateway's /metrics, the receiver's
    // query API), within half the deadline, then POSTs whatever the read did, within the deadline.
    assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, fault + " took " + took);
    List<String> writes = requests.stream().filter(m -> !m.equals("GET")).toList();
    if (fault == Fault.CLIENT_4XX) {
      assertEquals(kind.failedRun, requests, "a 4xx is never retried");
    }
    assertTrue(writes.stream().allMatch("POST"::equals), fault + ": " + requests);
    if (fault != Fault.DOWN && kind.failedRun.size() > 1) {
      assertThat(requests).as("a read that failed never stops the POST").contains("GET", "POST");
    }
    System.out.printf(
        kind + " %-10s failed run:  ended after %4d ms, %d request(s) %s; %s%n",
        fault,
        took.toMillis(),
        requests.size(),
        requests,
        own.getSuppressed()[0].getMessage());
  }

  /** 4xx: exactly one request. Retried faults: more than one, never more than retries + 1. */
  void assertAttempts(Kind kind, Fault fault, int before) {
    int n = requests.size() - before;
    switch (fault) {
      case DOWN -> assertEquals(0, n);
      case CLIENT_4XX ->
          assertEquals(List.of(kind.successMethod), requests, "a 4xx is never retried");
      default -> assertTrue(n >= 1 && n <= 4, fault + ": " + requests);
    }
  }
}
