package dev.promjob.gateway;

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
    return new Transport(null, Duration.ofMillis(500), List.of("X-Test", "1"), requestTimeout, deadline, retries, Duration.ofMillis(5));
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
    byte[] body = transport(3, Duration.ofSeconds(5), Duration.ofSeconds(10)).send("PUT", uri, "m 1\n".getBytes(StandardCharsets.UTF_8), "text/plain");
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
    URI uri = serve((ex, n) -> answer(ex, 400, "text format parsing error in line 1: invalid metric name\n"));
    IOException e = assertThrows(IOException.class, () -> transport(5, Duration.ofSeconds(5), Duration.ofSeconds(10)).send("PUT", uri, new byte[0], null));
    assertEquals("PUT " + uri + " answered 400 text format parsing error in line 1: invalid metric name", e.getMessage());
    assertEquals(1, attempts.get());
  }

  @Test
  void givesUpOnA5xxStormAfterItsRetries() throws IOException {
    URI uri = serve((ex, n) -> answer(ex, 503, "unavailable"));
    IOException e = assertThrows(IOException.class, () -> transport(2, Duration.ofSeconds(5), Duration.ofSeconds(10)).send("POST", uri, new byte[0], null));
    assertEquals(3, attempts.get());
    assertTrue(e.getMessage().contains("last: answered 503 unavailable"), e.getMessage());
  }

  @Test
  void theDeadlineBoundsAStormWhateverTheRetries() throws IOException {
    URI uri =
        serve(
            (ex, n) -> {
              sleep(100);
              answer(ex, 500, "");
            });
    IOException e = assertThrows(IOException.class, () -> transport(20, Duration.ofSeconds(5), Duration.ofMillis(400)).send("PUT", uri, new byte[0], null));
    assertTrue(attempts.get() < 21, "stopped by the deadline after " + attempts.get() + " attempts");
    assertTrue(e.getMessage().contains("failed within the deadline of 400 ms"), e.getMessage());
  }

  @Test
  void aHangingServerEndsInATimeoutAndIsRetried() throws IOException {
    URI uri = serve((ex, n) -> sleep(10_000));
    IOException e = assertThrows(IOException.class, () -> transport(1, Duration.ofMillis(200), Duration.ofSeconds(5)).send("PUT", uri, new byte[0], null));
    assertEquals(2, attempts.get());
    assertTrue(e.getMessage().contains("HttpTimeoutException") || e.getMessage().contains("no complete response"), e.getMessage());
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
    IOException e = assertThrows(IOException.class, () -> transport(0, Duration.ofMillis(300), Duration.ofSeconds(5)).send("GET", uri, null, null));
    assertEquals(1, attempts.get());
    assertTrue(e.getMessage().contains("no complete response within 300 ms"), e.getMessage());
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/metrics/job/j");
    IOException e = assertThrows(IOException.class, () -> transport(2, Duration.ofSeconds(1), Duration.ofSeconds(5)).send("PUT", uri, new byte[0], null));
    assertTrue(e.getMessage().contains("up to 3 attempts"), e.getMessage());
    assertTrue(e.getMessage().contains("connection failed") || e.getMessage().contains("ConnectException"), e.getMessage());
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
      assertThrows(IOException.class, () -> transport(2, Duration.ofSeconds(1), Duration.ofSeconds(5)).send("PUT", uri, "m 1\n".getBytes(StandardCharsets.UTF_8), null));
      assertEquals(3, accepted.get());
    }
  }

  @Test
  void sendsItsHeaders() throws IOException {
    URI uri =
        serve(
            (ex, n) -> answer(ex, "1".equals(ex.getRequestHeaders().getFirst("X-Test")) ? 200 : 418, ""));
    transport(0, Duration.ofSeconds(5), Duration.ofSeconds(5)).send("DELETE", uri, null, null);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
