package dev.promjob.spi;

import dev.promjob.Config;
import java.util.Set;

/**
 * Makes a {@link Backend} from configuration. Found with {@link java.util.ServiceLoader}: an
 * implementation is listed in {@code META-INF/services/dev.promjob.spi.BackendProvider} and has a
 * public no-argument constructor.
 *
 * <pre>{@code
 * public final class PushgatewayProvider implements BackendProvider {
 *   public String name() { return "pushgateway"; }
 *   public Backend create(Config config) { return PushgatewayBackend.builder().config(config).build(); }
 * }
 * }</pre>
 */
public interface BackendProvider {

  /** The backend's name, as {@link Backend#name()} returns it. */
  String name();

  /**
   * A backend configured from {@code config}.
   *
   * @throws IllegalArgumentException naming a bad value and its key
   */
  Backend create(Config config);

  /**
   * Every {@code promjob.*} key this backend reads, such as {@code promjob.pushgateway.url}. Keys
   * of no installed backend are refused, naming the key; {@code PROMJOB_*} environment variables
   * are matched against these. Default: none.
   */
  default Set<String> keys() {
    return Set.of();
  }

  /** The keys among {@link #keys()} whose values are secrets: never shown, never logged. */
  default Set<String> secretKeys() {
    return Set.of();
  }
}
