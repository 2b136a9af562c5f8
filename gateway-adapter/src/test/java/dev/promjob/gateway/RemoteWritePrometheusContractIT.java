package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.testing.Prometheus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on Prometheus 2.42 with {@code --web.enable-remote-write-receiver}. */
class RemoteWritePrometheusContractIT extends RemoteWriteContract {
  static Prometheus prometheus;
  static java.nio.file.Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("promjob-rw-contract");
    prometheus = RemoteWriteIT.receivingPrometheus(dir);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (dir != null) {
      dev.promjob.testing.JavaChild.deleteTree(dir);
    }
  }

  @Override
  String queryUrl() {
    return prometheus.url() + "/api/v1/query";
  }

  @Override
  String writeUrl() {
    return prometheus.remoteWriteUrl();
  }

  @Override
  Map<String, Double> lastValues(Job job, Instant at) throws IOException {
    return prometheus.lastValues("{job_name=\"" + job.name() + "\"}", "1h", at);
  }
}
