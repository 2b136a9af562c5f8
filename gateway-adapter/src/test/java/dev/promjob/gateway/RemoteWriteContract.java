package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.contract.BackendContract;
import dev.promjob.spi.Backend;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * The contract on a real remote-write receiver. What a consumer sees is what a windowed rule sees:
 * the last value of each series within an hour before the run's end, since an instant query sees a
 * remote-written series only for the lookback window after its last sample. So a failed run leaves
 * the families it did not send as they were (like the Pushgateway's POST), and nothing can be
 * deleted.
 */
abstract class RemoteWriteContract extends BackendContract {
  private RemoteWriteBackend backend;

  /** The receiver's write URL. */
  abstract String writeUrl();

  /** The receiver's Prometheus query API, or null if it has none (InfluxDB 1.x). */
  abstract String queryUrl();

  /** The last values of the series of {@code job}, within an hour before {@code at}. */
  abstract Map<String, Double> lastValues(Job job, Instant at) throws IOException;

  @Override
  protected Backend backend() {
    if (backend == null) {
      RemoteWriteBackend.Builder b = RemoteWriteBackend.builder().url(URI.create(writeUrl()));
      if (queryUrl() != null) {
        b.queryUrl(URI.create(queryUrl()));
      }
      backend = b.build();
    }
    return backend;
  }

  @Override
  protected Map<String, Double> exposed(Job job) throws IOException {
    return lastValues(job, clock.instant());
  }

  @Override
  protected boolean failedRunKeepsUnreportedFamilies() {
    return true;
  }

  @Override
  protected boolean keepsConsecutiveFailures() {
    return queryUrl() != null;
  }

  @Override
  protected boolean canDelete() {
    return false;
  }
}
