package dev.promjob.spring.batch;

import dev.promjob.spi.ConfigKeysProvider;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of the Spring Batch integration, declared to lib's configuration (listed in {@code
 * META-INF/services/dev.promjob.spi.ConfigKeysProvider}), so that they are known in every source
 * and a typo among them is refused like any other.
 *
 * <pre>{@code
 * promjob.batch.enabled=false                  # no batch job reported
 * promjob.batch.job.importUsers.labels=region  # a job parameter as a grouping label
 * }</pre>
 */
public final class BatchKeys implements ConfigKeysProvider {
  @Override
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>(Set.of(BatchSettings.ENABLED, BatchSettings.SCOPE));
    for (String suffix : BatchSettings.JOB_SUFFIXES) {
      keys.add(BatchSettings.jobKey("*", suffix));
    }
    return keys;
  }
}
