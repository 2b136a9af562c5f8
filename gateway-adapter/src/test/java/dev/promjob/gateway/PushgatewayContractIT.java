package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.contract.BackendContract;
import dev.promjob.spi.Backend;
import dev.promjob.testing.Pushgateway;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Pushgateway backend keeps the same contract as the textfile backend, on the real gateway, but
 * one difference: a failed run POSTs, so families it did not report keep their values.
 */
class PushgatewayContractIT extends BackendContract {
  static Pushgateway gateway;
  static PushgatewayBackend backend;

  @BeforeAll
  static void start() throws IOException {
    gateway = Pushgateway.start(Path.of("target", "it-logs"));
    backend = PushgatewayBackend.builder().url(URI.create(gateway.url())).build();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Override
  protected Backend backend() {
    return backend;
  }

  @Override
  protected Map<String, Double> exposed(Job job) throws IOException {
    byte[] text = gateway.get("/metrics").getBytes(StandardCharsets.UTF_8);
    return seriesOf(
        new ByteArrayInputStream(text),
        job,
        Set.of("push_time_seconds", "push_failure_time_seconds"));
  }

  @Override
  protected boolean failedRunKeepsUnreportedFamilies() {
    return true;
  }
}
