package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.testing.JavaChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on InfluxDB 1.6, which takes remote write only at a URL with a query ({@code
 * /api/v1/prom/write?db=promjob}), read back with InfluxQL. Every case holds as on Prometheus:
 * InfluxDB could drop a series ({@code DROP SERIES}), but remote write has no delete, so the
 * backend refuses as on every receiver and the series stay.
 */
class RemoteWriteInfluxDbContractIT extends RemoteWriteContract {
  static InfluxDb influx;
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("promjob-influx-contract");
    influx = InfluxDb.start(dir, RemoteWriteIT.LOGS);
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
    if (dir != null) {
      JavaChild.deleteTree(dir);
    }
  }

  @Override
  String queryUrl() {
    return null; // InfluxDB 1.x has no Prometheus query API
  }

  @Override
  String writeUrl() {
    return influx.remoteWriteUrl();
  }

  @Override
  Map<String, Double> lastValues(Job job, Instant at) throws IOException {
    return influx.lastValues(job, at);
  }
}
