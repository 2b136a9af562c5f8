package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the remote-write backend sends, seen by a local JDK HTTP server and decoded back. */
class RemoteWriteRequestsTest {
  static final Instant END = Instant.parse("2026-11-21T10:00:00Z");

  private CapturingServer server;
  private List<CapturingServer.Seen> seen;

  URI serve() throws IOException {
    server = CapturingServer.start(204);
    seen = server.seen;
    return server.uri("/api/v1/write");
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
    Counter.builder()
        .name("exported_bytes")
        .help("Bytes.")
        .labelNames("table")
        .register(r)
        .labelValues("orders")
        .inc(7);
    Histogram h =
        Histogram.builder()
            .name("batch_seconds")
            .help("Batches.")
            .classicUpperBounds(0.5, 1)
            .classicOnly()
            .register(r);
    h.observe(0.25);
    h.observe(0.75);
    Summary s = Summary.builder().name("row_bytes").help("Rows.").quantile(0.5, 0.01).register(r);
    s.observe(10);
    return new Report(job, outcome, END.minusSeconds(2), END, r.scrape());
  }

  /** The decoded series as {@code name{labels}} (sorted, job_name included) to value. */
  static Map<String, Double> series(byte[] body) {
    Map<String, Double> out = new TreeMap<>();
    for (WriteRequests.Series s : WriteRequests.decode(body)) {
      assertThat(s.samples()).hasSize(1);
      assertThat(s.samples().get(0)[1]).isEqualTo((double) END.toEpochMilli());
      List<String> names = List.copyOf(s.labels().keySet());
      assertThat(names).as("labels sorted by name").isSorted();
      assertThat(s.labels().values()).as("no empty value").doesNotContain("");
      String labels =
          s.labels().entrySet().stream()
              .filter(e -> !e.getKey().equals("__name__"))
              .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
              .collect(Collectors.joining(","));
      out.put(s.labels().get("__name__") + "{" + labels + "}", s.samples().get(0)[0]);
    }
    return out;
  }

  @Test
  void aReportIsOneSnappyProtobufPostWithTheHeadersOfRemoteWrite10() throws IOException {
    RemoteWriteBackend b = RemoteWriteBackend.builder().url(serve()).build();
    Job job = Job.serviceLevel("export").groupingLabel("region", "eu west").build();
    b.report(report(job, Outcome.SUCCESS));
    assertThat(seen).hasSize(1);
    CapturingServer.Seen s = seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/api/v1/write");
    assertThat(s.headers())
        .containsEntry("Content-type", List.of("application/x-protobuf"))
        .containsEntry("Content-encoding", List.of("snappy"))
        .containsEntry("X-prometheus-remote-write-version", List.of("0.1.0"));
    assertThat(s.headers().get("User-agent").get(0)).startsWith("promjob/");
    String id = "job=\"export\",job_name=\"export\",region=\"eu west\"";
    Map<String, Double> expected = new TreeMap<>();
    expected.put("exported_rows{" + id + "}", 12.0);
    expected.put("exported_bytes_total{" + id + ",table=\"orders\"}", 7.0);
    String jobs = "job=\"export\",job_name=\"export\"";
    expected.put("batch_seconds_bucket{" + jobs + ",le=\"0.5\",region=\"eu west\"}", 1.0);
    expected.put("batch_seconds_bucket{" + jobs + ",le=\"1\",region=\"eu west\"}", 2.0);
    expected.put("batch_seconds_bucket{" + jobs + ",le=\"+Inf\",region=\"eu west\"}", 2.0);
    expected.put("batch_seconds_count{" + id + "}", 2.0);
    expected.put("batch_seconds_sum{" + id + "}", 1.0);
    expected.put("row_bytes{" + jobs + ",quantile=\"0.5\",region=\"eu west\"}", 10.0);
    expected.put("row_bytes_count{" + id + "}", 1.0);
    expected.put("row_bytes_sum{" + id + "}", 10.0);
    double end = END.toEpochMilli() / 1000.0;
    expected.put(BatchMetrics.LAST_SUCCESS + "{" + id + "}", end);
    expected.put(BatchMetrics.LAST_COMPLETION + "{" + id + "}", end);
    expected.put(BatchMetrics.LAST_DURATION + "{" + id + "}", 2.0);
    expected.put(BatchMetrics.LAST_RUN_SUCCESS + "{" + id + "}", 1.0);
    assertThat(series(s.body())).isEqualTo(expected);
  }

  @Test
  void aFailedRunSendsEveryStandardMetricButTheLastSuccess() throws IOException {
    RemoteWriteBackend b = RemoteWriteBackend.builder().url(serve()).build();
    Job job = Job.serviceLevel("export").build();
    b.report(report(job, Outcome.FAILURE));
    Map<String, Double> sent = series(seen.get(0).body());
    assertThat(sent.keySet())
        .noneMatch(k -> k.startsWith(BatchMetrics.LAST_SUCCESS))
        .anyMatch(k -> k.startsWith(BatchMetrics.LAST_COMPLETION))
        .anyMatch(k -> k.startsWith(BatchMetrics.LAST_DURATION));
    assertThat(sent)
        .containsEntry(BatchMetrics.LAST_RUN_SUCCESS + "{job=\"export\",job_name=\"export\"}", 0.0);
  }

  @Test
  void aRefusedWriteCarriesTheReceiversMessageAndIsNotRetried() throws IOException {
    URI url = serve();
    server.status = 400;
    server.answer = "out of order sample";
    RemoteWriteBackend b = RemoteWriteBackend.builder().url(url).retries(3).build();
    assertThatThrownBy(() -> b.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("answered 400 out of order sample")
        .hasMessageContaining(url.toString());
    assertThat(seen).hasSize(1);
  }

  @Test
  void aServerErrorIsRetriedWithinTheRetryCount() throws IOException {
    URI url = serve();
    server.status = 503;
    RemoteWriteBackend b =
        RemoteWriteBackend.builder()
            .url(url)
            .retries(2)
            .backoff(java.time.Duration.ofMillis(1))
            .build();
    assertThatThrownBy(() -> b.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("after 3 attempts");
    assertThat(seen).hasSize(3);
  }

  @Test
  void deleteRefusesAndSaysWhy() throws IOException {
    RemoteWriteBackend b = RemoteWriteBackend.builder().url(serve()).build();
    assertThatThrownBy(() -> b.delete(Job.serviceLevel("export").build()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("remote write cannot delete the series of job 'export'")
        .hasMessageContaining("retention");
    assertThat(seen).isEmpty();
  }

  @Test
  void configuredByItsOwnKeysWithTheSameChecksAsThePushgateway() throws IOException {
    URI url = serve();
    RemoteWriteBackend b =
        (RemoteWriteBackend)
            new RemoteWriteProvider()
                .create(
                    Config.of(
                        Map.of(
                            RemoteWriteKeys.URL,
                            "http://alice:s3cret@127.0.0.1:" + url.getPort() + "/api/v1/write",
                            RemoteWriteKeys.HEADERS,
                            "X-Scope-OrgID=batch")));
    assertThat(b.toString()).doesNotContain("s3cret").contains("basic auth");
    b.report(report(Job.serviceLevel("j").build(), Outcome.SUCCESS));
    assertThat(seen.get(0).headers())
        .containsEntry("X-scope-orgid", List.of("batch"))
        .containsEntry("Authorization", List.of("Basic YWxpY2U6czNjcmV0"));
    assertThatThrownBy(
            () ->
                Config.of(Map.of(RemoteWriteKeys.RETRIES, "99"))
                    .integer(RemoteWriteKeys.RETRIES)
                    .ifPresent(RemoteWriteBackend.builder()::retries))
        .hasMessage("'99': retries must be between 0 and 20");
    assertThatThrownBy(() -> RemoteWriteBackend.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "remote_write sends to a remote-write receiver, but no URL is set: set"
                + " promjob.remote_write.url (environment PROMJOB_REMOTE_WRITE_URL)");
    assertThat(Config.isSecret(RemoteWriteKeys.PASSWORD)).isTrue();
    assertThat(Config.isSecret(RemoteWriteKeys.HEADERS)).isTrue();
  }

  @Test
  void oddLabelValuesArriveExactlyAsGiven() throws IOException {
    RemoteWriteBackend b = RemoteWriteBackend.builder().url(serve()).build();
    String odd = "a\"b\\c\nd \u00e9 \ud83d\ude42 {x=\"y\"},";
    Job job = Job.serviceLevel("odd").groupingLabel("path", "/srv/a b").build();
    PrometheusRegistry r = new PrometheusRegistry();
    Gauge.builder()
        .name("odd_value")
        .help("Odd.")
        .labelNames("v")
        .register(r)
        .labelValues(odd)
        .set(1);
    b.report(new Report(job, Outcome.SUCCESS, END, END, r.scrape()));
    WriteRequests.Series s =
        WriteRequests.decode(seen.get(0).body()).stream()
            .filter(x -> x.labels().get("__name__").equals("odd_value"))
            .findFirst()
            .orElseThrow();
    assertThat(s.labels())
        .containsExactly(
            Map.entry("__name__", "odd_value"),
            Map.entry("job", "odd"),
            Map.entry("job_name", "odd"),
            Map.entry("path", "/srv/a b"),
            Map.entry("v", odd));
  }

  @Test
  void itNamesItselfAndWhereAJobsSeriesAreWithoutCredentials() throws IOException {
    URI url = serve();
    RemoteWriteBackend b =
        RemoteWriteBackend.builder()
            .url(URI.create("http://alice:s3cret@127.0.0.1:" + url.getPort() + "/api/v1/write"))
            .build();
    assertThat(b.name()).isEqualTo("remote_write");
    assertThat(b.url()).isEqualTo(url);
    assertThat(b.location(Job.serviceLevel("export").groupingLabel("region", "eu").build()))
        .isEqualTo(url + " {job=\"export\",region=\"eu\"}")
        .doesNotContain("s3cret");
  }
}
