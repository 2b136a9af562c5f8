package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.testing.VictoriaMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on VictoriaMetrics 1.79 (single node), through its Prometheus query API. */
class RemoteWriteVictoriaMetricsContractIT extends RemoteWriteContract {
  static VictoriaMetrics victoria;
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("promjob-vm-contract");
    victoria = VictoriaMetrics.start(dir.resolve("data"), Path.of("target", "it-logs"));
  }

  @AfterAll
  static void stop() {
    if (victoria != null) {
      victoria.close();
    }
    if (dir != null) {
      dev.promjob.testing.JavaChild.deleteTree(dir);
    }
  }

  @Override
  String queryUrl() {
    return victoria.remoteWriteUrl().replace("/api/v1/write", "/api/v1/query");
  }

  @Override
  String writeUrl() {
    return victoria.remoteWriteUrl();
  }

  @Override
  Map<String, Double> lastValues(Job job, Instant at) throws IOException {
    return victoria.lastValues("{job_name=\"" + job.name() + "\"}", "1h", at);
  }
}
