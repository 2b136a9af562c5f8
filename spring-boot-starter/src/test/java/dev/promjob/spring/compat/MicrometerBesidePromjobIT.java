package dev.promjob.spring.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Boot 4.1 web application with actuator and Micrometer's Prometheus registry, declared before
 * the starter as a user adds it last: {@code /actuator/prometheus} still answers in the three
 * formats Prometheus 2.42 asks for, and a promjob run's own gauge works, because the tracer
 * initializer Micrometer excludes stays on the class path through promjob-lib.
 */
class MicrometerBesidePromjobIT {
  /** Prometheus 2.42's Accept header (from its binary): OpenMetrics first. */
  static final String OPENMETRICS =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
          + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /** Its header with native histograms on: protobuf first. */
  static final String PROTOBUF =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
          + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;"
          + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /** The text part of those headers: what a scraper that takes no OpenMetrics sends. */
  static final String TEXT = "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private static final Pattern READY = Pattern.compile("COMPAT READY port=(\\d+)");

  @TempDir Path dir;

  @Test
  void actuatorAnswersInEveryFormatAndARunsGaugeWorks() throws Exception {
    String cp =
        BootApps.classPath(
            "boot-4.1-actuator",
            "4.1.2",
            Map.of(),
            List.of(
                BootApps.dependency("io.micrometer", "micrometer-registry-prometheus", null),
                BootApps.dependency(
                    "org.springframework.boot", "spring-boot-starter-actuator", null),
                BootApps.dependency("org.springframework.boot", "spring-boot-starter-webmvc", null),
                BootApps.STARTER));
    assertThat(cp)
        .contains("micrometer-registry-prometheus-", "prometheus-metrics-tracer-initializer-");

    Process app =
        BootApps.start(
            cp,
            dir,
            Map.of("PROMJOB_TEXTFILE_DIR", dir.toString()),
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--management.endpoints.web.exposure.include=prometheus",
            "--compat.job=alongside_micrometer",
            "--compat.stay=true");
    try {
      int port = awaitPort(app, dir.resolve("app.log"), Duration.ofMinutes(2));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");

      HttpResponse<byte[]> text = get(http, uri, TEXT);
      assertThat(text.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain;version=0.0.4");
      assertThat(new String(text.body(), StandardCharsets.UTF_8))
          .contains("# TYPE process_uptime_seconds gauge\nprocess_uptime_seconds ");

      HttpResponse<byte[]> om = get(http, uri, OPENMETRICS);
      assertThat(om.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/openmetrics-text;version=1.0.0");
      assertThat(new String(om.body(), StandardCharsets.UTF_8))
          .contains("# TYPE process_uptime_seconds gauge")
          .endsWith("# EOF\n");

      HttpResponse<byte[]> proto = get(http, uri, PROTOBUF);
      assertThat(proto.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/vnd.google.protobuf")
          .contains("proto=io.prometheus.client.MetricFamily")
          .contains("encoding=delimited");
      assertThat(new String(proto.body(), StandardCharsets.ISO_8859_1))
          .contains("process_uptime_seconds")
          .doesNotContain("# TYPE");
    } finally {
      app.getOutputStream().close();
      if (!app.waitFor(60, TimeUnit.SECONDS)) {
        app.destroyForcibly().waitFor();
      }
    }
    String log = Files.readString(dir.resolve("app.log"));
    assertThat(log)
        .contains("COMPAT REPORTED alongside_micrometer")
        .doesNotContain("NoClassDefFoundError");
    assertThat(app.exitValue()).as(log).isZero();
    assertThat(Files.readString(dir.resolve("alongside_micrometer.prom")))
        .contains("compat_items{job_name=\"alongside_micrometer\"} 42.0")
        .contains("promjob_last_run_success{job_name=\"alongside_micrometer\"} 1.0");
  }

  private static HttpResponse<byte[]> get(HttpClient http, URI uri, String accept)
      throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(accept).isEqualTo(200);
    return r;
  }

  /** The port the app prints once started; fails early if it exits first. */
  static int awaitPort(Process app, Path log, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log)) {
        Matcher m = READY.matcher(Files.readString(log));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
      if (app.waitFor(100, TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "the application exited before it was ready:\n" + BootApps.tail(log));
      }
    }
    throw new AssertionError(
        "the application was not ready within " + timeout + ":\n" + BootApps.tail(log));
  }
}
