package dev.promjob.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on a free loopback port that records every request and answers with the status
 * (and body) the test sets: what a backend sends, seen from the other end.
 */
final class CapturingServer implements AutoCloseable {
  /** One request as it arrived. */
  record Seen(
      String method, String path, String query, byte[] body, Map<String, List<String>> headers) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  volatile int status;
  volatile String answer = "";
  private final HttpServer server;

  private CapturingServer(int status) throws IOException {
    this.status = status;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            seen.add(
                new Seen(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(),
                    ex.getRequestBody().readAllBytes(),
                    Map.copyOf(ex.getRequestHeaders())));
            if (this.status == 302) {
              ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            }
            byte[] a = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(this.status, a.length == 0 ? -1 : a.length);
            if (a.length > 0) {
              ex.getResponseBody().write(a);
            }
          }
        });
    server.start();
  }

  /** Answers {@code status} until told otherwise. */
  static CapturingServer start(int status) throws IOException {
    return new CapturingServer(status);
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
