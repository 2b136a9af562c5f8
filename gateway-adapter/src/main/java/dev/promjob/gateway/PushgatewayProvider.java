package dev.promjob.gateway;

import dev.promjob.Config;
import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import java.util.Set;

/**
 * Makes the {@code pushgateway} backend from {@code promjob.pushgateway.*} configuration. Found by
 * {@link java.util.ServiceLoader}; users need not touch it.
 *
 * <pre>{@code
 * Backend b = new PushgatewayProvider().create(Config.of(Map.of(PushgatewayKeys.URL, url)));
 * }</pre>
 */
public final class PushgatewayProvider implements BackendProvider {
  /** Required by {@link java.util.ServiceLoader}. */
  public PushgatewayProvider() {}

  @Override
  public String name() {
    return "pushgateway";
  }

  @Override
  public Backend create(Config config) {
    return PushgatewayBackend.builder().config(config).build();
  }

  @Override
  public Set<String> keys() {
    return PushgatewayKeys.ALL;
  }

  @Override
  public Set<String> secretKeys() {
    return PushgatewayKeys.SECRET;
  }
}
