package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both HTTP backends take every setting, from code and from their own keys, into the transport's
 * settings: a setter or a key that were dropped would leave a default (or no TLS) in silence.
 */
class HttpBackendBuilderTest {
  @TempDir Path tmp;

  static HttpBackendBuilder<?> builder(String backend) {
    return backend.equals("pushgateway")
        ? PushgatewayBackend.builder()
        : RemoteWriteBackend.builder();
  }

  static HttpKeys keys(String backend) {
    return backend.equals("pushgateway") ? PushgatewayKeys.HTTP : RemoteWriteKeys.HTTP;
  }

  /** lib's one bound (Durations.MAX), in code and in configuration, so no deadline overflows. */
  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void everyDurationIsAtMostAYear(String backend) {
    Duration huge = Duration.ofDays(200000);
    String rule = "'PT4800000H': %s must be a positive duration of at most 366d";
    assertThatThrownBy(() -> builder(backend).deadline(huge)).hasMessage(rule, "deadline");
    assertThatThrownBy(() -> builder(backend).connectTimeout(huge))
        .hasMessage(rule, "connect timeout");
    assertThatThrownBy(() -> builder(backend).requestTimeout(huge))
        .hasMessage(rule, "request timeout");
    assertThatThrownBy(() -> builder(backend).backoff(huge)).hasMessage(rule, "backoff");
    String key = keys(backend).deadline();
    assertThatThrownBy(() -> builder(backend).config(Config.of(Map.of(key, "200000d"))))
        .hasMessageStartingWith("'200000d': " + key + " must be a positive duration of at most");
    assertThat(builder(backend).deadline(Duration.ofDays(366))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void everySetterReachesTheTransportsSettings(String backend) {
    HttpBackendBuilder<?> b = builder(backend);
    b.url(URI.create("https://127.0.0.1:1/x"))
        .connectTimeout(Duration.ofMillis(101))
        .requestTimeout(Duration.ofMillis(202))
        .deadline(Duration.ofMillis(303))
        .retries(4)
        .backoff(Duration.ofMillis(5))
        .header("X-Scope-OrgID", "batch")
        .bearerToken("t0k")
        .sslContext(trusting());
    HttpSettings s = b.http.build("test").http();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(101));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(202));
    assertThat(s.deadline()).isEqualTo(Duration.ofMillis(303));
    assertThat(s.retries()).isEqualTo(4);
    assertThat(s.backoff()).isEqualTo(Duration.ofMillis(5));
    assertThat(s.headers())
        .containsExactly("X-Scope-OrgID", "batch", "Authorization", "Bearer t0k");
    assertThat(s.tls()).isNotNull();
    assertThat(s.toString()).contains("custom TLS").doesNotContain("t0k", "batch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void everyKeyReachesTheTransportsSettings(String backend) throws Exception {
    HttpKeys k = keys(backend);
    Path store = tmp.resolve("trust.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "pw".toCharArray());
    }
    Config config =
        Config.of(
            Map.of(
                k.url(), "https://127.0.0.1:1/x",
                k.connectTimeout(), "101ms",
                k.requestTimeout(), "202ms",
                k.deadline(), "303ms",
                k.retries(), "4",
                k.username(), "alice",
                k.password(), "s3cret",
                k.truststore(), store.toString(),
                k.truststorePassword(), "pw"));
    HttpBackendBuilder<?> b = builder(backend).config(config);
    HttpSettings s = b.http.build("test").http();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(101));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(202));
    assertThat(s.deadline()).isEqualTo(Duration.ofMillis(303));
    assertThat(s.retries()).isEqualTo(4);
    assertThat(s.headers()).containsExactly("Authorization", "Basic YWxpY2U6czNjcmV0");
    assertThat(s.tls()).as("the trust store's TLS").isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void theProviderDeclaresTheBackendsKeysAndItsSecrets(String backend) {
    dev.promjob.spi.BackendProvider p =
        backend.equals("pushgateway") ? new PushgatewayProvider() : new RemoteWriteProvider();
    assertThat(p.name()).isEqualTo(backend);
    assertThat(p.keys()).containsAll(keys(backend).all());
    assertThat(p.secretKeys()).isEqualTo(keys(backend).secret());
    assertThat(List.copyOf(p.secretKeys())).allMatch(p.keys()::contains);
  }

  private static javax.net.ssl.SSLContext trusting() {
    try {
      javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
      c.init(null, null, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
