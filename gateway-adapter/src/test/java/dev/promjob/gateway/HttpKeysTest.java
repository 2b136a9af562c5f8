package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Config;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The HTTP keys come from one list: the Pushgateway's public constants are that list under {@code
 * promjob.pushgateway.}, and what the shared builder reads is what the provider declares.
 */
class HttpKeysTest {
  @Test
  void thePushgatewaysConstantsAreTheSharedListUnderItsPrefix() {
    HttpKeys http = HttpKeys.under("pushgateway");
    assertThat(PushgatewayKeys.HTTP).isEqualTo(http);
    assertThat(http.url()).isEqualTo(PushgatewayKeys.URL);
    assertThat(http.passwordFile()).isEqualTo(PushgatewayKeys.PASSWORD_FILE);
    assertThat(http.bearerTokenFile()).isEqualTo(PushgatewayKeys.BEARER_TOKEN_FILE);
    assertThat(http.truststorePassword()).isEqualTo(PushgatewayKeys.TRUSTSTORE_PASSWORD);
    Set<String> own = new HashSet<>(PushgatewayKeys.ALL);
    own.removeAll(http.all());
    assertThat(own)
        .containsExactlyInAnyOrder(
            PushgatewayKeys.INSTANCE_LABEL, PushgatewayKeys.UNBOUNDED_GROUPING);
    assertThat(http.minAccepted()).isEqualTo(PushgatewayKeys.MIN_ACCEPTED);
    assertThat(http.all()).hasSize(14).allMatch(k -> k.startsWith("promjob.pushgateway."));
    assertThat(PushgatewayKeys.SECRET).isEqualTo(http.secret());
  }

  @Test
  void anotherBackendGetsTheSameKeysUnderItsOwnPrefix() {
    HttpKeys rw = HttpKeys.under("remote_write");
    assertThat(rw.url()).isEqualTo("promjob.remote_write.url");
    assertThat(rw.secret())
        .containsExactlyInAnyOrder(
            "promjob.remote_write.password",
            "promjob.remote_write.bearer_token",
            "promjob.remote_write.truststore_password",
            "promjob.remote_write.headers");
  }

  @Test
  void theSharedBuilderNamesTheBackendsOwnKeyWhenTheUrlIsMissing() {
    HttpEndpoint.Builder b = HttpEndpoint.builder("Pushgateway", PushgatewayKeys.HTTP, false);
    b.config(Config.of(Map.of(PushgatewayKeys.RETRIES, "2")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.build("jobs push"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "jobs push, but no URL is set: set promjob.pushgateway.url"
                + " (environment PROMJOB_PUSHGATEWAY_URL)");
  }
}
