package dev.promjob.gateway;

import dev.promjob.Config;
import dev.promjob.spi.Refusal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where an HTTP backend sends and how: its base URL (no user info), the {@link HttpSettings} of its
 * transport, and which kind of credentials it sends, for {@code toString}. Built once, immutable;
 * the Pushgateway's builder and, later, remote write's share this one.
 *
 * @param url the base URL, user info removed, a query kept: show it only through {@link #shown}
 * @param http the transport's settings, the credentials among its headers
 * @param authKind {@code basic}, {@code bearer} or null
 */
record HttpEndpoint(URI url, HttpSettings http, String authKind) {

  /**
   * {@code server} names the server in messages, e.g. {@code Pushgateway}; {@code query} says
   * whether its URL may carry a query (InfluxDB's {@code ?db=}, VictoriaMetrics' {@code
   * ?extra_label=}).
   */
  static Builder builder(String server, HttpKeys keys, boolean query) {
    return new Builder(server, keys, query);
  }

  /**
   * {@code url} as it may be shown: no user info (it never has any here), and the values of query
   * parameters that look like credentials ({@code u}, {@code p}, {@code token}...) as {@code ****}.
   */
  static String shown(URI url) {
    // Config's own masking, so a URL reads the same in a Config dump; any URL key does.
    return Config.shown(RemoteWriteKeys.URL, withoutUserInfo(url));
  }

  /**
   * A backend's {@code toString()}: {@code Type[url, basic auth; url; 1 of 2 to accept]}, each
   * server with the kind of its credentials (never them), the quorum when there are several.
   */
  static String described(String type, List<?> urls, List<String> authKinds, int minAccepted) {
    StringBuilder sb = new StringBuilder(type).append('[');
    for (int i = 0; i < urls.size(); i++) {
      String kind = authKinds.get(i);
      sb.append(i == 0 ? "" : "; ").append(urls.get(i));
      sb.append(kind == null ? "" : ", " + kind + " auth");
    }
    if (urls.size() > 1) {
      sb.append("; ").append(minAccepted).append(" of ").append(urls.size()).append(" to accept");
    }
    return sb.append(']').toString();
  }

  /**
   * Collects the values; each setter checks its value at once. Credentials are kept per URL: a
   * URL's user info is its own basic auth, what {@link #basicAuth} and {@link #bearerToken} set
   * goes to every URL, and the last one set wins, as with a single URL.
   */
  static final class Builder {
    private final String server;
    private final HttpKeys keys;
    private final boolean query;
    private final HttpTargets targets;
    private int minAccepted = 1;
    private final List<String> headers = new ArrayList<>();
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration deadline = Duration.ofSeconds(30);
    private int retries = 3;
    private Duration backoff = Duration.ofMillis(200);

    private Builder(String server, HttpKeys keys, boolean query) {
      this.server = server;
      this.keys = keys;
      this.query = query;
      this.targets = new HttpTargets(server);
    }

    String server() {
      return server;
    }

    HttpKeys keys() {
      return keys;
    }

    int urlCount() {
      return targets.size();
    }

    /**
     * User info in the URL ({@code user:pass@}) is taken as basic auth and removed from it; a query
     * is kept where the server takes one.
     */
    void url(URI url) {
      urls(List.of(Objects.requireNonNull(url, "url must not be null")));
    }

    /**
     * Several servers, each reached with its own user info as basic auth, the rest shared; each
     * report goes to every one. Replaces the URLs set before.
     */
    void urls(List<URI> given) {
      Objects.requireNonNull(given, "urls must not be null");
      if (given.isEmpty()) {
        throw new IllegalArgumentException("at least one " + server + " URL is needed");
      }
      List<URI> clean = new ArrayList<>();
      for (URI url : given) {
        clean.add(checked(Objects.requireNonNull(url, "url must not be null")));
      }
      targets.set(given, clean);
    }

    /** {@code url} without user info, if it is one this server can take. */
    private URI checked(URI url) {
      // Never echo the URL as given: it may hold a password. Without a host, rebuilt from its parts
      // it would read `http://`, which names nothing: then the text given, its passwords masked
      // (`http://a:9091,pushgateway-b:9091`, a list whose second URL lacks its scheme).
      String shown =
          url.getHost() == null ? Config.shown(RemoteWriteKeys.URL, url.toString()) : shown(url);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw Refusal.of(shown, server + " URL must be http(s)://host:port[/path]");
      }
      if (url.getPort() == 0 || url.getPort() > 65535) {
        // The JDK parses any number; only the first connection would refuse it, at the end of a
        // job's first run instead of when the backend is made.
        throw Refusal.of(shown, server + " URL's port must be 1 to 65535");
      }
      if (url.getRawFragment() != null) {
        throw Refusal.of(shown, server + " URL must have no fragment");
      }
      if (url.getRawQuery() != null && !query) {
        throw Refusal.of(shown, server + " URL must have no query");
      }
      return URI.create(withoutUserInfo(url));
    }

    void basicAuth(String username, String password) {
      targets.basicAuth(-1, username, password, "basicAuth", "basicAuth");
    }

    /**
     * Basic auth for the {@code i}th URL, or every URL for -1; {@code userSource} and {@code
     * source} say where the pair came from, for messages.
     */
    void basicAuth(int i, String username, String password, String userSource, String source) {
      targets.basicAuth(i, username, password, userSource, source);
    }

    void bearerToken(String token) {
      targets.bearerToken(-1, token, "bearerToken");
    }

    /** A bearer token for the {@code i}th URL, or every URL for -1. */
    void bearerToken(int i, String token, String source) {
      targets.bearerToken(i, token, source);
    }

    void minAccepted(int n) {
      if (n < 1 || n > 100) {
        throw Refusal.of(Integer.toString(n), keys.minAccepted() + " must be between 1 and 100");
      }
      this.minAccepted = n;
    }

    int minAccepted() {
      return minAccepted;
    }

    void header(String name, String value) {
      HttpValues.checkHeader(name, value);
      headers.add(name);
      headers.add(value);
    }

    void sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext must not be null");
    }

    void connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connect timeout");
    }

    void requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "request timeout");
    }

    void deadline(Duration d) {
      this.deadline = positive(d, "deadline");
    }

    void retries(int n) {
      if (n < 0 || n > 20) {
        throw Refusal.of(Integer.toString(n), "retries must be between 0 and 20");
      }
      this.retries = n;
    }

    void backoff(Duration d) {
      this.backoff = positive(d, "backoff");
    }

    /** Applies every key of {@code keys} that is set: configuration wins over code. */
    void config(Config config) {
      HttpConfig.apply(this, config);
    }

    /**
     * The first (or only) endpoint.
     *
     * @throws IllegalStateException as {@link #buildAll}
     */
    HttpEndpoint build(String purpose) {
      return buildAll(purpose).get(0);
    }

    /**
     * One endpoint per URL, in order.
     *
     * @throws IllegalStateException if no URL was set, both basic auth and a bearer token for one
     *     URL, or more to accept than there are URLs
     */
    List<HttpEndpoint> buildAll(String purpose) {
      if (targets.size() == 0) {
        throw new IllegalStateException(
            purpose
                + ", but no URL is set: set "
                + keys.url()
                + " (environment "
                + Config.environmentVariable(keys.url())
                + ")");
      }
      if (minAccepted > targets.size()) {
        throw new IllegalStateException(
            "'"
                + minAccepted
                + "': "
                + keys.minAccepted()
                + " must be at most the number of URLs in "
                + keys.url()
                + " ("
                + targets.size()
                + ")");
      }
      HttpSettings http =
          new HttpSettings(
              sslContext == null ? null : sslContext.getSocketFactory(),
              headers,
              connectTimeout,
              requestTimeout,
              deadline,
              retries,
              backoff);
      return targets.endpoints(http);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what + " must not be null");
      return dev.promjob.Durations.check(d, what); // one bound for every duration of promjob
    }
  }

  /** {@code u}'s scheme, host, port, path and query: no user info, no fragment. */
  static String withoutUserInfo(URI u) {
    StringBuilder sb = new StringBuilder();
    if (u.getScheme() != null) {
      sb.append(u.getScheme()).append("://");
    }
    if (u.getHost() != null) {
      sb.append(
          u.getHost().contains(":") && !u.getHost().startsWith("[")
              ? "[" + u.getHost() + "]"
              : u.getHost());
    }
    if (u.getPort() >= 0) {
      sb.append(':').append(u.getPort());
    }
    if (u.getRawPath() != null) {
      sb.append(u.getRawPath());
    }
    if (u.getRawQuery() != null) {
      sb.append('?').append(u.getRawQuery());
    }
    return sb.toString();
  }
}
