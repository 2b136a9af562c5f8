package dev.promjob.spring.batch;

import static dev.promjob.spring.batch.BatchApps.parameters;
import static dev.promjob.spring.batch.BatchApps.run;
import static dev.promjob.spring.batch.Series.labels;
import static dev.promjob.spring.batch.Series.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Pushgateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same Boot application reported service-level: to the real Pushgateway, and moved by
 * configuration alone to a real Prometheus' remote-write receiver.
 */
class BatchGatewaysIT {
  private static Path work;
  private static Pushgateway gateway;
  private static Prometheus prometheus;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("promjob-batch-gw-");
    gateway = Pushgateway.start(work);
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    prometheus =
        Prometheus.start(config, work.resolve("tsdb"), work, "--web.enable-remote-write-receiver");
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    JavaChild.deleteTree(work);
  }

  @BeforeEach
  void failOnDemand() {
    ItemsJobs.failing = true;
  }

  @Test
  void theGroupKeepsItsLastSuccessThroughAFailedStep() throws Exception {
    try (ConfigurableApplicationContext app =
        BatchApps.start(
            Map.of(
                "promjob.batch.scope", "service-level",
                "promjob.pushgateway.url", gateway.url(),
                "promjob.batch.job.itemsJob.labels", "region"))) {
      var ok = parameters().addString("region", "eu").toJobParameters();
      assertThat(run(app, "itemsJob", ok).getStatus()).isEqualTo(BatchStatus.COMPLETED);
      String job =
          labels("instance", "", "job", "itemsJob", "job_name", "itemsJob", "region", "eu");
      String afterSuccess = group();
      assertThat(value(afterSuccess, "promjob_last_run_success", job)).isEqualTo(1);
      double lastSuccess = value(afterSuccess, "promjob_last_success_timestamp_seconds", job);
      assertThat(
              value(
                  afterSuccess,
                  "batch_step_skipped_items",
                  labels(
                      "instance",
                      "",
                      "job",
                      "itemsJob",
                      "job_name",
                      "itemsJob",
                      "region",
                      "eu",
                      "step",
                      "itemsStep",
                      "phase",
                      "write")))
          .isPositive();
      System.out.println("the gateway after a success:\n" + afterSuccess);

      var failing = parameters().addString("region", "eu").addLong("failAt", 12L).toJobParameters();
      assertThat(run(app, "itemsJob", failing).getStatus()).isEqualTo(BatchStatus.FAILED);
      String afterFailure = group();
      assertThat(value(afterFailure, "promjob_last_run_success", job)).isEqualTo(0);
      assertThat(value(afterFailure, "promjob_last_success_timestamp_seconds", job))
          .isEqualTo(lastSuccess);
      assertThat(
              value(
                  afterFailure,
                  "batch_job_exit_code_info",
                  labels(
                      "exit_code",
                      "FAILED",
                      "instance",
                      "",
                      "job",
                      "itemsJob",
                      "job_name",
                      "itemsJob",
                      "region",
                      "eu")))
          .isEqualTo(1);
      System.out.println("the gateway after a failed step:\n" + afterFailure);
    }
  }

  @Test
  void aJobMovedToRemoteWriteSendsItsRunsThere() throws Exception {
    try (ConfigurableApplicationContext app =
        BatchApps.start(
            Map.of(
                "promjob.batch.scope", "service-level",
                "promjob.batch.job.itemsJob.name", "items_rw",
                "promjob.backend", "remote_write",
                "promjob.remote_write.url", prometheus.remoteWriteUrl()))) {
      assertThat(run(app, "itemsJob", parameters().toJobParameters()).getStatus())
          .isEqualTo(BatchStatus.COMPLETED);
      var success =
          prometheus.await(
              "promjob_last_success_timestamp_seconds{job_name=\"items_rw\"}",
              r -> r.size() == 1,
              Duration.ofSeconds(30));
      prometheus.await(
          "batch_step_skipped_items{job_name=\"items_rw\",step=\"itemsStep\",phase=\"process\"} > 0",
          r -> r.size() == 1,
          Duration.ofSeconds(30));

      var failing = parameters().addLong("failAt", 12L).toJobParameters();
      assertThat(run(app, "itemsJob", failing).getStatus()).isEqualTo(BatchStatus.FAILED);
      prometheus.await(
          "promjob_last_run_success{job_name=\"items_rw\"} == 0",
          r -> r.size() == 1,
          Duration.ofSeconds(30));
      prometheus.await(
          "batch_job_exit_code_info{job_name=\"items_rw\",exit_code=\"FAILED\"}",
          r -> r.size() == 1,
          Duration.ofSeconds(30));
      var kept =
          prometheus.query(
              "max_over_time(promjob_last_success_timestamp_seconds{job_name=\"items_rw\"}[1h])");
      assertThat(kept).hasSize(1);
      assertThat(kept.get(0).value()).isEqualTo(success.get(0).value());
    }
  }

  /** The gateway's series of job {@code itemsJob}, with their HELP and TYPE lines. */
  private static String group() throws Exception {
    String[] lines = gateway.get("/metrics").split("\n");
    return Arrays.stream(lines)
        .filter(l -> l.contains("job=\"itemsJob\""))
        .sorted()
        .collect(Collectors.joining("\n"));
  }
}
