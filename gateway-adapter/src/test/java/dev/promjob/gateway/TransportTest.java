package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection with a local JDK HTTP server and raw sockets: every call ends within its
 * deadline, with the retries the rules allow. Assertions are on outcomes and attempt counts, never
 * on wall time.
 */
class TransportTest {
  interface Handler {
    void handle(HttpExchange exchange, int attempt) throws IOException;
  }

  private HttpServer server;
  private ExecutorService pool;
  private final AtomicInteger attempts = new AtomicInteger();

  URI serve(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            handler.handle(ex, attempts.incrementAndGet());
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics/job/j");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  static Transport transport(int retries, Duration requestTimeout, Duration deadline) {
    return new Transport(
        new HttpSettings(
            null,
            List.of("X-Test", "1"),
            Duration.ofMillis(500),
            requestTimeout,
            deadline,
            retries,
            Duration.ofMillis(5)));
  }

  static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }

  @Test
  void anyTwoHundredIsSuccess() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, 202, "queued"));
    byte[] body =
        transport(3, Duration.ofSeconds(5), Duration.ofSeconds(10))
            .send("PUT", uri, "m 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertArrayEquals("queued".getBytes(StandardCharsets.UTF_8), body);
    assertEquals(1, attempts.get());
  }

  @Test
  void retriesA500ThenSucceeds() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, n == 1 ? 500 : 200, n == 1 ? "write queue is full" : ""));
    transport(3, Duration.ofSeconds(5), Duration.ofSeconds(10)).send("PUT", uri, new byte[0], null);
    assertEquals(2, attempts.get());
  }

  @Test
  void retriesA429() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, n < 3 ? 429 : 200, ""));
    transport(3, Duration.ofSeconds(5), Duration.ofSeconds(10)).send("PUT", uri, new byte[0], null);
    assertEquals(3, attempts.get());
  }

  @Test
  void neverRetriesA400AndShowsItsBody() throws IOException {
    URI uri =
        serve(
            (ex, n) ->
                answer(ex, 400, "text format parsing error in line 1: invalid metric name\n"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(5, Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .send("PUT", uri, new byte[0], null));
    assertEquals(
        "PUT " + uri + " answered 400 text format parsing error in line 1: invalid metric name",
        e.getMessage());
    assertEquals(1, attempts.get());
  }

  @Test
  void givesUpOnA5xxStormAfterItsRetries() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, 503, "unavailable"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(2, Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .send("POST", uri, new byte[0], null));
    assertEquals(3, attempts.get());
    assertThat(e.getMessage()).contains("last: answered 503 unavailable");
  }

  @Test
  void theDeadlineBoundsAStormWhateverTheRetries() throws IOException {
    URI uri =
        serve(
            (ex, n) -> {
              sleep(100);
              answer(ex, 500, "");
            });
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(20, Duration.ofSeconds(5), Duration.ofMillis(400))
                    .send("PUT", uri, new byte[0], null));
    assertTrue(
        attempts.get() < 21, "stopped by the deadline after " + attempts.get() + " attempts");
    assertThat(e.getMessage()).contains(": deadline of 400 ms reached after ");
  }

  @Test
  void aHangingServerEndsInATimeoutAndIsRetried() throws IOException {
    URI uri = serve((ex, n) -> sleep(10_000));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(1, Duration.ofMillis(200), Duration.ofSeconds(5))
                    .send("PUT", uri, new byte[0], null));
    assertEquals(2, attempts.get());
    // Whether the socket's read timeout or the wait for the whole exchange fires first, one
    // wording.
    assertThat(e.getMessage()).endsWith("; last: no complete response within 200 ms");
    assertTrue(
        e.getCause() instanceof java.net.SocketTimeoutException, String.valueOf(e.getCause()));
  }

  @Test
  void aSlowBodyEndsInATimeout() throws IOException {
    URI uri =
        serve(
            (ex, n) -> {
              ex.sendResponseHeaders(200, 1000);
              OutputStream out = ex.getResponseBody();
              out.write(new byte[10]);
              out.flush();
              sleep(10_000);
            });
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(0, Duration.ofMillis(300), Duration.ofSeconds(5))
                    .send("GET", uri, null, null));
    assertEquals(1, attempts.get());
    assertThat(e.getMessage()).contains("no complete response within 300 ms");
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/metrics/job/j");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(2, Duration.ofSeconds(1), Duration.ofSeconds(5))
                    .send("PUT", uri, new byte[0], null));
    assertThat(e.getMessage()).contains(": failed after 3 attempts; last: connection failed");
    assertTrue(e.getCause() instanceof java.net.ConnectException, String.valueOf(e.getCause()));
    assertEquals(2, e.getSuppressed().length, "the two earlier failures, suppressed");
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket s = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
      Thread resetter =
          new Thread(
              () -> {
                while (!s.isClosed()) {
                  try (Socket c = s.accept()) {
                    accepted.incrementAndGet();
                    c.getInputStream().read(new byte[512]);
                    c.setSoLinger(true, 0); // close with RST
                  } catch (IOException ignored) {
                    return;
                  }
                }
              });
      resetter.setDaemon(true);
      resetter.start();
      URI uri = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/metrics/job/j");
      assertThrows(
          IOException.class,
          () ->
              transport(2, Duration.ofSeconds(1), Duration.ofSeconds(5))
                  .send("PUT", uri, "m 1\n".getBytes(StandardCharsets.UTF_8), null));
      assertEquals(3, accepted.get());
    }
  }

  @Test
  void keepsTheLastFailureAsCauseAndTheEarlierOnesSuppressed() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, 500 + n, "attempt " + n));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(2, Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .send("PUT", uri, new byte[0], null));
    assertEquals(
        "PUT " + uri + ": failed after 3 attempts; last: answered 503 attempt 3", e.getMessage());
    assertEquals("answered 503 attempt 3", e.getCause().getMessage());
    assertEquals(
        List.of("answered 501 attempt 1", "answered 502 attempt 2"),
        java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList());
  }

  @Test
  void saysTheCredentialsWereRefusedOn401And403() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, n == 1 ? 401 : 403, ""));
    Transport withAuth =
        new Transport(
            new HttpSettings(
                null,
                List.of("Authorization", "Basic eDp5"),
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(5)));
    IOException e401 =
        assertThrows(IOException.class, () -> withAuth.send("PUT", uri, new byte[0], null));
    assertEquals(
        "PUT " + uri + " answered 401 (empty body): the credentials were refused",
        e401.getMessage());
    IOException e403 =
        assertThrows(IOException.class, () -> withAuth.send("PUT", uri, new byte[0], null));
    assertThat(e403.getMessage())
        .endsWith(" answered 403 (empty body): the credentials were refused");
    assertEquals(2, attempts.get(), "never retried");
    assertThat(e401.getMessage()).doesNotContain("eDp5");
  }

  @Test
  void saysNoCredentialsAreConfiguredOn401() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, 401, "auth required"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(3, Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .send("PUT", uri, new byte[0], null));
    assertThat(e.getMessage()).startsWith("PUT " + uri + " answered 401 ");
    assertThat(e.getMessage()).endsWith(": it wants credentials, and none are configured");
    assertEquals(1, attempts.get());
  }

  @Test
  void neverRetriesAnUntrustedCertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (TlsServer tls = TlsServer.start(dir)) {
      URI uri = tls.uri();
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  transport(3, Duration.ofSeconds(5), Duration.ofSeconds(10))
                      .send("PUT", uri, new byte[0], null));
      assertThat(e.getMessage()).startsWith("PUT " + uri + ": javax.net.ssl.SSLHandshakeException");
      assertThat(e.getMessage()).endsWith("(not retried: it cannot heal)");
      assertTrue(
          e.getCause() instanceof javax.net.ssl.SSLHandshakeException,
          String.valueOf(e.getCause()));
      assertEquals(1, tls.connections(), "one handshake, no retry");
    }
  }

  @Test
  void aTrustedCertificateGetsPastTheHandshake(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (TlsServer tls = TlsServer.start(dir)) {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(dir.resolve("server.p12"))) {
        ks.load(in, "changeit".toCharArray());
      }
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      Transport trusting =
          new Transport(
              new HttpSettings(
                  ctx.getSocketFactory(),
                  List.of(),
                  Duration.ofMillis(500),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(5),
                  0,
                  Duration.ofMillis(5)));
      IOException e =
          assertThrows(IOException.class, () -> trusting.send("PUT", tls.uri(), new byte[0], null));
      // The listener speaks no HTTP after the handshake: whatever fails, the certificate did not.
      assertTrue(
          !e.getMessage().contains("PKIX")
              && !(e.getCause() instanceof javax.net.ssl.SSLHandshakeException),
          e.getMessage());
      assertEquals(1, tls.connections());
    }
  }

  @Test
  void anUnknownHostIsNamedAndNotRetried() {
    URI nowhere = URI.create("http://promjob-test.invalid:9091/metrics/job/j");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(3, Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .send("PUT", nowhere, new byte[0], null));
    assertThat(e.getMessage()).startsWith("PUT " + nowhere + ": unknown host promjob-test.invalid");
    assertThat(e.getMessage()).endsWith("(not retried: it cannot heal)");
  }

  @Test
  void permanentFailuresAreTheOnesThatCannotHeal() {
    assertTrue(HttpFailures.isPermanent(new java.net.UnknownHostException("gateway.invalid")));
    assertTrue(
        HttpFailures.isPermanent(
            new javax.net.ssl.SSLHandshakeException("PKIX path building failed")));
    assertTrue(
        HttpFailures.isPermanent(
            new javax.net.ssl.SSLPeerUnverifiedException("peer not verified")));
    assertTrue(HttpFailures.isPermanent(new java.net.MalformedURLException("no protocol")));
    assertTrue(
        HttpFailures.isPermanent(
            new java.net.ProtocolException("Server redirected too many times")));
    assertTrue(!HttpFailures.isPermanent(new java.net.ConnectException("Connection refused")));
    assertTrue(!HttpFailures.isPermanent(new java.net.SocketException("Connection reset")));
    assertTrue(!HttpFailures.isPermanent(new java.net.SocketTimeoutException("Read timed out")));
  }

  @Test
  void thePauseBeforeEachRetryDoubles() throws IOException {
    java.util.List<Long> arrivals =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    URI uri =
        serve(
            (ex, n) -> {
              arrivals.add(System.nanoTime());
              answer(ex, 503, "busy");
            });
    Transport t =
        new Transport(
            new HttpSettings(
                null,
                List.of(),
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                3,
                Duration.ofMillis(40)));
    assertThrows(IOException.class, () -> t.send("PUT", uri, new byte[0], null));
    assertEquals(4, arrivals.size());
    for (int i = 1; i < arrivals.size(); i++) {
      // Lower bounds only: 40 ms doubling, jittered down to half at most: 20, 40, 80 ms.
      long gapMillis =
          java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - arrivals.get(i - 1));
      assertTrue(gapMillis >= 20L << (i - 1), "pause " + i + " was " + gapMillis + " ms");
    }
  }

  /** A backoff longer than the deadline: after the first failure, the wait uses up the deadline. */
  static Transport slowBackoff(Duration deadline) {
    return new Transport(
        new HttpSettings(
            null,
            List.of(),
            Duration.ofMillis(500),
            Duration.ofSeconds(5),
            deadline,
            3,
            Duration.ofSeconds(30)));
  }

  @Test
  void waitsBeforeARetryWithinTheDeadlineAfterA5xx() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, 503, "busy"));
    IOException e =
        assertThrows(
            IOException.class,
            () -> slowBackoff(Duration.ofMillis(600)).send("PUT", uri, new byte[0], null));
    assertEquals(
        1, attempts.get(), "the backoff waited out the deadline instead of retrying at once");
    assertThat(e.getMessage())
        .contains(": deadline of 600 ms reached after 1 attempt; last: answered 503 busy");
  }

  @Test
  void waitsBeforeARetryAfterARefusedConnectionOrATimeout() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    URI refused = URI.create("http://127.0.0.1:" + port + "/metrics/job/j");
    IOException e =
        assertThrows(
            IOException.class,
            () -> slowBackoff(Duration.ofMillis(600)).send("PUT", refused, new byte[0], null));
    assertThat(e.getMessage()).contains("reached after 1 attempt;");
    URI hanging = serve((ex, n) -> sleep(10_000));
    Transport t =
        new Transport(
            new HttpSettings(
                null,
                List.of(),
                Duration.ofMillis(500),
                Duration.ofMillis(200),
                Duration.ofMillis(900),
                3,
                Duration.ofSeconds(30)));
    IOException h =
        assertThrows(IOException.class, () -> t.send("PUT", hanging, new byte[0], null));
    assertEquals(1, attempts.get(), h.getMessage());
  }

  @Test
  void durationsReadAsConfigurationWritesThem() {
    assertEquals("500 ms", Durations.format(Duration.ofMillis(500)));
    assertEquals("1500 ms", Durations.format(Duration.ofMillis(1500)));
    assertEquals("1 s", Durations.format(Duration.ofSeconds(1)));
    assertEquals("30 s", Durations.format(Duration.ofSeconds(30)));
    assertEquals("999 ms", Durations.format(Duration.ofMillis(999)));
  }

  @Test
  void aLongBodyIsCutInTheMessage() throws IOException {
    URI uri =
        serve((ex, n) -> answer(ex, 400, n == 1 ? "x".repeat(1000) + "tail" : "y".repeat(1000)));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport(0, Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .send("PUT", uri, new byte[0], null));
    assertThat(e.getMessage()).endsWith(" answered 400 " + "x".repeat(1000) + "...");
    IOException f =
        assertThrows(
            IOException.class,
            () ->
                transport(0, Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .send("PUT", uri, new byte[0], null));
    assertThat(f.getMessage()).endsWith(" answered 400 " + "y".repeat(1000));
  }

  @Test
  void sendsItsHeaders() throws IOException {
    URI uri =
        serve(
            (ex, n) ->
                answer(ex, "1".equals(ex.getRequestHeaders().getFirst("X-Test")) ? 200 : 418, ""));
    transport(0, Duration.ofSeconds(5), Duration.ofSeconds(5)).send("DELETE", uri, null, null);
  }

  /**
   * A POST or a GET over plain http comes on a connection of its own (the JDK would first probe a
   * kept one with a 1 ms read); a PUT reuses the one kept. A raw server numbers its connections and
   * keeps each open until the client asks it to close.
   */
  @Test
  void aPostOrAGetOverPlainHttpClosesItsConnectionAndAPutKeepsIt() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket s = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor =
          new Thread(
              () -> {
                for (int n = 1; !s.isClosed(); n++) {
                  try {
                    Socket c = s.accept();
                    int connection = n;
                    Thread t = new Thread(() -> keepAnswering(c, connection, seen));
                    t.setDaemon(true);
                    t.start();
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      URI uri = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/metrics/job/j");
      Transport t = transport(0, Duration.ofSeconds(5), Duration.ofSeconds(5));
      byte[] body = {'m', '\n'};
      t.send("PUT", uri, body, null);
      t.send("PUT", uri, body, null);
      t.send("POST", uri, body, null); // may take the PUTs' connection, after the JDK's probe
      t.send("POST", uri, body, null);
      t.get(uri, t.deadlineFromNow());
      t.send("POST", uri, body, null);
      assertThat(seen.subList(0, 2)).containsExactly("PUT 1 keep-alive", "PUT 1 keep-alive");
      assertThat(seen.get(2)).endsWith(" close").startsWith("POST ");
      int first = Integer.parseInt(seen.get(2).split(" ")[1]);
      assertThat(seen.subList(3, 6))
          .containsExactly(
              "POST " + (first + 1) + " close",
              "GET " + (first + 2) + " close",
              "POST " + (first + 3) + " close");
    }
  }

  /** Answers 200 to each request on {@code c} until one says {@code Connection: close}. */
  private static void keepAnswering(Socket c, int connection, List<String> seen) {
    try (c) {
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = c.getOutputStream();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String method = line.split(" ")[0];
        String kept = "keep-alive";
        int length = 0;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          String name = h.substring(0, h.indexOf(':')).strip();
          String value = h.substring(h.indexOf(':') + 1).strip();
          kept = name.equalsIgnoreCase("Connection") ? value : kept;
          length = name.equalsIgnoreCase("Content-Length") ? Integer.parseInt(value) : length;
        }
        in.skip(length);
        seen.add(method + " " + connection + " " + kept);
        boolean close = kept.equalsIgnoreCase("close");
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n";
        answer += close ? "Connection: close\r\n\r\n" : "\r\n"; // as Go's server answers
        out.write(answer.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException gone) {
      // the client closed it
    }
  }

  @Test
  void onlyPlainHttpClosesAndOnlyForAPostOrAGet() {
    assertThat(Exchange.closesConnection("http", "POST")).isTrue();
    assertThat(Exchange.closesConnection("HTTP", "GET")).isTrue();
    assertThat(Exchange.closesConnection("http", "PUT")).isFalse();
    assertThat(Exchange.closesConnection("http", "DELETE")).isFalse();
    assertThat(Exchange.closesConnection("https", "POST")).isFalse();
    assertThat(Exchange.closesConnection("https", "GET")).isFalse();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
