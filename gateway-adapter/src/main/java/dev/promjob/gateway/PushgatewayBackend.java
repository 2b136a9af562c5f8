package dev.promjob.gateway;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.Refusal;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Reports service-level jobs to a Prometheus Pushgateway, one group per job and grouping labels.
 *
 * <p>A successful run replaces the group (PUT). A failed run adds to it (POST): its metrics and the
 * standard ones replace the families of the same names, and the last success timestamp the group
 * holds is left as it is, never read back and never sent again. Families that the failed run did
 * not set keep the values of the run before. Retiring a job deletes its group.
 *
 * <pre>{@code
 * PushgatewayBackend pushgateway = PushgatewayBackend.builder()
 *     .url(URI.create("http://pushgateway:9091"))
 *     .basicAuth("batch", Files.readString(Path.of("/run/secrets/pg")).strip())
 *     .deadline(Duration.ofSeconds(20))
 *     .build();
 * Reporter reporter = Reporter.builder().backend(Scope.SERVICE_LEVEL, pushgateway).build();
 * }</pre>
 *
 * <p>Normally it is found on the class path and configured with {@code promjob.pushgateway.*}.
 * Every request has a deadline; credentials travel only in headers and never appear in messages.
 */
public final class PushgatewayBackend implements Backend {
  /** Families every group has, which the gateway computes and overwrites. */
  private static final Set<String> GATEWAY_OWN =
      Set.of("push_time_seconds", "push_failure_time_seconds");

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

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Looked up on the first warning only: the lookup starts the platform's logging, which a job that
   * never warns should not pay for at start-up ({@code QuietStartIT}).
   */
  private static final class Logging {
    static final System.Logger LOGGER = System.getLogger("dev.promjob.gateway");
  }

  /** Values that change every run: epoch seconds or millis, dates, UUIDs, long hex ids. */
  private static final Pattern UNBOUNDED =
      Pattern.compile(
          "\\d{9,}|.*\\d{4}-\\d{2}-\\d{2}.*|.*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.*|[0-9a-fA-F]{16,}");

  private final URI base;
  private final Transport transport;
  private final Enforcement instanceLabel;
  private final Enforcement unboundedGrouping;
  private final String authKind;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private PushgatewayBackend(
      URI base,
      HttpSettings http,
      Enforcement instanceLabel,
      Enforcement unboundedGrouping,
      String authKind) {
    this.base = base;
    this.transport = new Transport(http);
    this.instanceLabel = instanceLabel;
    this.unboundedGrouping = unboundedGrouping;
    this.authKind = authKind;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "pushgateway";
  }

  /** The gateway's base URL, without credentials. */
  public URI url() {
    return base;
  }

  /** The URL of {@code job}'s group. */
  public URI groupUrl(Job job) {
    return resolve(GroupingKey.path(Objects.requireNonNull(job, "job must not be null")));
  }

  /** The {@link #groupUrl(Job)}, without credentials. */
  @Override
  public String location(Job job) {
    return groupUrl(job).toString();
  }

  @Override
  public void check(Job job) {
    if (job.groupingLabels().containsKey("instance")) {
      flag(
          instanceLabel,
          job,
          "instance",
          "a service-level job should not carry an instance label: its metrics belong to the"
              + " service, and a per-host group outlives the host (promjob.pushgateway.instance_label)");
    }
    for (Map.Entry<String, String> e : job.groupingLabels().entrySet()) {
      if (UNBOUNDED.matcher(e.getValue()).matches()) {
        flag(
            unboundedGrouping,
            job,
            e.getValue(),
            "value of grouping label "
                + e.getKey()
                + " looks like it changes every run (timestamp, date, UUID or id): each run would"
                + " leave a new group on the Pushgateway forever"
                + " (promjob.pushgateway.unbounded_grouping)");
      }
    }
  }

  private void flag(Enforcement mode, Job job, String value, String rule) {
    IllegalArgumentException e =
        Refusal.of(value, "job '" + Refusal.printable(job.name()) + "': " + rule);
    if (mode == Enforcement.REFUSE) {
      throw e;
    }
    if (warned.add(job.name() + "\0" + value)) {
      Logging.LOGGER.log(Level.WARNING, e.getMessage());
    }
  }

  /** Refuses the families the gateway computes itself and would overwrite in silence. */
  @Override
  public void checkMetricName(String name) {
    if (GATEWAY_OWN.contains(name)) {
      throw Refusal.of(name, "the Pushgateway replaces a pushed metric of this name with its own");
    }
  }

  /**
   * Only {@code job_name}: the gateway adds the grouping key, from the group's URL, to every
   * series.
   */
  @Override
  public Labels labelsInText(Job job) {
    return Labels.of(BatchMetrics.JOB_NAME_LABEL, job.name());
  }

  @Override
  public void publish(Exposition exposition) throws IOException {
    Objects.requireNonNull(exposition, "exposition must not be null");
    Job job = exposition.job();
    // Checked at registration already; again here for reports made outside a run.
    exposition
        .report()
        .metrics()
        .forEach(m -> checkMetricName(m.getMetadata().getPrometheusName()));
    URI group = groupUrl(job);
    // A failed run POSTs without a last success: the gateway replaces only the families it
    // receives, so the last success it holds stays exactly as it is. Nothing is read back first:
    // a failed run costs one request whatever else the gateway holds, reaches the gateway even
    // when reading would fail, and an overlapping run's newer success can never be undone by it.
    boolean failed = exposition.outcome() == Outcome.FAILURE;
    byte[] body = exposition.text(OptionalDouble.empty());
    transport.send(failed ? "POST" : "PUT", group, body, CONTENT_TYPE);
  }

  @Override
  public void delete(Job job) throws IOException {
    transport.send("DELETE", groupUrl(job), null, null);
  }

  private URI resolve(String path) {
    String p = base.getRawPath() == null ? "" : base.getRawPath();
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    try {
      return new URI(base.getScheme() + "://" + base.getRawAuthority() + p + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + path + "': cannot form a Pushgateway URL", e);
    }
  }

  @Override
  public String toString() {
    return "PushgatewayBackend[" + base + (authKind == null ? "" : ", " + authKind + " auth") + "]";
  }

  /**
   * Builds a {@link PushgatewayBackend}; setters check their values at once. Values set here are
   * defaults that {@link #config(Config)} overrides.
   */
  public static final class Builder {
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
    private Enforcement instanceLabel = Enforcement.WARN;
    private Enforcement unboundedGrouping = Enforcement.WARN;

    private Builder() {}

    /**
     * The gateway's base URL, {@code http(s)://host:port[/prefix]}. User info in it ({@code
     * user:pass@}) is taken as basic auth and removed from the URL.
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url must not be null");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        // Never echo the URL: it may hold a password.
        throw Refusal.of(
            withoutUserInfo(url), "Pushgateway URL must be http(s)://host:port[/path]");
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null) {
        throw Refusal.of(withoutUserInfo(url), "Pushgateway URL must have no query or fragment");
      }
      String info = url.getUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        basicAuth(
            colon < 0 ? info : info.substring(0, colon),
            colon < 0 ? "" : info.substring(colon + 1));
      }
      this.url = URI.create(withoutUserInfo(url));
      return this;
    }

    /** HTTP basic auth. */
    public Builder basicAuth(String username, String password) {
      this.username = Objects.requireNonNull(username, "username must not be null");
      this.password = Objects.requireNonNull(password, "password must not be null");
      return this;
    }

    /** {@code Authorization: Bearer <token>}, e.g. for a proxy in front of the gateway. */
    public Builder bearerToken(String token) {
      this.bearerToken = Objects.requireNonNull(token, "bearer token must not be null");
      return this;
    }

    /** An extra header on every request. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name must not be null");
      Objects.requireNonNull(value, "value of header " + name + " must not be null");
      if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c > '~')) {
        throw Refusal.of(name, "not a valid HTTP header name");
      }
      if (RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
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
      return this;
    }

    /** TLS settings, e.g. a trust store for a private CA. Default: the JVM's. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext must not be null");
      return this;
    }

    /** Default 5 s. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connect timeout");
      return this;
    }

    /** One request, until its whole response is read. Default 10 s. */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "request timeout");
      return this;
    }

    /** The whole report, retries included. Default 30 s. */
    public Builder deadline(Duration d) {
      this.deadline = positive(d, "deadline");
      return this;
    }

    /** Retries after a connection failure, a 5xx or a 429 (never other 4xx). Default 3. */
    public Builder retries(int n) {
      if (n < 0 || n > 20) {
        throw Refusal.of(Integer.toString(n), "retries must be between 0 and 20");
      }
      this.retries = n;
      return this;
    }

    /** First backoff between attempts, doubled each time, with ±50 % jitter. Default 200 ms. */
    public Builder backoff(Duration d) {
      this.backoff = positive(d, "backoff");
      return this;
    }

    /** What to do with an {@code instance} grouping label. Default WARN. */
    public Builder instanceLabel(Enforcement mode) {
      this.instanceLabel = Objects.requireNonNull(mode, "mode must not be null");
      return this;
    }

    /** What to do with a grouping value that looks unbounded. Default WARN. */
    public Builder unboundedGrouping(Enforcement mode) {
      this.unboundedGrouping = Objects.requireNonNull(mode, "mode must not be null");
      return this;
    }

    /** Applies every {@code promjob.pushgateway.*} key that is set: configuration wins. */
    public Builder config(Config config) {
      config.get(PushgatewayKeys.URL).ifPresent(v -> url(parseUrl(v)));
      String user = config.get(PushgatewayKeys.USERNAME).orElse(null);
      String pass =
          config.secret(PushgatewayKeys.PASSWORD, PushgatewayKeys.PASSWORD_FILE).orElse(null);
      if (user != null || pass != null) {
        if (user == null) {
          throw Refusal.of(PushgatewayKeys.USERNAME, "a password is set but no username");
        }
        basicAuth(user, pass == null ? "" : pass);
      }
      config
          .secret(PushgatewayKeys.BEARER_TOKEN, PushgatewayKeys.BEARER_TOKEN_FILE)
          .ifPresent(this::bearerToken);
      config.get(PushgatewayKeys.HEADERS).ifPresent(this::parseHeaders);
      config.duration(PushgatewayKeys.CONNECT_TIMEOUT).ifPresent(d -> connectTimeout = d);
      config.duration(PushgatewayKeys.REQUEST_TIMEOUT).ifPresent(d -> requestTimeout = d);
      config.duration(PushgatewayKeys.DEADLINE).ifPresent(d -> deadline = d);
      config.integer(PushgatewayKeys.RETRIES).ifPresent(this::retries);
      config
          .oneOf(PushgatewayKeys.INSTANCE_LABEL, Enforcement.class)
          .ifPresent(m -> instanceLabel = m);
      config
          .oneOf(PushgatewayKeys.UNBOUNDED_GROUPING, Enforcement.class)
          .ifPresent(m -> unboundedGrouping = m);
      config
          .path(PushgatewayKeys.TRUSTSTORE)
          .ifPresent(
              p ->
                  sslContext(
                      HttpSettings.trustStore(
                          p,
                          config.get(PushgatewayKeys.TRUSTSTORE_PASSWORD).orElse(null),
                          PushgatewayKeys.TRUSTSTORE)));
      return this;
    }

    /**
     * @throws IllegalStateException if no URL was given in code or configuration
     */
    public PushgatewayBackend build() {
      if (url == null) {
        throw new IllegalStateException(
            "service-level jobs push to a Pushgateway, but no URL is set: set "
                + PushgatewayKeys.URL
                + " (environment "
                + Config.environmentVariable(PushgatewayKeys.URL)
                + ")");
      }
      if (bearerToken != null && username != null) {
        throw new IllegalStateException(
            "set either basic auth or a bearer token for the Pushgateway, not both");
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
      return new PushgatewayBackend(url, http, instanceLabel, unboundedGrouping, auth);
    }

    private static URI parseUrl(String v) {
      try {
        return new URI(v.trim());
      } catch (URISyntaxException e) {
        // Not the value: it may hold a password.
        throw new IllegalArgumentException(
            "'" + PushgatewayKeys.URL + "': not a valid URL (" + e.getReason() + ")");
      }
    }

    private void parseHeaders(String v) {
      for (String pair : v.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          // The value may be secret: name the key, not the text.
          throw Refusal.of(PushgatewayKeys.HEADERS, "must be Name=value pairs separated by commas");
        }
        header(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw Refusal.of(d.toString(), what + " must be positive");
      }
      return d;
    }

    private static String withoutUserInfo(URI u) {
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
}
