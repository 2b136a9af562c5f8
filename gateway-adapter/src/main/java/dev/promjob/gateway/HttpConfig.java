package dev.promjob.gateway;

import dev.promjob.Config;
import dev.promjob.spi.Refusal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an HTTP backend's keys into its builder. With several URLs ({@code
 * promjob.pushgateway.url=http://a:9091,http://b:9091}) each URL's user info is its basic auth, and
 * {@code username}, {@code password_file} and {@code bearer_token_file} take either one value for
 * every URL or one per URL, separated by commas in the URLs' order (an empty one: none for that
 * URL). The inline secrets and the headers take one value for all: a password or a header may hold
 * a comma, a file name hardly ever does.
 */
final class HttpConfig {
  /** Commas that start another URL: a comma inside a URL's query stays where it is. */
  private static final Pattern NEXT_URL = Pattern.compile("\\s*,\\s*(?=(?i)https?://)");

  private HttpConfig() {}

  static void apply(HttpEndpoint.Builder b, Config config) {
    HttpKeys keys = b.keys();
    config.get(keys.url()).ifPresent(v -> b.urls(parseUrls(v, keys.url())));
    int n = b.urlCount();
    List<String> users = perUrl(config, keys.username(), keys.url(), n);
    List<String> passwordFiles = perUrl(config, keys.passwordFile(), keys.url(), n);
    if (users.size() > 1 || passwordFiles.size() > 1) {
      basicAuthPerUrl(b, config, keys, n, users, passwordFiles);
    } else {
      String user = config.get(keys.username()).orElse(null);
      String pass = config.secret(keys.password(), keys.passwordFile()).orElse(null);
      if (user != null || pass != null) {
        if (user == null) {
          throw Refusal.of(keys.username(), "a password is set but no username");
        }
        b.basicAuth(
            -1,
            user,
            pass == null ? "" : pass,
            keys.username(),
            setOf(config, keys.passwordFile(), keys.password()));
      }
    }
    List<String> tokenFiles = perUrl(config, keys.bearerTokenFile(), keys.url(), n);
    if (tokenFiles.size() > 1) {
      refuseBoth(config, keys.bearerToken(), keys.bearerTokenFile());
      for (int i = 0; i < n; i++) {
        if (!tokenFiles.get(i).isEmpty()) {
          b.bearerToken(
              i,
              secretFile(keys.bearerToken(), keys.bearerTokenFile(), tokenFiles.get(i)),
              keys.bearerTokenFile());
        }
      }
    } else {
      config
          .secret(keys.bearerToken(), keys.bearerTokenFile())
          .ifPresent(
              t -> b.bearerToken(-1, t, setOf(config, keys.bearerTokenFile(), keys.bearerToken())));
    }
    config.get(keys.headers()).ifPresent(v -> parseHeaders(b, keys, v));
    config.duration(keys.connectTimeout()).ifPresent(b::connectTimeout);
    config.duration(keys.requestTimeout()).ifPresent(b::requestTimeout);
    config.duration(keys.deadline()).ifPresent(b::deadline);
    config.integer(keys.retries()).ifPresent(b::retries);
    config.integer(keys.minAccepted()).ifPresent(b::minAccepted);
    config
        .path(keys.truststore())
        .ifPresent(
            p ->
                b.sslContext(
                    HttpSettings.trustStore(
                        p,
                        config.get(keys.truststorePassword()).orElse(null),
                        keys.truststore(),
                        keys.truststorePassword())));
  }

  /** Basic auth where the username or the password file differs between the URLs. */
  private static void basicAuthPerUrl(
      HttpEndpoint.Builder b,
      Config config,
      HttpKeys keys,
      int n,
      List<String> users,
      List<String> passwordFiles) {
    refuseBoth(config, keys.password(), keys.passwordFile());
    String inline = config.get(keys.password()).orElse(null);
    for (int i = 0; i < n; i++) {
      String user = users.isEmpty() ? "" : users.get(users.size() == 1 ? 0 : i);
      String file =
          passwordFiles.isEmpty() ? "" : passwordFiles.get(passwordFiles.size() == 1 ? 0 : i);
      String pass =
          file.isEmpty() ? inline : secretFile(keys.password(), keys.passwordFile(), file);
      if (user.isEmpty() && pass != null) {
        throw Refusal.of(
            keys.username(), "a password is set for URL " + (i + 1) + " but no username");
      }
      if (!user.isEmpty()) {
        b.basicAuth(
            i,
            user,
            pass == null ? "" : pass,
            keys.username(),
            file.isEmpty() ? keys.password() : keys.passwordFile());
      }
    }
  }

  /**
   * The values of {@code key}: none if unset, one for every URL, or with several URLs one per URL
   * (split at commas, each trimmed).
   *
   * @throws IllegalArgumentException naming both keys if the count fits neither
   */
  static List<String> perUrl(Config config, String key, String urlKey, int urls) {
    Optional<String> v = config.get(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (urls <= 1) {
      return List.of(v.get());
    }
    List<String> parts = new ArrayList<>();
    for (String p : v.get().split(",", -1)) {
      parts.add(p.trim());
    }
    if (parts.size() != 1 && parts.size() != urls) {
      throw Refusal.of(
          key,
          parts.size()
              + " values for the "
              + urls
              + " URLs of "
              + urlKey
              + ": give one value for every URL, or one per URL in the same order");
    }
    return parts.size() == 1 ? List.of(v.get()) : parts;
  }

  /** As {@link Config#secret} refuses a secret given both inline and as a file. */
  private static void refuseBoth(Config config, String key, String fileKey) {
    if (config.get(key).isPresent() && config.get(fileKey).isPresent()) {
      throw Refusal.of(fileKey, "set either " + key + " or " + fileKey + ", not both");
    }
  }

  /** The secret in {@code file}, read and checked as every {@code *_file} key is. */
  private static String secretFile(String textKey, String fileKey, String file) {
    return Config.of(Map.of(fileKey, file)).secret(textKey, fileKey).orElseThrow();
  }

  /** The key a secret came from: its file's key if that is set, else the text's. */
  private static String setOf(Config config, String fileKey, String textKey) {
    return config.get(fileKey).isPresent() ? fileKey : textKey;
  }

  /** One URL, or several separated by commas. */
  static List<URI> parseUrls(String v, String key) {
    List<URI> urls = new ArrayList<>();
    for (String one : NEXT_URL.split(v.trim(), -1)) {
      try {
        urls.add(new URI(one.trim()));
      } catch (URISyntaxException e) {
        // Not the value: it may hold a password.
        throw new IllegalArgumentException(
            "'" + key + "': not a valid URL (" + e.getReason() + ")");
      }
    }
    return urls;
  }

  private static void parseHeaders(HttpEndpoint.Builder b, HttpKeys keys, String v) {
    for (String pair : v.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        // The value may be secret: name the key, not the text.
        throw Refusal.of(keys.headers(), "must be Name=value pairs separated by commas");
      }
      b.header(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
  }
}
