package dev.promjob.gateway;

import java.util.Set;

/**
 * The configuration keys every HTTP backend reads, under its own prefix ({@code
 * promjob.pushgateway.url}, later {@code promjob.remote_write.url}): one list, so each HTTP backend
 * gets the same keys, defaults, validation and secret handling.
 */
record HttpKeys(
    String url,
    String username,
    String password,
    String passwordFile,
    String bearerToken,
    String bearerTokenFile,
    String headers,
    String connectTimeout,
    String requestTimeout,
    String deadline,
    String retries,
    String truststore,
    String truststorePassword,
    String minAccepted) {

  /** The keys of the backend named {@code backend}, e.g. {@code pushgateway}. */
  static HttpKeys under(String backend) {
    String p = "promjob." + backend + ".";
    return new HttpKeys(
        p + "url",
        p + "username",
        p + "password",
        p + "password_file",
        p + "bearer_token",
        p + "bearer_token_file",
        p + "headers",
        p + "connect_timeout",
        p + "request_timeout",
        p + "deadline",
        p + "retries",
        p + "truststore",
        p + "truststore_password",
        p + "min_accepted");
  }

  Set<String> all() {
    return Set.of(
        url,
        username,
        password,
        passwordFile,
        bearerToken,
        bearerTokenFile,
        headers,
        connectTimeout,
        requestTimeout,
        deadline,
        retries,
        truststore,
        truststorePassword,
        minAccepted);
  }

  /** The values never shown: the headers may carry a token. */
  Set<String> secret() {
    return Set.of(password, bearerToken, truststorePassword, headers);
  }
}
