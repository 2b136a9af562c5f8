package dev.promjob.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on loopback in front of a real gateway that records each request's method and
 * answers 403 to the methods it refuses, as a proxy that lets jobs write but not read would.
 */
final class RecordingProxy implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final List<String> methods = Collections.synchronizedList(new ArrayList<>());

  private RecordingProxy(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  static RecordingProxy start(URI upstream, String... refused) throws IOException {
    Set<String> refuse = Set.of(refused);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    ExecutorService pool = Executors.newCachedThreadPool();
    RecordingProxy proxy = new RecordingProxy(server, pool);
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            proxy.methods.add(ex.getRequestMethod());
            if (refuse.contains(ex.getRequestMethod())) {
              ex.sendResponseHeaders(403, -1);
              return;
            }
            HttpURLConnection c =
                (HttpURLConnection)
                    upstream.resolve(ex.getRequestURI().getRawPath()).toURL().openConnection();
            c.setRequestMethod(ex.getRequestMethod());
            c.setConnectTimeout(5000);
            c.setReadTimeout(10000);
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
              c.setRequestProperty("Content-Type", type);
            }
            if (body.length > 0) {
              c.setDoOutput(true);
              try (OutputStream out = c.getOutputStream()) {
                out.write(body);
              }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : in.readAllBytes();
            ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
              ex.getResponseBody().write(answer);
            }
          }
        });
    server.start();
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<String> methods() {
    return List.copyOf(methods);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
