package dev.promjob.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;

/**
 * One request and its whole response, on one of {@link Transport}'s threads; {@link #abort} closes
 * its socket from another.
 *
 * <pre>{@code
 * Exchange e = new Exchange(http, "PUT", uri, body, List.of(), timeoutNanos);
 * Exchange.Response r = e.call();
 * }</pre>
 */
final class Exchange implements Callable<Exchange.Response> {
  /** A status and the whole body, read to its end. */
  record Response(int status, byte[] body) {}

  private final HttpSettings http;
  private final String method;
  private final URI uri;
  private final byte[] body;
  private final List<String> headers;
  private final int timeoutMillis;
  private volatile HttpURLConnection connection;
  private volatile boolean aborted;

  Exchange(
      HttpSettings http,
      String method,
      URI uri,
      byte[] body,
      List<String> headers,
      long timeoutNanos) {
    this.http = http;
    this.method = method;
    this.uri = uri;
    this.body = body;
    this.headers = headers;
    this.timeoutMillis =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
  }

  /**
   * Whether the connection is closed after this request rather than kept for the next one. Over
   * plain http a POST and a GET close it: the JDK probes a kept connection before it reuses it for
   * a streamed POST, a read that waits 1 ms for nothing (sun.net.www.http.HttpClient.available()),
   * and a new loopback connection costs a tenth of that. A GET closes too, because a POST to the
   * same server follows it (a failed run's count, then its report). A PUT keeps its connection: no
   * probe precedes its reuse. Over TLS every connection is kept: a new handshake costs more than
   * the probe.
   */
  static boolean closesConnection(String scheme, String method) {
    return "http".equalsIgnoreCase(scheme) && ("POST".equals(method) || "GET".equals(method));
  }

  @Override
  public Response call() throws IOException {
    // No proxy: the gateway is reached directly, as it was with HttpClient's defaults.
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    connection = c;
    if (aborted) {
      c.disconnect();
      throw new IOException("aborted");
    }
    if (http.tls() != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(http.tls());
    }
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout((int) Math.min(timeoutMillis, http.connectTimeout().toMillis()));
    c.setReadTimeout(timeoutMillis);
    c.setRequestMethod(method);
    c.setRequestProperty("User-Agent", Transport.USER_AGENT);
    for (int i = 0; i < http.headers().size(); i += 2) {
      c.setRequestProperty(http.headers().get(i), http.headers().get(i + 1));
    }
    for (int i = 0; i < headers.size(); i += 2) {
      c.setRequestProperty(headers.get(i), headers.get(i + 1));
    }
    if (closesConnection(uri.getScheme(), method)) {
      c.setRequestProperty("Connection", "close"); // the one value the JDK lets a caller set
    }
    if (body != null) {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length); // also: no silent resend of a failed PUT
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    byte[] bytes = new byte[0];
    if (in != null) {
      try (in) {
        bytes = in.readAllBytes(); // read to the end: the connection goes back to the pool
      }
    }
    return new Response(status, bytes);
  }

  /** Closes the socket: a blocked read fails at once. */
  void abort() {
    aborted = true;
    HttpURLConnection c = connection;
    if (c != null) {
      c.disconnect();
    }
  }
}
