package dev.promjob.testing;

import dev.promjob.spi.ConfigKeysProvider;
import java.util.Set;

/**
 * An integration from outside lib declaring keys of its own, found by {@link
 * java.util.ServiceLoader} (lib's test resources list it), with a per-name key and a secret one,
 * and two keys that can never be set (left out of the catalogue).
 */
public final class ExampleKeys implements ConfigKeysProvider {
  public static final String ENABLED = "promjob.integration.enabled";
  public static final String JOB_ENABLED = "promjob.integration.job.*.enabled";
  public static final String JOB_TOKEN = "promjob.integration.job.*.token";
  public static final String NOT_PROMJOB = "integration.enabled";
  public static final String STAR_IN_SEGMENT = "promjob.integration.job*.scope";

  /** Required by {@link java.util.ServiceLoader}. */
  public ExampleKeys() {}

  @Override
  public Set<String> keys() {
    return Set.of(ENABLED, JOB_ENABLED, JOB_TOKEN, NOT_PROMJOB, STAR_IN_SEGMENT);
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of(JOB_TOKEN);
  }
}
