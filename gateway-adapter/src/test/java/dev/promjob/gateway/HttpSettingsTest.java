package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport's settings: fixed once, one attempt within the deadline, secrets never shown. */
class HttpSettingsTest {
  static HttpSettings settings(List<String> headers, Duration request, Duration deadline) {
    return new HttpSettings(
        null, headers, Duration.ofSeconds(1), request, deadline, 3, Duration.ofMillis(200));
  }

  @Test
  void oneAttemptNeverOutlivesTheDeadline() {
    assertThat(settings(List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2)).requestTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(settings(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(2)).requestTimeout())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void headersAreCopiedAndComeInPairs() {
    List<String> mine = new ArrayList<>(List.of("X-A", "1"));
    HttpSettings s = settings(mine, Duration.ofSeconds(1), Duration.ofSeconds(2));
    mine.add("X-B");
    assertThat(s.headers()).containsExactly("X-A", "1");
    assertThatThrownBy(() -> settings(mine, Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .hasMessage("headers come as name, value pairs");
  }

  @Test
  void knowsWhetherItSendsCredentialsAndNeverShowsThem() {
    HttpSettings s =
        settings(
            List.of("X-Scope-OrgID", "tenant-1", "authorization", "Basic dTpw"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    assertThat(s.hasAuthorization()).isTrue();
    assertThat(s.toString())
        .contains("X-Scope-OrgID, authorization")
        .doesNotContain("dTpw")
        .doesNotContain("tenant-1");
    assertThat(
            settings(List.of("X-A", "1"), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .hasAuthorization())
        .isFalse();
  }
}
