package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.promjob.Config;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spi.BackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushgatewayBackendTest {
  @TempDir Path tmp;

  @Test
  void isFoundByServiceLoaderUnderItsName() throws IOException {
    List<String> names =
        ServiceLoader.load(BackendProvider.class, getClass().getClassLoader()).stream()
            .map(p -> p.get().name())
            .toList();
    // Once: lib's test classes may bring their own example provider when run from the reactor.
    assertEquals(1, names.stream().filter("pushgateway"::equals).count(), names.toString());
    assertEquals(1, names.stream().filter("remote_write"::equals).count(), names.toString());
    // The service file names classes that exist and implement the SPI.
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/services/" + BackendProvider.class.getName())) {
      String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      assertEquals(
          PushgatewayProvider.class.getName() + "\n" + RemoteWriteProvider.class.getName(), listed);
    }
  }

  @Test
  void theReporterPicksItForServiceLevelJobs() {
    Reporter r =
        Reporter.builder()
            .config(Config.of(Map.of(PushgatewayKeys.URL, "http://127.0.0.1:9091")))
            .build();
    PushgatewayBackend b =
        assertInstanceOf(
            PushgatewayBackend.class, r.backendFor(Job.serviceLevel("billing").build()));
    assertEquals(
        URI.create("http://127.0.0.1:9091/metrics/job/billing"),
        b.groupUrl(Job.serviceLevel("billing").build()));
  }

  @Test
  void needsAUrlNamingTheKey() {
    Reporter r = Reporter.builder().build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> r.start(Job.serviceLevel("billing").build()));
    assertThat(e.getMessage()).contains("PROMJOB_PUSHGATEWAY_URL");
  }

  @Test
  void keepsARoutePrefix() {
    PushgatewayBackend b =
        PushgatewayBackend.builder()
            .url(URI.create("https://pg.example:8443/pushgateway/"))
            .build();
    assertEquals(
        URI.create("https://pg.example:8443/pushgateway/metrics/job/j"),
        b.groupUrl(Job.serviceLevel("j").build()));
  }

  @Test
  void credentialsNeverShow() throws IOException {
    List<String> auth = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4);
    server.createContext(
        "/",
        ex -> {
          auth.add(ex.getRequestHeaders().getFirst("Authorization"));
          ex.sendResponseHeaders(401, -1);
          ex.close();
        });
    server.start();
    try {
      String url = "http://batch:hunter2@127.0.0.1:" + server.getAddress().getPort();
      PushgatewayBackend b = PushgatewayBackend.builder().url(URI.create(url)).retries(0).build();
      assertThat(b.toString()).doesNotContain("hunter2");
      assertThat(b.url().toString()).doesNotContain("hunter2");
      assertEquals(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics/job/j",
          b.location(Job.serviceLevel("j").build()));
      IOException e =
          assertThrows(IOException.class, () -> b.delete(Job.serviceLevel("j").build()));
      assertThat(e.getMessage()).doesNotContain("hunter2");
      assertThat(e.getMessage()).contains("answered 401");
      assertEquals(List.of("Basic YmF0Y2g6aHVudGVyMg=="), auth); // batch:hunter2
      // The user part may be empty, and a user without ':' has an empty password.
      String port = ":" + server.getAddress().getPort();
      for (String info : new String[] {":hunter2", "batch"}) {
        PushgatewayBackend other =
            PushgatewayBackend.builder()
                .url(URI.create("http://" + info + "@127.0.0.1" + port))
                .retries(0)
                .build();
        assertThrows(IOException.class, () -> other.delete(Job.serviceLevel("j").build()));
      }
      assertEquals(
          List.of("Basic YmF0Y2g6aHVudGVyMg==", "Basic Omh1bnRlcjI=", "Basic YmF0Y2g6"), auth);
    } finally {
      server.stop(0);
    }
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> PushgatewayBackend.builder().url(URI.create("ftp://u:hunter2@host/")));
    assertThat(bad.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void secretsComeFromFiles() throws IOException {
    Path token = Files.writeString(tmp.resolve("token"), "t0ken\n");
    PushgatewayBackend b =
        new PushgatewayProvider()
                    .create(
                        Config.of(
                            Map.of(
                                PushgatewayKeys.URL,
                                "http://127.0.0.1:1",
                                PushgatewayKeys.BEARER_TOKEN_FILE,
                                token.toString())))
                instanceof PushgatewayBackend p
            ? p
            : null;
    assertEquals("PushgatewayBackend[http://127.0.0.1:1, bearer auth]", String.valueOf(b));
    Path missing = tmp.resolve("missing");
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                PushgatewayBackend.builder()
                    .config(
                        Config.of(
                            Map.of(
                                PushgatewayKeys.PASSWORD_FILE,
                                missing.toString(),
                                PushgatewayKeys.USERNAME,
                                "u"))));
    assertThat(e.getMessage()).contains(missing.toString());
  }

  @Test
  void refusesBadSettingsNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PushgatewayBackend.builder()
                    .config(Config.of(Map.of(PushgatewayKeys.DEADLINE, "soon"))));
    assertEquals(
        "'soon': promjob.pushgateway.deadline must be a positive duration of at most 366d, such as 500ms, 5s, 1m, 2h or 1d",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PushgatewayBackend.builder()
                    .config(Config.of(Map.of(PushgatewayKeys.HEADERS, "X-Key:secret"))));
    assertThat(e.getMessage()).doesNotContain("secret");
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PushgatewayBackend.builder().retries(-1));
    assertEquals("'-1': retries must be between 0 and 20", e.getMessage());
    Config durations =
        Config.of(
            Map.of(PushgatewayKeys.CONNECT_TIMEOUT, "1500ms", PushgatewayKeys.DEADLINE, "2m"));
    assertEquals(
        Optional.of(Duration.ofMillis(1500)), durations.duration(PushgatewayKeys.CONNECT_TIMEOUT));
    assertEquals(Optional.of(Duration.ofMinutes(2)), durations.duration(PushgatewayKeys.DEADLINE));
    assertEquals(Optional.empty(), durations.duration(PushgatewayKeys.REQUEST_TIMEOUT));
  }

  @Test
  void warnsOrRefusesAnInstanceLabelAndUnboundedGroups() {
    PushgatewayBackend warn =
        PushgatewayBackend.builder().url(URI.create("http://127.0.0.1:1")).build();
    Job withInstance = Job.serviceLevel("j").groupingLabel("instance", "host1").build();
    List<java.util.logging.LogRecord> logged;
    try (dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      warn.check(withInstance); // logged, not thrown
      assertEquals(1, log.records().size(), "the first time is logged");
      warn.check(withInstance); // once per job and value, not per run
      logged = log.records();
    }
    assertEquals(1, logged.size(), logged.toString());
    assertEquals(java.util.logging.Level.WARNING, logged.get(0).getLevel());
    assertThat(logged.get(0).getMessage())
        .startsWith("'instance': job 'j': a service-level job should not carry an instance label");
    PushgatewayBackend refuse =
        PushgatewayBackend.builder()
            .url(URI.create("http://127.0.0.1:1"))
            .instanceLabel(Enforcement.REFUSE)
            .unboundedGrouping(Enforcement.REFUSE)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> refuse.check(withInstance));
    assertThat(e.getMessage())
        .startsWith("'instance': job 'j': a service-level job should not carry an instance label");
    for (String unbounded :
        List.of(
            "1795255200",
            "run-2026-11-21",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "deadbeefdeadbeef01")) {
      Job j = Job.serviceLevel("j").groupingLabel("run", unbounded).build();
      e = assertThrows(IllegalArgumentException.class, () -> refuse.check(j), unbounded);
      assertThat(e.getMessage()).contains("looks like it changes every run");
    }
    refuse.check(
        Job.serviceLevel("j")
            .groupingLabel("region", "eu-west-1")
            .groupingLabel("shard", "42")
            .build());
  }

  @Test
  void refusesTheGatewaysOwnMetricNamesBeforeSending() {
    io.prometheus.metrics.model.registry.PrometheusRegistry r =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Gauge.builder()
        .name("push_time_seconds")
        .help("Mine.")
        .register(r)
        .set(1);
    java.time.Instant now = java.time.Instant.now();
    dev.promjob.Report report =
        new dev.promjob.Report(
            Job.serviceLevel("j").build(), dev.promjob.Outcome.SUCCESS, now, now, r.scrape());
    PushgatewayBackend b =
        PushgatewayBackend.builder().url(URI.create("http://127.0.0.1:1")).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.report(report));
    assertThat(e.getMessage()).startsWith("'push_time_seconds': the Pushgateway replaces");
  }

  @Test
  void refusesTheGatewaysOwnMetricNamesAtRegistration() {
    PushgatewayBackend b =
        PushgatewayBackend.builder().url(URI.create("http://127.0.0.1:1")).build();
    dev.promjob.Reporter reporter =
        dev.promjob.Reporter.builder().backend(dev.promjob.Scope.SERVICE_LEVEL, b).build();
    for (String name : List.of("push_time_seconds", "push_failure_time_seconds")) {
      dev.promjob.Run run = reporter.start(Job.serviceLevel("j").build());
      io.prometheus.metrics.core.metrics.Gauge.Builder gauge =
          io.prometheus.metrics.core.metrics.Gauge.builder().name(name).help("Mine.");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> gauge.register(run.registry()));
      assertEquals(
          "'" + name + "': the Pushgateway replaces a pushed metric of this name with its own",
          e.getMessage());
    }
  }

  @Test
  void refusesHeadersTheConnectionWouldDropOrThatCouldSplitTheRequest() {
    IllegalArgumentException host =
        assertThrows(
            IllegalArgumentException.class,
            () -> PushgatewayBackend.builder().header("Host", "pg.internal"));
    assertThat(host.getMessage()).startsWith("'Host': header set by the HTTP connection itself");
    IllegalArgumentException split =
        assertThrows(
            IllegalArgumentException.class,
            () -> PushgatewayBackend.builder().header("X-Token", "s3cret\r\nX-Evil: 1"));
    assertThat(split.getMessage())
        .startsWith("'X-Token': header value must not contain control characters");
    assertThat(split.getMessage()).doesNotContain("s3cret");
    PushgatewayBackend.builder().header("X-Scope-OrgID", "tenant\t1"); // a tab is allowed
  }
}
