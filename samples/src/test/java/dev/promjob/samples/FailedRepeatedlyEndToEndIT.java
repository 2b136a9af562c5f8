package dev.promjob.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Prometheus.Sample;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped PromjobJobFailedRepeatedly in a real Prometheus 2.42 with the shipped scrape config
 * and rules: a textfile job (node_exporter as nobody), a Pushgateway job and a remote-written job
 * (into the same Prometheus, its query API configured) fail twice (silent), a third time (firing
 * for all three), then succeed (resolved).
 */
class FailedRepeatedlyEndToEndIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final Duration ARRIVAL = Duration.ofSeconds(60);
  static final String FIRING =
      "ALERTS{alertname=\"PromjobJobFailedRepeatedly\",alertstate=\"firing\"}";

  private Path root;
  private NodeExporter nodeExporter;
  private Pushgateway pushgateway;
  private Prometheus prometheus;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, pushgateway, nodeExporter}) {
      if (c != null) {
        c.close();
      }
    }
    if (root != null) {
      JavaChild.deleteTree(root);
    }
  }

  static void fail(List<Reporter> reporters, List<Job> jobs) {
    for (int i = 0; i < jobs.size(); i++) {
      Reporter reporter = reporters.get(i);
      Job job = jobs.get(i);
      assertThrows(
          IllegalStateException.class,
          () ->
              reporter.run(
                  job,
                  run -> {
                    throw new IllegalStateException("failed");
                  }));
    }
  }

  static void succeed(List<Reporter> reporters, List<Job> jobs) {
    for (int i = 0; i < jobs.size(); i++) {
      reporters.get(i).run(jobs.get(i), run -> {});
    }
  }

  /** The count of each job as Prometheus sees it now (windowed for the remote-written one). */
  List<Sample> counts(double value) throws IOException {
    String count =
        "last_over_time(promjob_consecutive_failures{job_name=~\"e2e_consec_.*\"}[1h]) == " + value;
    return prometheus.await(count, s -> s.size() == 3, ARRIVAL);
  }

  @Test
  void threeFailuresInARowFireOnEveryBackendAndASuccessResolves() throws IOException {
    root = NodeExporter.readableTempDirectory("promjob-consec-e2e-");
    Path textfiles = Files.createDirectory(root.resolve("textfile"));
    Files.setPosixFilePermissions(textfiles, PosixFilePermissions.fromString("rwxr-xr-x"));
    nodeExporter = NodeExporter.start(textfiles, LOGS);
    pushgateway = Pushgateway.start(LOGS);
    Path conf = Files.createDirectory(root.resolve("prometheus"));
    Files.writeString(
        conf.resolve("prometheus.yml"),
        EndToEndIT.shippedConfig(
            EndToEndIT.port(nodeExporter.url()), EndToEndIT.port(pushgateway.url())));
    Files.copy(AlertRulesIT.RULES, conf.resolve("promjob-alerts.yml"));
    prometheus =
        Prometheus.start(
            conf.resolve("prometheus.yml"),
            root.resolve("tsdb"),
            LOGS,
            "--web.enable-remote-write-receiver");

    List<Job> jobs =
        List.of(
            Job.machineBound("e2e_consec_file").build(),
            Job.serviceLevel("e2e_consec_push").build(),
            Job.serviceLevel("e2e_consec_rw").build());
    Reporter file =
        Reporter.builder()
            .textfileDirectory(textfiles)
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    Reporter push =
        Reporter.builder()
            .config(Config.of(Map.of("promjob.pushgateway.url", pushgateway.url())))
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    Reporter rw =
        Reporter.builder()
            .config(
                Config.of(
                    Map.of(
                        Config.BACKEND,
                        "remote_write",
                        "promjob.remote_write.url",
                        prometheus.remoteWriteUrl(),
                        "promjob.remote_write.query_url",
                        prometheus.url() + "/api/v1/query")))
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    List<Reporter> reporters = List.of(file, push, rw);

    succeed(reporters, jobs);
    fail(reporters, jobs);
    fail(reporters, jobs);
    EndToEndIT.print("count 2", counts(2));
    prometheus.awaitEvaluationAfter(Instant.now(), ARRIVAL);
    assertThat(prometheus.query(FIRING)).as("two failures in a row are silent").isEmpty();

    fail(reporters, jobs);
    EndToEndIT.print("count 3", counts(3));
    List<Sample> alerts = prometheus.await(FIRING, s -> s.size() == 3, ARRIVAL);
    EndToEndIT.print(FIRING, alerts);
    assertThat(alerts.stream().map(s -> s.label("job_name")).sorted())
        .containsExactly("e2e_consec_file", "e2e_consec_push", "e2e_consec_rw");

    succeed(reporters, jobs);
    EndToEndIT.print("count 0", counts(0));
    prometheus.await(FIRING, List::isEmpty, ARRIVAL);
  }
}
