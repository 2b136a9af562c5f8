package dev.promjob.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a backend reaches its HTTP server, fixed when the backend is built: TLS, headers (the
 * credentials among them), and the bounds of every wait. Immutable; the builder validates each
 * value as it is set, and one attempt never outlives the deadline.
 *
 * @param tls the socket factory for https, or null for the JVM's default
 * @param headers name, value, name, value... sent on every request
 * @param connectTimeout bound of one connect
 * @param requestTimeout bound of one request, until its whole response is read; at most the
 *     deadline
 * @param deadline bound of a whole report, retries included
 * @param retries how often a request that can heal (connection failures, 5xx, 429) is sent again
 * @param backoff the first pause before a retry; it doubles, jittered
 */
record HttpSettings(
    SSLSocketFactory tls,
    List<String> headers,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration deadline,
    int retries,
    Duration backoff) {

  HttpSettings {
    headers = List.copyOf(headers);
    if (headers.size() % 2 != 0) {
      throw new IllegalArgumentException("headers come as name, value pairs");
    }
    Objects.requireNonNull(connectTimeout, "connect timeout must not be null");
    Objects.requireNonNull(deadline, "deadline must not be null");
    Objects.requireNonNull(backoff, "backoff must not be null");
    // One attempt can never outlive the report.
    requestTimeout = Objects.requireNonNull(requestTimeout, "request timeout must not be null");
    if (deadline.compareTo(requestTimeout) < 0) {
      requestTimeout = deadline;
    }
  }

  /** True if one of the headers is {@code Authorization}: a 401 then means "refused". */
  boolean hasAuthorization() {
    for (int i = 0; i < headers.size(); i += 2) {
      if (headers.get(i).equalsIgnoreCase("Authorization")) {
        return true;
      }
    }
    return false;
  }

  /** Never the header values: they may be credentials. */
  @Override
  public String toString() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < headers.size(); i += 2) {
      names.append(names.length() == 0 ? "" : ", ").append(headers.get(i));
    }
    return "HttpSettings[headers "
        + names
        + ", connect "
        + connectTimeout
        + ", request "
        + requestTimeout
        + ", deadline "
        + deadline
        + ", retries "
        + retries
        + ", backoff "
        + backoff
        + (tls == null ? "" : ", custom TLS")
        + "]";
  }
}
