package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.promjob.Config;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the backend sends, seen by a local JDK HTTP server: methods, bodies, headers, settings. */
class PushgatewayRequestsTest {
  private CapturingServer server;
  private List<CapturingServer.Seen> seen;

  @TempDir Path tmp;

  String serve() throws IOException {
    server = CapturingServer.start(200);
    seen = server.seen;
    return server.uri("").toString();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Report report(Job job, Outcome outcome) {
    PrometheusRegistry r = new PrometheusRegistry();
    Gauge.builder().name("exported_rows").help("Rows.").register(r).set(12);
    Instant end = Instant.parse("2026-11-21T10:00:00Z");
    return new Report(job, outcome, end.minusSeconds(2), end, r.scrape());
  }

  @Test
  void aSuccessPutsTheWholeReportAFailurePostsAllButTheLastSuccess() throws IOException {
    PushgatewayBackend b = PushgatewayBackend.builder().url(URI.create(serve())).build();
    Job job = Job.serviceLevel("export").groupingLabel("region", "eu").build();
    b.report(report(job, Outcome.SUCCESS));
    b.report(report(job, Outcome.FAILURE));
    // The failed run reads the consecutive failures first (here an empty /metrics: none held).
    assertThat(seen).extracting(CapturingServer.Seen::method).containsExactly("PUT", "GET", "POST");
    assertThat(seen)
        .extracting(CapturingServer.Seen::path)
        .containsExactly(
            "/metrics/job/export/region/eu", "/metrics", "/metrics/job/export/region/eu");
    seen = List.of(seen.get(0), seen.get(2));
    assertThat(seen.get(0).text())
        .contains("exported_rows{job_name=\"export\"} 12.0\n")
        .contains("promjob_last_success_timestamp_seconds{job_name=\"export\"} 1.7952552E9\n")
        .contains("promjob_last_run_success{job_name=\"export\"} 1.0\n");
    assertThat(seen.get(1).text())
        .contains("exported_rows{job_name=\"export\"} 12.0\n")
        .contains("promjob_last_run_success{job_name=\"export\"} 0.0\n")
        .contains("promjob_consecutive_failures{job_name=\"export\"} 1.0\n")
        .doesNotContain("promjob_last_success_timestamp_seconds");
    assertThat(seen.get(0).headers().get("Content-type"))
        .containsExactly(PushgatewayBackend.CONTENT_TYPE);
    assertThat(b.name()).isEqualTo("pushgateway");
  }

  @Test
  void everySettingFromConfigurationReachesTheRequests() throws IOException {
    Path password = Files.writeString(tmp.resolve("pw"), "s3cret\n");
    Config config =
        Config.of(
            Map.of(
                PushgatewayKeys.URL, serve(),
                PushgatewayKeys.USERNAME, "batch",
                PushgatewayKeys.PASSWORD_FILE, password.toString(),
                PushgatewayKeys.HEADERS, "X-Scope-OrgID=tenant1, X-Other = two",
                PushgatewayKeys.CONNECT_TIMEOUT, "2s",
                PushgatewayKeys.REQUEST_TIMEOUT, "3s",
                PushgatewayKeys.DEADLINE, "4s",
                PushgatewayKeys.RETRIES, "0"));
    PushgatewayBackend b = PushgatewayBackend.builder().config(config).build();
    server.status = 503;
    assertThatThrownBy(() -> b.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
        .hasMessageContaining("failed after 1 attempt;");
    CapturingServer.Seen s = seen.get(0);
    assertThat(s.headers().get("Authorization"))
        .containsExactly(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("batch:s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(s.headers().get("X-scope-orgid")).containsExactly("tenant1");
    assertThat(s.headers().get("X-other")).containsExactly("two");
    assertThat(b.toString()).isEqualTo("PushgatewayBackend[" + b.url() + ", basic auth]");
  }

  @Test
  void aBearerTokenIsSentAsSuch() throws IOException {
    PushgatewayBackend b =
        PushgatewayBackend.builder()
            .config(
                Config.of(
                    Map.of(PushgatewayKeys.URL, serve(), PushgatewayKeys.BEARER_TOKEN, "tok3n")))
            .build();
    b.delete(Job.serviceLevel("retired").build());
    assertThat(seen).extracting(CapturingServer.Seen::method).containsExactly("DELETE");
    assertThat(seen.get(0).headers().get("Authorization")).containsExactly("Bearer tok3n");
    assertThat(b.toString()).endsWith(", bearer auth]");
  }

  @Test
  void aRedirectIsNeverFollowed() throws IOException {
    PushgatewayBackend b = PushgatewayBackend.builder().url(URI.create(serve())).build();
    server.status = 302;
    assertThatThrownBy(() -> b.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
        .hasMessageContaining(" answered 302 ");
    assertThat(seen).hasSize(1);
  }

  @Test
  void settingsAreCheckedWhereTheyAreGiven() {
    assertThatThrownBy(() -> PushgatewayBackend.builder().retries(21))
        .hasMessage("'21': retries must be between 0 and 20");
    PushgatewayBackend.builder().retries(20).retries(0);
    assertThatThrownBy(
            () ->
                PushgatewayBackend.builder()
                    .config(Config.of(Map.of(PushgatewayKeys.RETRIES, "three"))))
        .hasMessage("'three': promjob.pushgateway.retries must be a whole number");
    assertThatThrownBy(
            () ->
                PushgatewayBackend.builder()
                    .config(Config.of(Map.of(PushgatewayKeys.PASSWORD, "x"))))
        .hasMessage("'promjob.pushgateway.username': a password is set but no username");
    assertThatThrownBy(
            () ->
                PushgatewayBackend.builder()
                    .url(URI.create("http://127.0.0.1:1"))
                    .basicAuth("a", "b")
                    .bearerToken("t")
                    .build())
        .hasMessage("set either basic auth or a bearer token for the Pushgateway, not both");
    assertThatThrownBy(() -> PushgatewayBackend.builder().header("Bad Name", "v"))
        .hasMessage("'Bad Name': not a valid HTTP header name");
    assertThatThrownBy(() -> PushgatewayBackend.builder().header("X-\u007f", "v"))
        .hasMessageContaining("not a valid HTTP header name");
    assertThatThrownBy(() -> PushgatewayBackend.builder().header("X-A", "a\u007fb"))
        .hasMessageContaining("must not contain control characters");
    PushgatewayBackend.builder().header("X-A", "tab\tand ~ are fine");
    PushgatewayBackend.builder()
        .header("X-~!#$%&'*+.^_`|", "v"); // the token characters at the ends of ASCII
    assertThatThrownBy(() -> PushgatewayBackend.builder().header("X-\u0080", "v"))
        .hasMessageContaining("not a valid HTTP header name");
    assertThatThrownBy(() -> PushgatewayBackend.builder().url(URI.create("ftp://pg:21")))
        .hasMessage("'ftp://pg:21': Pushgateway URL must be http(s)://host:port[/path]");
    assertThatThrownBy(
            () -> PushgatewayBackend.builder().url(URI.create("http://u:s3cret@pg:99999")))
        .hasMessage("'http://pg:99999': Pushgateway URL's port must be 1 to 65535");
    assertThatThrownBy(() -> PushgatewayBackend.builder().url(URI.create("http://pg:0")))
        .hasMessage("'http://pg:0': Pushgateway URL's port must be 1 to 65535");
    PushgatewayBackend.builder().url(URI.create("http://pg:65535"));
    assertThatThrownBy(
            () ->
                PushgatewayBackend.builder()
                    .config(
                        Config.of(Map.of(PushgatewayKeys.URL, "http://a:9091,pushgateway-b:9091"))))
        .hasMessage(
            "'http://a:9091,pushgateway-b:9091': Pushgateway URL must be"
                + " http(s)://host:port[/path]");
    assertThatThrownBy(
            () ->
                PushgatewayBackend.builder()
                    .config(Config.of(Map.of(PushgatewayKeys.URL, "http://a:1;http://u:pw@b:2"))))
        .hasMessage(
            "'http://a:1;http://u:****@b:2': Pushgateway URL must be http(s)://host:port[/path]");
    assertThatThrownBy(() -> PushgatewayBackend.builder().url(URI.create("http://pg:9091/?x=1")))
        .hasMessage("'http://pg:9091/?x=1': Pushgateway URL must have no query");
    assertThatThrownBy(
            () ->
                PushgatewayBackend.builder()
                    .config(Config.of(Map.of(PushgatewayKeys.HEADERS, "=v"))))
        .hasMessage("'promjob.pushgateway.headers': must be Name=value pairs separated by commas");
    assertThat(
            PushgatewayBackend.builder()
                .url(URI.create("http://[::1]:9091/base"))
                .build()
                .url()
                .toString())
        .isEqualTo("http://[::1]:9091/base");
  }

  @Test
  void aTrustStoreFromConfigurationIsLoadedAndABadOneNamed() throws Exception {
    try (TlsServer tls = TlsServer.start(tmp)) { // makes the PKCS12 store with keytool
      assertThat(tls.connections()).isZero();
      Path store = tmp.resolve("server.p12");
      PushgatewayBackend b =
          PushgatewayBackend.builder()
              .config(
                  Config.of(
                      Map.of(
                          PushgatewayKeys.URL, "https://127.0.0.1:1",
                          PushgatewayKeys.TRUSTSTORE, store.toString(),
                          PushgatewayKeys.TRUSTSTORE_PASSWORD, "changeit")))
              .build();
      assertThat(b.url().toString()).isEqualTo("https://127.0.0.1:1");
      assertThatThrownBy(
              () ->
                  PushgatewayBackend.builder()
                      .config(
                          Config.of(
                              Map.of(
                                  PushgatewayKeys.TRUSTSTORE,
                                  store.toString(),
                                  PushgatewayKeys.TRUSTSTORE_PASSWORD,
                                  "wrong"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "'"
                  + store
                  + "': promjob.pushgateway.truststore cannot be opened with"
                  + " promjob.pushgateway.truststore_password: the password is wrong");
      Path notAStore = Files.writeString(tmp.resolve("not-a-store"), "hello");
      assertThatThrownBy(
              () ->
                  PushgatewayBackend.builder()
                      .config(Config.of(Map.of(PushgatewayKeys.TRUSTSTORE, notAStore.toString()))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "'"
                  + notAStore
                  + "': promjob.pushgateway.truststore names a file that is not a PKCS12 or JKS"
                  + " trust store");
    }
  }

  @Test
  void settersChainAndConfigurationKeysTakeEffect() throws Exception {
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getDefault();
    String url = serve();
    PushgatewayBackend chained =
        PushgatewayBackend.builder()
            .header("X-A", "1")
            .header("X-B", "2")
            .basicAuth("u", "p")
            .sslContext(tls)
            .connectTimeout(java.time.Duration.ofSeconds(1))
            .requestTimeout(java.time.Duration.ofSeconds(2))
            .deadline(java.time.Duration.ofSeconds(3))
            .retries(1)
            .backoff(java.time.Duration.ofMillis(1))
            .instanceLabel(Enforcement.WARN)
            .unboundedGrouping(Enforcement.WARN)
            .url(URI.create(url))
            .build();
    server.status = 503;
    assertThatThrownBy(() -> chained.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
        .hasMessageContaining("failed after 2 attempts");
    assertThat(seen.get(0).headers().get("X-a")).containsExactly("1");
    assertThat(seen.get(0).headers().get("X-b")).containsExactly("2");
    seen.clear();
    PushgatewayBackend configured =
        PushgatewayBackend.builder()
            .config(
                Config.of(
                    Map.of(
                        PushgatewayKeys.URL,
                        url,
                        PushgatewayKeys.RETRIES,
                        "2",
                        PushgatewayKeys.INSTANCE_LABEL,
                        "refuse",
                        PushgatewayKeys.UNBOUNDED_GROUPING,
                        "refuse")))
            .build();
    assertThatThrownBy(
            () -> configured.check(Job.serviceLevel("j").groupingLabel("instance", "h").build()))
        .hasMessageContaining("should not carry an instance label");
    assertThatThrownBy(
            () ->
                configured.check(Job.serviceLevel("j").groupingLabel("run", "2026-11-21").build()))
        .hasMessageContaining("looks like it changes every run");
    assertThatThrownBy(
            () -> configured.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
        .hasMessageContaining("failed after 3 attempts");
  }

  @Test
  void theRequestTimeoutComesFromConfiguration() throws IOException {
    HttpServer hanging =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    hanging.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    hanging.createContext(
        "/",
        ex -> {
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    hanging.start();
    try {
      PushgatewayBackend b =
          PushgatewayBackend.builder()
              .config(
                  Config.of(
                      Map.of(
                          PushgatewayKeys.URL,
                          "http://127.0.0.1:" + hanging.getAddress().getPort(),
                          PushgatewayKeys.REQUEST_TIMEOUT,
                          "300ms",
                          PushgatewayKeys.CONNECT_TIMEOUT,
                          "1s",
                          PushgatewayKeys.RETRIES,
                          "0")))
              .build();
      assertThatThrownBy(() -> b.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
          .hasMessageEndingWith("last: no complete response within 300 ms");
    } finally {
      hanging.stop(0);
    }
  }

  /**
   * {@code min_accepted} is for reports: a delete that one gateway did not do is a failure naming
   * it, or its copy comes back when that gateway restarts with its persistence file.
   */
  @Test
  void aDeleteMustReachEveryGatewayAndNamesEachThatDidNot() throws IOException {
    serve();
    try (CapturingServer down = CapturingServer.start(503)) {
      PushgatewayBackend b =
          PushgatewayBackend.builder()
              .url(server.uri(""), down.uri(""))
              .minAccepted(1)
              .retries(0)
              .build();
      Job job = Job.serviceLevel("retired").build();

      assertThatThrownBy(() -> b.delete(job))
          .isExactlyInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "deleted from 1 of 2 Pushgateways; not deleted from [DELETE "
                  + down.uri("")
                  + "/metrics/job/retired")
          .hasMessageContaining("503");
      assertThat(seen).extracting(CapturingServer.Seen::method).containsExactly("DELETE");
      assertThat(down.seen).extracting(CapturingServer.Seen::method).containsExactly("DELETE");
    }
  }
}
