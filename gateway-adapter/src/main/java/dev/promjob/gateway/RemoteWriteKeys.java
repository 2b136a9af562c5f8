package dev.promjob.gateway;

import java.util.Set;

/**
 * The remote-write backend's configuration keys: the same fourteen as the Pushgateway's HTTP keys,
 * with the same defaults, checks and secrets, under {@code promjob.remote_write.} (environment:
 * {@code PROMJOB_REMOTE_WRITE_URL} and so on), and the receiver's query API.
 *
 * <pre>{@code
 * Config config = Config.of(Map.of(
 *     Config.BACKEND, "remote_write",
 *     RemoteWriteKeys.URL, "http://prometheus:9090/api/v1/write"));
 * }</pre>
 */
public final class RemoteWriteKeys {
  private RemoteWriteKeys() {}

  static final HttpKeys HTTP = HttpKeys.under("remote_write");

  /**
   * The receiver's write URL, e.g. {@code http://prometheus:9090/api/v1/write}, with a query if the
   * receiver wants one ({@code http://influxdb:8086/api/v1/prom/write?db=promjob}); credentials in
   * the query are shown as {@code ****}. Several receivers: their URLs separated by commas.
   */
  public static final String URL = HTTP.url();

  /** Basic auth user. */
  public static final String USERNAME = HTTP.username();

  /** Basic auth password (prefer {@link #PASSWORD_FILE}). */
  public static final String PASSWORD = HTTP.password();

  /** A file holding the basic auth password (trailing newline ignored). */
  public static final String PASSWORD_FILE = HTTP.passwordFile();

  /** A bearer token, e.g. Grafana Cloud's or a proxy's. */
  public static final String BEARER_TOKEN = HTTP.bearerToken();

  /** A file holding the bearer token. */
  public static final String BEARER_TOKEN_FILE = HTTP.bearerTokenFile();

  /** Extra request headers, {@code Name=value} pairs separated by commas: {@code X-Scope-OrgID}. */
  public static final String HEADERS = HTTP.headers();

  /** Connect timeout, e.g. {@code 2s}. */
  public static final String CONNECT_TIMEOUT = HTTP.connectTimeout();

  /** Timeout of one request, until its whole response is read. */
  public static final String REQUEST_TIMEOUT = HTTP.requestTimeout();

  /** Deadline of a whole report, retries included. */
  public static final String DEADLINE = HTTP.deadline();

  /** How many times a failed request is retried (connection failures, 5xx and 429 only). */
  public static final String RETRIES = HTTP.retries();

  /** A trust store (PKCS12 or JKS) for the receiver's TLS certificate. */
  public static final String TRUSTSTORE = HTTP.truststore();

  /** The trust store's password, if it has one. */
  public static final String TRUSTSTORE_PASSWORD = HTTP.truststorePassword();

  /**
   * With several URLs (an HA pair of receivers): how many must accept a report for it to count as
   * delivered; the default 1.
   */
  public static final String MIN_ACCEPTED = HTTP.minAccepted();

  /**
   * The receiver's Prometheus query API, e.g. {@code http://prometheus:9090/api/v1/query} (Mimir:
   * {@code https://mimir.example/prometheus/api/v1/query}), reached with the same credentials,
   * headers and TLS: a failed run reads the consecutive failures the receiver holds there. Without
   * it, remote write exports no {@code promjob_consecutive_failures}.
   */
  public static final String QUERY_URL = "promjob.remote_write.query_url";

  /** Every key above. */
  public static final Set<String> ALL = union(HTTP.all(), QUERY_URL);

  private static Set<String> union(Set<String> keys, String key) {
    Set<String> all = new java.util.LinkedHashSet<>(keys);
    all.add(key);
    return java.util.Collections.unmodifiableSet(all);
  }

  /** The keys whose values are secrets (headers may carry a token). */
  public static final Set<String> SECRET = HTTP.secret();
}
