package dev.promjob.gateway;

import dev.promjob.Config;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The settings every HTTP backend's builder takes, with the same defaults and checks: where the
 * server is, the credentials and headers, TLS, and the bound of every wait. Each setter checks its
 * value at once; values set here are defaults that configuration overrides.
 *
 * <pre>{@code
 * RemoteWriteBackend rw = RemoteWriteBackend.builder()
 *     .url(URI.create("https://mimir.example/api/v1/push"))
 *     .header("X-Scope-OrgID", "batch")
 *     .deadline(Duration.ofSeconds(20))
 *     .build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class HttpBackendBuilder<B extends HttpBackendBuilder<B>> {
  final HttpEndpoint.Builder http;

  HttpBackendBuilder(String server, HttpKeys keys, boolean query) {
    this.http = HttpEndpoint.builder(server, keys, query);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * The server's URL, {@code http(s)://host:port[/path]}, for remote write with a query if the
   * receiver wants one ({@code ?db=promjob}). User info in it ({@code user:pass@}) is taken as
   * basic auth and removed from the URL; credentials in the query are never shown.
   */
  public B url(URI url) {
    http.url(url);
    return self();
  }

  /**
   * Several servers, e.g. two Pushgateways: every report goes to each of them at once, within the
   * one deadline, and counts as delivered when {@link #minAccepted} of them accepted it. Each URL's
   * user info is its own basic auth; every other setting, credentials set here included, is shared.
   *
   * <pre>{@code
   * PushgatewayBackend.builder()
   *     .url(URI.create("http://batch:s3cret@pg-a:9091"), URI.create("http://pg-b:9091"))
   *     .build();
   * }</pre>
   */
  public B url(URI first, URI... more) {
    java.util.List<URI> all = new java.util.ArrayList<>();
    all.add(java.util.Objects.requireNonNull(first, "url must not be null"));
    for (URI u : java.util.Objects.requireNonNull(more, "urls must not be null")) {
      all.add(java.util.Objects.requireNonNull(u, "url must not be null"));
    }
    http.urls(all);
    return self();
  }

  /**
   * With several URLs: how many servers must accept a report for it to count as delivered, 1 to the
   * number of URLs (checked when built). Default 1.
   */
  public B minAccepted(int n) {
    http.minAccepted(n);
    return self();
  }

  /** HTTP basic auth, for every URL. */
  public B basicAuth(String username, String password) {
    http.basicAuth(username, password);
    return self();
  }

  /** {@code Authorization: Bearer <token>} to every URL, e.g. for a proxy in front of each. */
  public B bearerToken(String token) {
    http.bearerToken(token);
    return self();
  }

  /** An extra header on every request; its value is never shown. */
  public B header(String name, String value) {
    http.header(name, value);
    return self();
  }

  /** TLS settings, e.g. a trust store for a private CA. Default: the JVM's. */
  public B sslContext(SSLContext context) {
    http.sslContext(context);
    return self();
  }

  /** Default 5 s. */
  public B connectTimeout(Duration d) {
    http.connectTimeout(d);
    return self();
  }

  /** One request, until its whole response is read. Default 10 s. */
  public B requestTimeout(Duration d) {
    http.requestTimeout(d);
    return self();
  }

  /** The whole report, retries included. Default 30 s. */
  public B deadline(Duration d) {
    http.deadline(d);
    return self();
  }

  /** Retries after a connection failure, a 5xx or a 429 (never other 4xx). Default 3. */
  public B retries(int n) {
    http.retries(n);
    return self();
  }

  /** First backoff between attempts, doubled each time, with ±50 % jitter. Default 200 ms. */
  public B backoff(Duration d) {
    http.backoff(d);
    return self();
  }

  /** Applies every key of this backend that is set: configuration wins over code. */
  public B config(Config config) {
    http.config(config);
    return self();
  }
}
