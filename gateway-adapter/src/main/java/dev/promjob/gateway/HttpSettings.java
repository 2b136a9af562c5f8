package dev.promjob.gateway;

import dev.promjob.spi.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

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

  /**
   * TLS that trusts the certificates of a trust store (PKCS12 or JKS), e.g. a private CA. A store
   * that cannot be used is a configuration that cannot run: refused naming the file and the key,
   * the reason in words, never the password.
   *
   * @param key the configuration key that named it, for messages
   * @param passwordKey the key of its password, for messages
   * @throws IllegalArgumentException {@code '<file>': <key> <what is wrong>}, with the cause
   */
  static SSLContext trustStore(Path file, String password, String key, String passwordKey) {
    String named = "'" + Refusal.printable(file.toString()) + "': " + key + " ";
    KeyStore ks;
    try (InputStream in = open(file, named)) {
      ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(in, password == null ? null : password.toCharArray());
    } catch (IOException e) {
      // The JDK's words name neither file nor key ("keystore password was incorrect") or are
      // null for a file that is no store at all.
      boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
      throw new IllegalArgumentException(
          named
              + (wrongPassword
                  ? "cannot be opened with " + passwordKey + ": the password is wrong"
                  : "names a file that is not a PKCS12 or JKS trust store"),
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(named + "names a trust store that cannot be read", e);
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(named + "is not a usable trust store", e);
    }
  }

  private static InputStream open(Path file, String named) {
    if (Files.isDirectory(file)) { // Linux opens a directory; reading it then fails
      throw new IllegalArgumentException(named + "names a directory, not a file");
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(named + "names a file that does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(
          named + "names a file this user cannot read (permission denied)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(named + "names a file that cannot be read", e);
    }
  }
}
