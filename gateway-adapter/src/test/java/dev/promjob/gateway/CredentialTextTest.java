package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A credential with a line break (a two-line token file, {@code PROMJOB_*_BEARER_TOKEN=$'a\nb'}) is
 * refused when it is given, naming its key and never its value; and whatever the JDK says when it
 * sets up a connection reaches no message with a header value in it.
 */
class CredentialTextTest {
  static final String FIRST = "first-line-of-the-token";
  static final String SECOND = "second-line-of-the-token";

  @TempDir Path tmp;

  static HttpBackendBuilder<?> builder(String backend) {
    return HttpBackendBuilderTest.builder(backend).url(URI.create("http://127.0.0.1:1/w"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void aTwoLineTokenFileIsRefusedByItsKey(String backend) throws IOException {
    HttpKeys k = HttpBackendBuilderTest.keys(backend);
    Path file = Files.writeString(tmp.resolve("token"), FIRST + "\n" + SECOND + "\n");
    Config config = Config.of(Map.of(k.bearerTokenFile(), file.toString()));
    assertThatThrownBy(() -> builder(backend).config(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + k.bearerTokenFile() + "': a bearer token must not contain")
        .hasMessageNotContaining(FIRST)
        .hasMessageNotContaining(SECOND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void aTokenWithALineBreakFromTheEnvironmentIsRefusedByItsKey(String backend) {
    HttpKeys k = HttpBackendBuilderTest.keys(backend);
    Config config = Config.of(Map.of(k.bearerToken(), FIRST + "\n" + SECOND));
    assertThatThrownBy(() -> builder(backend).config(config))
        .hasMessageStartingWith("'" + k.bearerToken() + "': a bearer token must not contain")
        .hasMessageNotContaining(FIRST)
        .hasMessageNotContaining(SECOND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void basicAuthWithAControlCharacterIsRefusedByItsKey(String backend) throws IOException {
    HttpKeys k = HttpBackendBuilderTest.keys(backend);
    Path file = Files.writeString(tmp.resolve("pw"), FIRST + "\r\n" + SECOND + "\n");
    assertThatThrownBy(
            () ->
                builder(backend)
                    .config(
                        Config.of(
                            Map.of(k.username(), "batch", k.passwordFile(), file.toString()))))
        .hasMessageStartingWith("'" + k.passwordFile() + "': a basic auth password must not")
        .hasMessageNotContaining(FIRST);
    assertThatThrownBy(
            () ->
                builder(backend)
                    .config(Config.of(Map.of(k.username(), "bat\u0000ch", k.password(), SECOND))))
        .hasMessageStartingWith("'" + k.username() + "': a basic auth username must not")
        .hasMessageNotContaining(SECOND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pushgateway", "remote_write"})
  void credentialsGivenInCodeAreCheckedTheSameWay(String backend) {
    assertThatThrownBy(() -> builder(backend).bearerToken(FIRST + "\n" + SECOND))
        .hasMessageStartingWith("'bearerToken': a bearer token must not contain a line break")
        .hasMessageNotContaining(FIRST);
    assertThatThrownBy(() -> builder(backend).basicAuth("batch", FIRST + "\u007f"))
        .hasMessageStartingWith("'basicAuth': a basic auth password must not")
        .hasMessageNotContaining(FIRST);
    // The receiver would read the user "a" with the password "b:...".
    assertThatThrownBy(() -> builder(backend).basicAuth("a:b", SECOND))
        .hasMessage("'basicAuth': a basic auth username must not contain ':' (RFC 7617)");
    assertThatThrownBy(() -> builder(backend).basicAuth(":b", SECOND))
        .hasMessageContaining("must not contain ':'");
    // User info ":pw" is an empty user with the password "pw", as curl reads it.
    HttpBackendBuilder<?> b = builder(backend).url(URI.create("http://:pw@127.0.0.1:1/w"));
    assertThat(b.http.build("test").http().headers())
        .containsExactly("Authorization", "Basic OnB3");
    assertThatThrownBy(
            () -> builder(backend).url(URI.create("http://u%0Ax:" + FIRST + "@127.0.0.1:1/w")))
        .hasMessageContaining("URL's user info': a basic auth username must not")
        .hasMessageNotContaining(FIRST);
    // A tab is a header's own whitespace: allowed, as before.
    assertThat(builder(backend).bearerToken("a\tb")).isNotNull();
  }

  /**
   * What slips past the checks (a header set by a later change, a JDK that words its refusal
   * differently) still reaches no message: the JDK's "Illegal character(s) in message header value:
   * Bearer ..." is withheld from the message, the cause and the stack trace, with its class and the
   * URL kept.
   */
  @Test
  void aConnectionSetUpFailureNeverCarriesAHeaderValue() {
    Transport transport =
        new Transport(
            new HttpSettings(
                null,
                List.of("Authorization", "Bearer " + FIRST + "\n" + SECOND),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                0,
                Duration.ofMillis(5)));
    URI uri = URI.create("http://127.0.0.1:1/api/v1/write");
    IOException e = assertThrows(IOException.class, () -> transport.send("POST", uri, null, null));
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .doesNotContain(FIRST)
        .doesNotContain(SECOND)
        .contains("java.lang.IllegalArgumentException")
        .contains("at java.base/"); // the JDK's stack trace, kept
    assertThat(e.getMessage())
        .startsWith("POST " + uri + ": java.lang.IllegalArgumentException: (its text is withheld")
        .endsWith("(not retried: it cannot heal)");
  }

  @Test
  void safeTextsAreKeptAndTokensOnTheirOwnAreWithheld() {
    List<String> headers = List.of("X-Scope-OrgID", "1", "Authorization", "Bearer " + FIRST);
    java.net.ConnectException refused = new java.net.ConnectException("Connection refused");
    assertThat(HttpFailures.shown(refused, headers)).isSameAs(refused);
    Throwable echoed =
        HttpFailures.shown(
            new IOException("proxy said no", new IllegalStateException("token " + FIRST)), headers);
    assertThat(echoed.getMessage()).isEqualTo("proxy said no");
    assertThat(echoed.getCause().toString())
        .isEqualTo(
            "java.lang.IllegalStateException: (its text is withheld: it may carry a header value)");
  }

  @Test
  void aWithheldExceptionKeepsItsStackTraceAndItsSuppressedAreShownTheSameWay() {
    List<String> headers = List.of("Authorization", "Bearer " + FIRST);
    IOException original = new IOException("connection reset");
    original.addSuppressed(new IllegalArgumentException("header value: Bearer " + FIRST));
    Throwable shown = HttpFailures.shown(original, headers);
    assertThat(shown.getMessage()).isEqualTo("connection reset");
    assertThat(shown.getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(shown.getSuppressed()).hasSize(1);
    assertThat(shown.getSuppressed()[0].toString())
        .isEqualTo(
            "java.lang.IllegalArgumentException: (its text is withheld: it may carry a header value)");
    assertThat(HttpFailures.shown(new IOException(), headers).getMessage()).isNull();
  }

  /**
   * Values and tokens of four characters or more are matched; shorter ones ("1", "on") are no
   * credentials and would hide innocent texts.
   */
  @Test
  void headerValuesAreMatchedFromFourCharacters() {
    String text = "Connection refused by abc, wxyz";
    assertThat(HttpFailures.shown(new IOException(text), List.of("X-A", "abc")).getMessage())
        .isEqualTo(text);
    assertThat(HttpFailures.shown(new IOException(text), List.of("X-A", "wxyz")).getMessage())
        .startsWith("(its text is withheld");
    assertThat(
            HttpFailures.shown(new IOException(text), List.of("Authorization", "Bearer abc"))
                .getMessage())
        .isEqualTo(text);
    assertThat(
            HttpFailures.shown(new IOException(text), List.of("Authorization", "Bearer wxyz"))
                .getMessage())
        .startsWith("(its text is withheld");
  }
}
