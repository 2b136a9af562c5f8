package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.contract.ManualClock;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.VictoriaMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports through remote write to the real receivers, each started here on a free loopback port
 * with its data in a temp directory, and queried back: the series must be exactly the ones the
 * other backends serve, with {@code job} set to the job's name.
 */
class RemoteWriteIT {
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
  static final Path LOGS = Path.of("target", "it-logs");

  @TempDir Path tmp;

  /** Prometheus as a receiver only: no scrapes, {@code --web.enable-remote-write-receiver}. */
  static Prometheus receivingPrometheus(Path dir) throws IOException {
    Path config =
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
    return Prometheus.start(
        config, dir.resolve("data"), LOGS, "--web.enable-remote-write-receiver");
  }

  static Reporter reporter(String writeUrl, ManualClock clock) {
    RemoteWriteBackend rw = RemoteWriteBackend.builder().url(URI.create(writeUrl)).build();
    return Reporter.builder()
        .backend(Scope.SERVICE_LEVEL, rw)
        .clock(clock)
        .reportErrors(ReportErrorPolicy.THROW)
        .build();
  }

  static final Job FULL =
      Job.serviceLevel("rw_full")
          .groupingLabel("path", "/srv/a b=\"c\"")
          .expectedInterval(Duration.ofHours(1))
          .build();

  static void fullRun(Reporter reporter, ManualClock clock) {
    reporter.run(
        FULL,
        run -> {
          Gauge.builder().name("rw_rows").help("Rows.").register(run.registry()).set(12);
          Counter.builder()
              .name("rw_bytes")
              .help("Bytes.")
              .labelNames("table")
              .register(run.registry())
              .labelValues("orders")
              .inc(7);
          Histogram h =
              Histogram.builder()
                  .name("rw_batch_seconds")
                  .help("Batches.")
                  .classicUpperBounds(0.5, 1)
                  .classicOnly()
                  .register(run.registry());
          h.observe(0.25);
          h.observe(0.75);
          Summary.builder()
              .name("rw_row_bytes")
              .help("Row sizes.")
              .quantile(0.5, 0.01)
              .register(run.registry())
              .observe(10);
          clock.advance(Duration.ofSeconds(30));
        });
  }

  static Map<String, Double> expectedFull() {
    String id = "job_name=\"rw_full\",path=\"/srv/a b=\"c\"\"";
    String job = "job_name=\"rw_full\"";
    String path = "path=\"/srv/a b=\"c\"\"";
    double end = START.plusSeconds(30).getEpochSecond();
    Map<String, Double> m = new TreeMap<>();
    m.put("rw_rows{" + id + "}", 12.0);
    m.put("rw_bytes_total{" + id + ",table=\"orders\"}", 7.0);
    m.put("rw_batch_seconds_bucket{" + job + ",le=\"0.5\"," + path + "}", 1.0);
    m.put("rw_batch_seconds_bucket{" + job + ",le=\"1\"," + path + "}", 2.0);
    m.put("rw_batch_seconds_bucket{" + job + ",le=\"+Inf\"," + path + "}", 2.0);
    m.put("rw_batch_seconds_count{" + id + "}", 2.0);
    m.put("rw_batch_seconds_sum{" + id + "}", 1.0);
    m.put("rw_row_bytes{" + id + ",quantile=\"0.5\"}", 10.0);
    m.put("rw_row_bytes_count{" + id + "}", 1.0);
    m.put("rw_row_bytes_sum{" + id + "}", 10.0);
    m.put(BatchMetrics.LAST_SUCCESS + "{" + id + "}", end);
    m.put(BatchMetrics.LAST_COMPLETION + "{" + id + "}", end);
    m.put(BatchMetrics.LAST_DURATION + "{" + id + "}", 30.0);
    m.put(BatchMetrics.LAST_RUN_SUCCESS + "{" + id + "}", 1.0);
    m.put(BatchMetrics.EXPECTED_INTERVAL + "{" + id + "}", 3600.0);
    return m;
  }

  @Test
  void prometheusStoresExactlyTheSeriesOfAReport() throws IOException {
    try (Prometheus prometheus = receivingPrometheus(tmp)) {
      ManualClock clock = new ManualClock(START);
      fullRun(reporter(prometheus.remoteWriteUrl(), clock), clock);
      Map<String, Double> stored =
          prometheus.lastValues("{job=\"rw_full\"}", "1h", clock.instant());
      System.out.println("Prometheus 2.42 stored: " + stored);
      assertThat(stored).isEqualTo(expectedFull());
    }
  }

  @Test
  void victoriaMetricsStoresExactlyTheSeriesOfAReport() throws IOException {
    try (VictoriaMetrics victoria = VictoriaMetrics.start(tmp.resolve("vm"), LOGS)) {
      ManualClock clock = new ManualClock(START);
      fullRun(reporter(victoria.remoteWriteUrl(), clock), clock);
      Map<String, Double> stored = victoria.lastValues("{job=\"rw_full\"}", "1h", clock.instant());
      System.out.println("VictoriaMetrics 1.79 stored: " + stored);
      assertThat(stored).isEqualTo(expectedFull());
    }
  }

  /** InfluxDB 1.x takes remote write only with the database in the URL's query. */
  @Test
  void influxDbStoresExactlyTheSeriesOfAReport() throws IOException {
    try (InfluxDb influx = InfluxDb.start(tmp.resolve("influx"), LOGS)) {
      ManualClock clock = new ManualClock(START);
      fullRun(reporter(influx.remoteWriteUrl(), clock), clock);
      Map<String, Double> stored = influx.lastValues(FULL, clock.instant());
      System.out.println("InfluxDB 1.6 stored: " + stored);
      assertThat(stored).isEqualTo(expectedFull());
    }
  }

  /**
   * InfluxDB cannot store NaN: it answers 204 and drops the sample, here the quantile of a summary
   * that saw nothing, and keeps the rest of the report.
   */
  @Test
  void influxDbDropsANaNSampleAndKeepsTheRest() throws IOException {
    try (InfluxDb influx = InfluxDb.start(tmp.resolve("influx"), LOGS)) {
      ManualClock clock = new ManualClock(START);
      reporter(influx.remoteWriteUrl(), clock)
          .run(
              FULL,
              run ->
                  Summary.builder()
                      .name("rw_unseen_bytes")
                      .help("Never observed: its quantile is NaN.")
                      .quantile(0.5, 0.01)
                      .register(run.registry()));
      Map<String, Double> stored = influx.lastValues(FULL, clock.instant());
      String id = "{job_name=\"rw_full\",path=\"/srv/a b=\"c\"\"}";
      assertThat(stored)
          .containsEntry("rw_unseen_bytes_count" + id, 0.0)
          .containsEntry(BatchMetrics.LAST_RUN_SUCCESS + id, 1.0);
      assertThat(stored.keySet()).noneMatch(k -> k.startsWith("rw_unseen_bytes{"));
    }
  }

  /** VictoriaMetrics adds the labels of {@code ?extra_label=} to every series it is sent. */
  @Test
  void victoriaMetricsAddsTheExtraLabelOfTheQuery() throws IOException {
    try (VictoriaMetrics victoria = VictoriaMetrics.start(tmp.resolve("vm"), LOGS)) {
      ManualClock clock = new ManualClock(START);
      fullRun(reporter(victoria.remoteWriteUrl() + "?extra_label=env%3Dtest", clock), clock);
      Map<String, Double> stored =
          victoria.lastValues("{job=\"rw_full\",env=\"test\"}", "1h", clock.instant());
      Map<String, Double> expected = new TreeMap<>();
      expectedFull().forEach((k, v) -> expected.put(k.replace("{", "{env=\"test\","), v));
      assertThat(stored).isEqualTo(expected);
    }
  }

  @Test
  void aWriteTheReceiverRefusesFailsWithItsMessage() throws IOException {
    try (Prometheus prometheus = receivingPrometheus(tmp)) {
      ManualClock clock = new ManualClock(START);
      Reporter reporter = reporter(prometheus.remoteWriteUrl(), clock);
      fullRun(reporter, clock);
      // A wall clock stepped back an hour: the same series, older samples. Prometheus answers 400.
      clock.advance(Duration.ofHours(-1));
      assertThatThrownBy(() -> fullRun(reporter, clock))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("answered 400")
          .hasMessageContaining("out of order");
    }
  }
}
