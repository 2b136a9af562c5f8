package dev.promjob.gateway;

import dev.promjob.Config;
import dev.promjob.spi.Refusal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Where an HTTP backend sends and how: its base URL (never with credentials), the {@link
 * HttpSettings} of its transport, and which kind of credentials it sends, for {@code toString}.
 * Built once, immutable; the Pushgateway's builder and, later, remote write's share this one.
 *
 * @param url the base URL, user info removed
 * @param http the transport's settings, the credentials among its headers
 * @param authKind {@code basic}, {@code bearer} or null
 */
record HttpEndpoint(URI url, HttpSettings http, String authKind) {

  /**
   * Headers HttpURLConnection manages and silently drops when set
   * (sun.net.http.allowRestrictedHeaders).
   */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of(
          "access-control-request-headers",
          "access-control-request-method",
          "connection",
          "content-length",
          "content-transfer-encoding",
          "host",
          "keep-alive",
          "origin",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "via");

  /** {@code server} names the server in messages, e.g. {@code Pushgateway}. */
  static Builder builder(String server, HttpKeys keys) {
    return new Builder(server, keys);
  }

  /** Collects the values; each setter checks its value at once. */
  static final class Builder {
    private final String server;
    private final HttpKeys keys;
    private URI url;
    private String username;
    private String password;
    private String bearerToken;
    private final List<String> headers = new ArrayList<>();
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration deadline = Duration.ofSeconds(30);
    private int retries = 3;
    private Duration backoff = Duration.ofMillis(200);

    private Builder(String server, HttpKeys keys) {
      this.server = server;
      this.keys = keys;
    }

    /** User info in the URL ({@code user:pass@}) is taken as basic auth and removed from it. */
    void url(URI url) {
      Objects.requireNonNull(url, "url must not be null");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        // Never echo the URL: it may hold a password.
        throw Refusal.of(withoutUserInfo(url), server + " URL must be http(s)://host:port[/path]");
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null) {
        throw Refusal.of(withoutUserInfo(url), server + " URL must have no query or fragment");
      }
      String info = url.getUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        basicAuth(
            colon < 0 ? info : info.substring(0, colon),
            colon < 0 ? "" : info.substring(colon + 1));
      }
      this.url = URI.create(withoutUserInfo(url));
    }

    void basicAuth(String username, String password) {
      this.username = Objects.requireNonNull(username, "username must not be null");
      this.password = Objects.requireNonNull(password, "password must not be null");
    }

    void bearerToken(String token) {
      this.bearerToken = Objects.requireNonNull(token, "bearer token must not be null");
    }

    void header(String name, String value) {
      Objects.requireNonNull(name, "header name must not be null");
      Objects.requireNonNull(value, "value of header " + name + " must not be null");
      if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c > '~')) {
        throw Refusal.of(name, "not a valid HTTP header name");
      }
      if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        // HttpURLConnection would drop it without a word.
        throw Refusal.of(name, "header set by the HTTP connection itself; promjob cannot send it");
      }
      if (value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 0x7f)) {
        // The value may be a secret: name the header, never the value.
        throw new IllegalArgumentException(
            "'"
                + name
                + "': header value must not contain control characters (its value is not shown)");
      }
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
      config.get(keys.url()).ifPresent(v -> url(parseUrl(v)));
      String user = config.get(keys.username()).orElse(null);
      String pass = config.secret(keys.password(), keys.passwordFile()).orElse(null);
      if (user != null || pass != null) {
        if (user == null) {
          throw Refusal.of(keys.username(), "a password is set but no username");
        }
        basicAuth(user, pass == null ? "" : pass);
      }
      config.secret(keys.bearerToken(), keys.bearerTokenFile()).ifPresent(this::bearerToken);
      config.get(keys.headers()).ifPresent(this::parseHeaders);
      config.duration(keys.connectTimeout()).ifPresent(this::connectTimeout);
      config.duration(keys.requestTimeout()).ifPresent(this::requestTimeout);
      config.duration(keys.deadline()).ifPresent(this::deadline);
      config.integer(keys.retries()).ifPresent(this::retries);
      config
          .path(keys.truststore())
          .ifPresent(
              p ->
                  sslContext(
                      HttpSettings.trustStore(
                          p,
                          config.get(keys.truststorePassword()).orElse(null),
                          keys.truststore())));
    }

    /**
     * @throws IllegalStateException if no URL was set, or both basic auth and a bearer token
     */
    HttpEndpoint build(String purpose) {
      if (url == null) {
        throw new IllegalStateException(
            purpose
                + ", but no URL is set: set "
                + keys.url()
                + " (environment "
                + Config.environmentVariable(keys.url())
                + ")");
      }
      if (bearerToken != null && username != null) {
        throw new IllegalStateException(
            "set either basic auth or a bearer token for the " + server + ", not both");
      }
      List<String> all = new ArrayList<>(headers);
      String auth = null;
      if (username != null) {
        String pair = username + ":" + password;
        all.add("Authorization");
        all.add(
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        auth = "basic";
      } else if (bearerToken != null) {
        all.add("Authorization");
        all.add("Bearer " + bearerToken);
        auth = "bearer";
      }
      HttpSettings http =
          new HttpSettings(
              sslContext == null ? null : sslContext.getSocketFactory(),
              all,
              connectTimeout,
              requestTimeout,
              deadline,
              retries,
              backoff);
      return new HttpEndpoint(url, http, auth);
    }

    private URI parseUrl(String v) {
      try {
        return new URI(v.trim());
      } catch (URISyntaxException e) {
        // Not the value: it may hold a password.
        throw new IllegalArgumentException(
            "'" + keys.url() + "': not a valid URL (" + e.getReason() + ")");
      }
    }

    private void parseHeaders(String v) {
      for (String pair : v.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          // The value may be secret: name the key, not the text.
          throw Refusal.of(keys.headers(), "must be Name=value pairs separated by commas");
        }
        header(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what + " must not be null");
      return dev.promjob.Durations.check(d, what); // one bound for every duration of promjob
    }
  }

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
    return sb.toString();
  }
}
