package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.contract.ExposedSeries;
import dev.promjob.testing.Pushgateway;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Pushgateway 1.5.1: encodings, refusals, switching backends by configuration. */
class PushgatewayIT {
  static Pushgateway gateway;

  @TempDir Path textfiles;

  @BeforeAll
  static void start() throws IOException {
    gateway = Pushgateway.start(Path.of("target", "it-logs"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  Reporter reporter(Map<String, String> extra) {
    Map<String, String> config = new java.util.HashMap<>(extra);
    config.put(PushgatewayKeys.URL, gateway.url());
    return Reporter.builder()
        .textfileDirectory(textfiles)
        .config(Config.of(config))
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  static Map<String, Double> seen(Job job) throws IOException {
    return ExposedSeries.of(
        new ByteArrayInputStream(gateway.get("/metrics").getBytes(StandardCharsets.UTF_8)),
        job,
        Set.of("push_time_seconds", "push_failure_time_seconds"));
  }

  @Test
  void everyValueReachesExactlyTheGroupItNames() throws IOException {
    List<String> values =
        List.of("a/b", "a b", "..", ".", "%2F", "a+b", "ü 🎉", "x=y", "@base64", "-");
    Reporter reporter = reporter(Map.of());
    for (String v : values) {
      Job job = Job.serviceLevel("enc " + v).groupingLabel("v", v).build();
      reporter.run(job, run -> {});
    }
    String api = gateway.get("/api/v1/metrics");
    for (String v : values) {
      Job job = Job.serviceLevel("enc " + v).groupingLabel("v", v).build();
      Map<String, Double> series = seen(job);
      String key = BatchMetrics.LAST_RUN_SUCCESS + "{job_name=\"enc " + v + "\",v=\"" + v + "\"}";
      assertEquals(1.0, series.get(key), v + " -> " + series);
      // The gateway's own API names the group's labels as given, job included.
      assertThat(api).as("job " + v).contains("\"job\":\"enc " + v + "\"");
      assertThat(api).as("value " + v).contains("\"v\":\"" + v + "\"");
    }
    for (String v : values) {
      reporter.delete(Job.serviceLevel("enc " + v).groupingLabel("v", v).build());
    }
    for (String v : values) {
      assertEquals(Map.of(), seen(Job.serviceLevel("enc " + v).groupingLabel("v", v).build()), v);
    }
  }

  @Test
  void aRefusedPushNamesTheGatewaysReasonAndIsNotRetried() throws Exception {
    // Another group already has the family as a counter: the gateway refuses ours (a gauge).
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(gateway.url() + "/metrics/job/someone_else"))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "# HELP clash_items x\n# TYPE clash_items counter\nclash_items 1\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    Job job = Job.serviceLevel("clashing").build();
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                reporter(Map.of())
                    .run(
                        job,
                        run ->
                            Gauge.builder()
                                .name("clash_items")
                                .help("x")
                                .register(run.registry())
                                .set(1)));
    assertThat(e.getMessage()).contains("answered 400 pushed metrics are invalid or inconsistent");
    assertThat(e.getMessage()).contains("/metrics/job/clashing");
  }

  @Test
  void configurationAloneMovesAJobBetweenBackends() throws IOException {
    Job job = Job.machineBound("moved_job").expectedInterval(Duration.ofMinutes(5)).build();
    Reporter.Body<RuntimeException> body =
        run -> Gauge.builder().name("moved_items").help("Items.").register(run.registry()).set(7);

    reporter(Map.of()).run(job, body); // the declaration: textfile
    Path file = ((TextfileBackend) reporter(Map.of()).backendFor(job)).fileOf(job);
    assertTrue(Files.exists(file));
    assertEquals(Map.of(), seen(job));

    reporter(Map.of(Config.jobBackendKey("moved_job"), "pushgateway")).run(job, body);
    Map<String, Double> onGateway = seen(job);
    assertEquals(7.0, onGateway.get("moved_items{job_name=\"moved_job\"}"), onGateway.toString());
    assertEquals(300.0, onGateway.get(BatchMetrics.EXPECTED_INTERVAL + "{job_name=\"moved_job\"}"));

    // Same names and labels on both sides, so one freshness rule serves the job wherever it goes.
    Map<String, Double> inFile;
    try (var in = Files.newInputStream(file)) {
      inFile = ExposedSeries.of(in, job, Set.of());
    }
    assertEquals(inFile.keySet(), onGateway.keySet());
  }

  @Test
  void aFailedRunReachesTheGatewayEvenWhereReadingIsRefusedAndKeepsItsLastSuccessAndCount()
      throws IOException {
    // A proxy that lets jobs write but not read: a failed run needs nothing from the gateway.
    try (RecordingProxy proxy = RecordingProxy.start(URI.create(gateway.url()), "GET")) {
      Reporter reporter =
          Reporter.builder()
              .config(Config.of(Map.of(PushgatewayKeys.URL, proxy.url())))
              .reportErrors(ReportErrorPolicy.THROW)
              .build();
      Job job = Job.serviceLevel("write_only_proxy").groupingLabel("region", "eu").build();
      reporter.run(
          job,
          run ->
              Gauge.builder().name("exported_rows").help("Rows.").register(run.registry()).set(10));
      double success =
          seen(job)
              .get(BatchMetrics.LAST_SUCCESS + "{job_name=\"write_only_proxy\",region=\"eu\"}");
      assertThrows(
          IllegalStateException.class,
          () ->
              reporter.run(
                  job,
                  run -> {
                    throw new IllegalStateException("export failed");
                  }));
      Map<String, Double> after = seen(job);
      String id = "{job_name=\"write_only_proxy\",region=\"eu\"}";
      assertEquals(0.0, after.get(BatchMetrics.LAST_RUN_SUCCESS + id), after.toString());
      assertEquals(
          success, after.get(BatchMetrics.LAST_SUCCESS + id), "kept as the gateway had it");
      // The failed run's one read (of the consecutive failures) was refused: it POSTed all the
      // same, without the count, so the gateway keeps the one it holds (the success's 0).
      assertEquals(List.of("PUT", "GET", "POST"), proxy.methods(), "no read-back of the success");
      assertEquals(0.0, after.get(BatchMetrics.CONSECUTIVE_FAILURES + id), after.toString());
    }
  }
}
