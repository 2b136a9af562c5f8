package dev.promjob.spring.scheduling;

import dev.promjob.spi.ConfigKeysProvider;
import java.util.Set;

/**
 * The keys of the {@code @Scheduled} reporting, declared to lib so that its configuration knows
 * them in every source and refuses the others.
 *
 * <pre>{@code
 * promjob.scheduled.enabled=false                            # no @Scheduled method reported
 * promjob.scheduled.job.report_cleaner_purge_old.enabled=false  # this one not
 * promjob.scheduled.job.report_cleaner_purge_old.name=purge     # this one as job 'purge'
 * }</pre>
 */
public final class ScheduledKeys implements ConfigKeysProvider {
  /** Whether {@code @Scheduled} methods are reported at all (default true). */
  public static final String ENABLED = "promjob.scheduled.enabled";

  /** Per method, by its default job name: whether it is reported (default true). */
  public static final String JOB_ENABLED = ScheduledJobs.PREFIX + "*.enabled";

  /** Per method, by its default job name: the name of its job. */
  public static final String JOB_NAME = ScheduledJobs.PREFIX + "*.name";

  @Override
  public Set<String> keys() {
    return Set.of(ENABLED, JOB_ENABLED, JOB_NAME);
  }
}
