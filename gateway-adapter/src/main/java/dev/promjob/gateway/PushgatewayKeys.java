package dev.promjob.gateway;

import java.util.Set;

/**
 * The Pushgateway backend's configuration keys (properties file, {@code -D}; environment variables
 * are the same keys upper-cased with {@code _}: {@code PROMJOB_PUSHGATEWAY_URL}).
 *
 * <pre>{@code
 * Config config = Config.of(Map.of(PushgatewayKeys.URL, "http://pushgateway:9091"));
 * }</pre>
 */
public final class PushgatewayKeys {
  private PushgatewayKeys() {}

  /**
   * The Pushgateway's base URL, e.g. {@code http://pushgateway:9091}, or several separated by
   * commas: every report goes to each of them (see {@link #MIN_ACCEPTED}).
   */
  public static final String URL = "promjob.pushgateway.url";

  /** Basic auth user for the Pushgateway. */
  public static final String USERNAME = "promjob.pushgateway.username";

  /** Basic auth password (prefer {@link #PASSWORD_FILE}). */
  public static final String PASSWORD = "promjob.pushgateway.password";

  /** A file holding the basic auth password (trailing newline ignored). */
  public static final String PASSWORD_FILE = "promjob.pushgateway.password_file";

  /** A bearer token for the Pushgateway (or the proxy in front of it). */
  public static final String BEARER_TOKEN = "promjob.pushgateway.bearer_token";

  /** A file holding the bearer token. */
  public static final String BEARER_TOKEN_FILE = "promjob.pushgateway.bearer_token_file";

  /** Extra request headers: {@code Name=value} pairs separated by commas. */
  public static final String HEADERS = "promjob.pushgateway.headers";

  /** Connect timeout, e.g. {@code 2s} or {@code 500ms}. */
  public static final String CONNECT_TIMEOUT = "promjob.pushgateway.connect_timeout";

  /** Timeout of one HTTP request, until its whole response is read. */
  public static final String REQUEST_TIMEOUT = "promjob.pushgateway.request_timeout";

  /** Deadline of a whole report, retries included. */
  public static final String DEADLINE = "promjob.pushgateway.deadline";

  /** How many times a failed request is retried (connection failures, 5xx and 429 only). */
  public static final String RETRIES = "promjob.pushgateway.retries";

  /** A trust store (PKCS12 or JKS) for the Pushgateway's TLS certificate. */
  public static final String TRUSTSTORE = "promjob.pushgateway.truststore";

  /** The trust store's password, if it has one. */
  public static final String TRUSTSTORE_PASSWORD = "promjob.pushgateway.truststore_password";

  /**
   * With several URLs: how many gateways must accept a report for it to count as delivered; the
   * default 1. The others are named in one warning line, or in the report's error when too few
   * accepted.
   */
  public static final String MIN_ACCEPTED = "promjob.pushgateway.min_accepted";

  /** {@code warn} (default) or {@code refuse}: a service-level job with an instance label. */
  public static final String INSTANCE_LABEL = "promjob.pushgateway.instance_label";

  /** {@code warn} (default) or {@code refuse}: a grouping value that looks unbounded. */
  public static final String UNBOUNDED_GROUPING = "promjob.pushgateway.unbounded_grouping";

  /** The HTTP keys above, as the shared HTTP settings read them. */
  static final HttpKeys HTTP = HttpKeys.under("pushgateway");

  /** Every key above. */
  public static final Set<String> ALL =
      Set.of(
          URL,
          USERNAME,
          PASSWORD,
          PASSWORD_FILE,
          BEARER_TOKEN,
          BEARER_TOKEN_FILE,
          HEADERS,
          CONNECT_TIMEOUT,
          REQUEST_TIMEOUT,
          DEADLINE,
          RETRIES,
          TRUSTSTORE,
          TRUSTSTORE_PASSWORD,
          MIN_ACCEPTED,
          INSTANCE_LABEL,
          UNBOUNDED_GROUPING);

  /** The keys whose values are secrets (headers may carry a token). */
  public static final Set<String> SECRET =
      Set.of(PASSWORD, BEARER_TOKEN, TRUSTSTORE_PASSWORD, HEADERS);
}
