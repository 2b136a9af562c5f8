package dev.promjob.gateway;

import dev.promjob.Config;
import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import java.util.Set;

/**
 * Makes the {@code remote_write} backend from {@code promjob.remote_write.*}; found by {@link
 * java.util.ServiceLoader}.
 *
 * <pre>{@code
 * // PROMJOB_BACKEND=remote_write PROMJOB_REMOTE_WRITE_URL=http://prometheus:9090/api/v1/write
 * Reporter reporter = Reporter.builder().build();
 * }</pre>
 */
public final class RemoteWriteProvider implements BackendProvider {
  /** Required by {@link java.util.ServiceLoader}. */
  public RemoteWriteProvider() {}

  @Override
  public String name() {
    return RemoteWriteBackend.NAME;
  }

  @Override
  public Backend create(Config config) {
    return RemoteWriteBackend.builder().config(config).build();
  }

  @Override
  public Set<String> keys() {
    return RemoteWriteKeys.ALL;
  }

  @Override
  public Set<String> secretKeys() {
    return RemoteWriteKeys.SECRET;
  }
}
