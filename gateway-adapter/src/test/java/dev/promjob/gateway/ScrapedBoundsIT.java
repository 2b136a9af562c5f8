package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.spi.Backend;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Remote write sends the bounds a scrape stores: one report with bounds that Java and Go write
 * differently, scraped from the real node_exporter (textfile) and the real Pushgateway, which both
 * write them back as Go does, and sent by remote write, decoded from the wire. All three must be
 * the same texts, and the ones written out here.
 */
class ScrapedBoundsIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final double[] BOUNDS = {
    1e-7, 0.00001, 0.0001, 0.1, 0.3, 1, 2.5, 100_000, 999_999, 1_000_000, 123_456_789, 1e21, 2e23
  };
  static final List<String> GO_BOUNDS =
      List.of(
          "1e-07",
          "1e-05",
          "0.0001",
          "0.1",
          "0.3",
          "1",
          "2.5",
          "100000",
          "999999",
          "1e+06",
          "1.23456789e+08",
          "1e+21",
          "2e+23",
          "+Inf");
  static final double[] QUANTILES = {0.00001, 0.5, 0.999, 1};
  static final List<String> GO_QUANTILES = List.of("1e-05", "0.5", "0.999", "1");

  static final Job JOB = Job.serviceLevel("bounds_job").build();

  static void report(Backend backend) {
    Reporter reporter =
        Reporter.builder()
            .backend(Scope.SERVICE_LEVEL, backend)
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    reporter.run(
        JOB,
        run -> {
          Histogram.builder()
              .name("bounds_seconds")
              .help("Bounds Java and Go write differently.")
              .classicUpperBounds(BOUNDS)
              .classicOnly()
              .register(run.registry())
              .observe(2);
          Summary.Builder s = Summary.builder().name("bounds_bytes").help("Quantiles.");
          for (double q : QUANTILES) {
            s.quantile(q, 0);
          }
          s.register(run.registry()).observe(3);
        });
  }

  /** The values of {@code label} on the lines of {@code sample}, in order. */
  static List<String> labelValues(String text, String sample, String label) {
    List<String> out = new ArrayList<>();
    Pattern value = Pattern.compile("[{,]" + label + "=\"([^\"]*)\"");
    for (String line : NodeExporter.samples(text, sample)) {
      Matcher m = value.matcher(line);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @Test
  void remoteWriteSendsTheBoundsNodeExporterAndThePushgatewayServe() throws IOException {
    Path dir = NodeExporter.readableTempDirectory("promjob-bounds");
    String nodeExporter;
    String pushgateway;
    try (NodeExporter exporter = NodeExporter.start(dir, LOGS);
        Pushgateway gateway = Pushgateway.start(LOGS)) {
      report(TextfileBackend.builder().directory(dir).build());
      report(PushgatewayBackend.builder().url(URI.create(gateway.url())).build());
      nodeExporter = exporter.scrape();
      pushgateway = gateway.get("/metrics");
    } finally {
      JavaChild.deleteTree(dir);
    }
    List<String> sentBounds = new ArrayList<>();
    List<String> sentQuantiles = new ArrayList<>();
    try (CapturingServer receiver = CapturingServer.start(204)) {
      report(RemoteWriteBackend.builder().url(receiver.uri("/api/v1/write")).build());
      for (WriteRequests.Series s : WriteRequests.decode(receiver.seen.get(0).body())) {
        String name = s.labels().get("__name__");
        if (name.equals("bounds_seconds_bucket")) {
          sentBounds.add(s.labels().get("le"));
        } else if (name.equals("bounds_bytes")) {
          sentQuantiles.add(s.labels().get("quantile"));
        }
      }
    }
    for (String scrape : List.of(nodeExporter, pushgateway)) {
      assertThat(labelValues(scrape, "bounds_seconds_bucket", "le")).isEqualTo(GO_BOUNDS);
      assertThat(labelValues(scrape, "bounds_bytes", "quantile")).isEqualTo(GO_QUANTILES);
    }
    assertThat(sentBounds).as("remote write's le").isEqualTo(GO_BOUNDS);
    assertThat(sentQuantiles).as("remote write's quantile").isEqualTo(GO_QUANTILES);
  }
}
