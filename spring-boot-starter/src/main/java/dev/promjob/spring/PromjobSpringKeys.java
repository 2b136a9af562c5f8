package dev.promjob.spring;

import dev.promjob.spi.ConfigKeysProvider;
import java.util.Set;

/**
 * The starter's own key, declared to lib like any integration's: {@value #ENABLED} ({@code true} by
 * default) turns the whole integration off: no {@code Config} nor {@code Reporter} bean, no check
 * of {@code promjob.*} keys, nothing reported.
 *
 * <pre>{@code
 * promjob:
 *   enabled: false
 * }</pre>
 */
public final class PromjobSpringKeys implements ConfigKeysProvider {
  /** {@code true} (default) or {@code false}: whether promjob's integration is on at all. */
  public static final String ENABLED = "promjob.enabled";

  /** Required by {@link java.util.ServiceLoader}. */
  public PromjobSpringKeys() {}

  @Override
  public Set<String> keys() {
    return Set.of(ENABLED);
  }
}
