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

  /** Collects the values; each setter checks its value at once. */
  static final class Builder {
    private final String server;
    private final HttpKeys keys;
    private final boolean query;
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

    private Builder(String server, HttpKeys keys, boolean query) {
      this.server = server;
      this.keys = keys;
      this.query = query;
    }

    /**
     * User info in the URL ({@code user:pass@}) is taken as basic auth and removed from it; a query
     * is kept where the server takes one.
     */
    void url(URI url) {
      Objects.requireNonNull(url, "url must not be null");
      // Never echo the URL as given: it may hold a password.
      String shown = shown(url);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw Refusal.of(shown, server + " URL must be http(s)://host:port[/path]");
      }
      if (url.getRawFragment() != null) {
        throw Refusal.of(shown, server + " URL must have no fragment");
      }
      if (url.getRawQuery() != null && !query) {
        throw Refusal.of(shown, server + " URL must have no query");
      }
      String info = url.getUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        basicAuth(
            colon < 0 ? info : info.substring(0, colon),
            colon < 0 ? "" : info.substring(colon + 1),
            server + " URL's user info");
      }
      this.url = URI.create(withoutUserInfo(url));
    }

    void basicAuth(String username, String password) {
      basicAuth(username, password, "basicAuth");
    }

    /** {@code source}: where the pair came from, for messages. */
    private void basicAuth(String username, String password, String source) {
      basicAuth(username, password, source, source);
    }

    private void basicAuth(String username, String password, String userSource, String source) {
      HttpValues.checked(username, userSource, "a basic auth username");
      if (username.indexOf(':') >= 0) {
        // The receiver would split the pair at it: a user "a:b" arrives as "a" with password
        // "b...".
        throw new IllegalArgumentException(
            "'" + userSource + "': a basic auth username must not contain ':' (RFC 7617)");
      }
      this.password = HttpValues.checked(password, source, "a basic auth password");
      this.username = username;
    }

    void bearerToken(String token) {
      bearerToken(token, "bearerToken");
    }

    private void bearerToken(String token, String source) {
      this.bearerToken = HttpValues.checked(token, source, "a bearer token");
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
      config.get(keys.url()).ifPresent(v -> url(parseUrl(v)));
      String user = config.get(keys.username()).orElse(null);
      String pass = config.secret(keys.password(), keys.passwordFile()).orElse(null);
      if (user != null || pass != null) {
        if (user == null) {
          throw Refusal.of(keys.username(), "a password is set but no username");
        }
        basicAuth(
            user, pass == null ? "" : pass, keys.username(), setOf(config, keys.passwordFile()));
      }
      config
          .secret(keys.bearerToken(), keys.bearerTokenFile())
          .ifPresent(t -> bearerToken(t, setOf(config, keys.bearerTokenFile())));
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
                          keys.truststore(),
                          keys.truststorePassword())));
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

    /** The key a secret came from: its file's key if that is set, else the text's. */
    private String setOf(Config config, String fileKey) {
      if (config.get(fileKey).isPresent()) {
        return fileKey;
      }
      return fileKey.equals(keys.passwordFile()) ? keys.password() : keys.bearerToken();
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
