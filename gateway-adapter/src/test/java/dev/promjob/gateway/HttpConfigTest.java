package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several URLs in one key, and the credentials of each. */
class HttpConfigTest {
  @TempDir Path dir;

  static List<HttpEndpoint> endpoints(Map<String, String> keys) {
    HttpEndpoint.Builder b = HttpEndpoint.builder("Pushgateway", PushgatewayKeys.HTTP, false);
    b.config(Config.of(keys));
    return b.buildAll("test");
  }

  static String authorization(HttpEndpoint e) {
    List<String> h = e.http().headers();
    for (int i = 0; i < h.size(); i += 2) {
      if (h.get(i).equals("Authorization")) {
        return h.get(i + 1);
      }
    }
    return "none";
  }

  static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCommaSeparatedListIsOneEndpointPerUrlEachWithItsOwnUserInfo() {
    List<HttpEndpoint> all =
        endpoints(
            Map.of(
                PushgatewayKeys.URL,
                "http://batch:s3cret@pg-a:9091 , http://pg-b:9091/prefix,https://pg-c:9091"));
    assertThat(all)
        .extracting(e -> e.url().toString())
        .containsExactly("http://pg-a:9091", "http://pg-b:9091/prefix", "https://pg-c:9091");
    assertThat(all)
        .extracting(HttpConfigTest::authorization)
        .containsExactly(basic("batch:s3cret"), "none", "none");
    assertThat(all).extracting(HttpEndpoint::authKind).containsExactly("basic", null, null);
  }

  @Test
  void aCommaInsideAQueryStaysInItsUrl() {
    HttpEndpoint.Builder b = HttpEndpoint.builder("rw", RemoteWriteKeys.HTTP, true);
    b.config(
        Config.of(
            Map.of(
                RemoteWriteKeys.URL,
                "http://vm:8428/api/v1/write?extra_label=a=b,c,http://prom:9090/api/v1/write")));
    assertThat(b.buildAll("test"))
        .extracting(e -> e.url().toString())
        .containsExactly(
            "http://vm:8428/api/v1/write?extra_label=a=b,c", "http://prom:9090/api/v1/write");
  }

  @Test
  void oneUsernameAndPasswordFileGoToEveryUrlButAUrlsOwnUserInfo() throws Exception {
    Path pw = Files.writeString(dir.resolve("pw"), "shared\n");
    List<HttpEndpoint> all =
        endpoints(
            Map.of(
                PushgatewayKeys.URL, "http://pg-a:9091,http://own:pw@pg-b:9091",
                PushgatewayKeys.USERNAME, "batch",
                PushgatewayKeys.PASSWORD_FILE, pw.toString()));
    // As with one URL: the username key, applied after the URL, wins over its user info.
    assertThat(all)
        .extracting(HttpConfigTest::authorization)
        .containsExactly(basic("batch:shared"), basic("batch:shared"));
  }

  @Test
  void alignedListsGiveEachUrlItsOwnCredentialsAndAnEmptyEntryNone() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "pass-a\n");
    Path b = Files.writeString(dir.resolve("b"), "token-b\n");
    List<HttpEndpoint> all =
        endpoints(
            Map.of(
                PushgatewayKeys.URL,
                "http://pg-a:9091,http://pg-b:9091,http://pg-c:9091",
                PushgatewayKeys.USERNAME,
                "batch,,",
                PushgatewayKeys.PASSWORD_FILE,
                a + ",,",
                PushgatewayKeys.BEARER_TOKEN_FILE,
                "," + b + ","));
    assertThat(all)
        .extracting(HttpConfigTest::authorization)
        .containsExactly(basic("batch:pass-a"), "Bearer token-b", "none");
  }

  @Test
  void aListWhoseCountFitsNeitherIsRefusedNamingBothKeys() {
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL, "http://pg-a:9091,http://pg-b:9091,http://pg-c:9091",
                        PushgatewayKeys.USERNAME, "a,b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'promjob.pushgateway.username': 2 values for the 3 URLs of promjob.pushgateway.url:"
                + " give one value for every URL, or one per URL in the same order");
  }

  @Test
  void withOneUrlAValueWithACommaIsOneValue() {
    List<HttpEndpoint> all =
        endpoints(
            Map.of(
                PushgatewayKeys.URL, "http://pg-a:9091",
                PushgatewayKeys.USERNAME, "a,b",
                PushgatewayKeys.PASSWORD, "x,y"));
    assertThat(authorization(all.get(0))).isEqualTo(basic("a,b:x,y"));
  }

  @Test
  void aPasswordForAUrlWithoutAUsernameIsRefused() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "pass-a\n");
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL, "http://pg-a:9091,http://pg-b:9091",
                        PushgatewayKeys.USERNAME, "batch,",
                        PushgatewayKeys.PASSWORD_FILE, a.toString())))
        .hasMessage("'promjob.pushgateway.username': a password is set for URL 2 but no username");
  }

  @Test
  void basicAuthAndABearerTokenForOneUrlAreRefusedNamingIt() throws Exception {
    Path t = Files.writeString(dir.resolve("t"), "tok\n");
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL,
                        "http://u:p@pg-a:9091,http://pg-b:9091",
                        PushgatewayKeys.BEARER_TOKEN_FILE,
                        t + ",")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "set either basic auth or a bearer token for the Pushgateway http://pg-a:9091, not"
                + " both");
  }

  @Test
  void theSameUrlTwiceIsRefused() {
    assertThatThrownBy(
            () -> endpoints(Map.of(PushgatewayKeys.URL, "http://pg-a:9091,http://u:p@pg-a:9091")))
        .hasMessage("'http://pg-a:9091': Pushgateway URL given twice: list each server once");
  }

  @Test
  void minAcceptedIsBetweenOneAndTheNumberOfUrls() {
    assertThat(endpoints(Map.of(PushgatewayKeys.URL, "http://a:1,http://b:1"))).hasSize(2);
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL, "http://a:1,http://b:1",
                        PushgatewayKeys.MIN_ACCEPTED, "3")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "'3': promjob.pushgateway.min_accepted must be at most the number of URLs in"
                + " promjob.pushgateway.url (2)");
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(PushgatewayKeys.URL, "http://a:1", PushgatewayKeys.MIN_ACCEPTED, "0")))
        .hasMessage("'0': promjob.pushgateway.min_accepted must be between 1 and 100");
  }

  @Test
  void theBuilderTakesSeveralUrlsAndSharesWhatIsSetForAll() {
    PushgatewayBackend b =
        PushgatewayBackend.builder()
            .basicAuth("batch", "shared-secret")
            .url(URI.create("http://pg-a:9091"), URI.create("http://u:p@pg-b:9091"))
            .minAccepted(2)
            .build();
    assertThat(b.urls())
        .containsExactly(URI.create("http://pg-a:9091"), URI.create("http://pg-b:9091"));
    assertThat(b.toString())
        .isEqualTo(
            "PushgatewayBackend[http://pg-a:9091, basic auth; http://pg-b:9091, basic auth;"
                + " 2 of 2 to accept]");
  }

  @Test
  void oneUsernameWithAPasswordFilePerUrl() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "pass-a\n");
    Path b = Files.writeString(dir.resolve("b"), "pass-b\n");
    List<HttpEndpoint> all =
        endpoints(
            Map.of(
                PushgatewayKeys.URL, "http://pg-a:9091,http://pg-b:9091",
                PushgatewayKeys.USERNAME, "batch",
                PushgatewayKeys.PASSWORD_FILE, a + "," + b));
    assertThat(all)
        .extracting(HttpConfigTest::authorization)
        .containsExactly(basic("batch:pass-a"), basic("batch:pass-b"));
  }

  @Test
  void withSeveralUrlsAPasswordWithoutUsernameIsRefusedAsWithOne() {
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL, "http://pg-a:9091,http://pg-b:9091",
                        PushgatewayKeys.PASSWORD, "pw")))
        .hasMessage("'promjob.pushgateway.username': a password is set but no username");
  }

  @Test
  void aTokenFileForTheFirstUrlOnlyGoesToTheFirstOnly() throws Exception {
    Path t = Files.writeString(dir.resolve("t"), "tok\n");
    List<HttpEndpoint> all =
        endpoints(
            Map.of(
                PushgatewayKeys.URL,
                "http://pg-a:9091,http://pg-b:9091",
                PushgatewayKeys.BEARER_TOKEN_FILE,
                t + ","));
    assertThat(all).extracting(HttpConfigTest::authorization).containsExactly("Bearer tok", "none");
  }

  @Test
  void aSecretInlineAndAsFilesPerUrlIsRefusedAsWithOne() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "x\n");
    String urls = "http://pg-a:9091,http://pg-b:9091";
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL,
                        urls,
                        PushgatewayKeys.USERNAME,
                        "u",
                        PushgatewayKeys.PASSWORD,
                        "pw",
                        PushgatewayKeys.PASSWORD_FILE,
                        a + "," + a)))
        .hasMessage(
            "'promjob.pushgateway.password_file': set either promjob.pushgateway.password or"
                + " promjob.pushgateway.password_file, not both");
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL,
                        urls,
                        PushgatewayKeys.BEARER_TOKEN,
                        "tok",
                        PushgatewayKeys.BEARER_TOKEN_FILE,
                        a + ",")))
        .hasMessage(
            "'promjob.pushgateway.bearer_token_file': set either promjob.pushgateway.bearer_token"
                + " or promjob.pushgateway.bearer_token_file, not both");
  }

  @Test
  void aPasswordFileOfTwoLinesForOneUrlIsRefusedByItsKey() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "line1\nline2\n");
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL, "http://pg-a:9091,http://pg-b:9091",
                        PushgatewayKeys.USERNAME, "u",
                        PushgatewayKeys.PASSWORD_FILE, a + ",")))
        .hasMessageStartingWith("'promjob.pushgateway.password_file': a basic auth password must")
        .hasMessageNotContaining("line1");
  }

  @Test
  void aSingleUrlWithBothKindsOfCredentialsIsRefusedWithTheOldWords() {
    assertThatThrownBy(
            () ->
                endpoints(
                    Map.of(
                        PushgatewayKeys.URL, "http://u:p@pg-a:9091",
                        PushgatewayKeys.BEARER_TOKEN, "tok")))
        .hasMessage("set either basic auth or a bearer token for the Pushgateway, not both");
  }

  @Test
  void theSameListSetsTheHeadersOfEveryUrl() {
    assertThat(
            endpoints(
                Map.of(
                    PushgatewayKeys.URL, "http://pg-a:9091,http://pg-b:9091",
                    PushgatewayKeys.HEADERS, "X-Scope-OrgID=batch")))
        .allSatisfy(e -> assertThat(e.http().headers()).containsExactly("X-Scope-OrgID", "batch"));
  }
}
