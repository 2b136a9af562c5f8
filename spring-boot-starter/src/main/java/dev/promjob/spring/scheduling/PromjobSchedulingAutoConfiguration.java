package dev.promjob.spring.scheduling;

import dev.promjob.Config;
import dev.promjob.Reporter;
import dev.promjob.spring.PromjobAutoConfiguration;
import io.micrometer.observation.ObservationHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Reports every {@code @Scheduled} method of a long-running application as a promjob job, through
 * the application's own registry: each execution is a run, and {@code /actuator/prometheus} serves
 * the same standard metrics a push or a textfile would carry (last success, last run success,
 * duration, the deadline of the method's cron or the expected interval of its fixed rate or delay,
 * failures in a row), so the shipped alert rules cover them unchanged. Nothing is pushed.
 *
 * <p>On with actuator and {@code micrometer-registry-prometheus}; off with {@code
 * promjob.scheduled.enabled=false} (or {@code promjob.enabled=false}), or per method. No {@code
 * PromjobJobs} bean: these jobs go to no backend of the Reporter's, so the start-up check of
 * backends has nothing to check for them.
 *
 * <pre>{@code
 * promjob:
 *   scheduled:
 *     job:
 *       report_cleaner_purge_old:     # bean reportCleaner, method purgeOld()
 *         name: report_purge          # the job's name (default: report_cleaner_purge_old)
 *         enabled: true
 * }</pre>
 */
@AutoConfiguration(
    after = PromjobAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass({ObservationHandler.class, ScheduledTaskObservationContext.class})
@ConditionalOnBean({PrometheusRegistry.class, Reporter.class, Config.class})
@ConditionalOnProperty(
    prefix = "promjob.scheduled",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class PromjobSchedulingAutoConfiguration {

  /** Records the {@code @Scheduled} methods; static, so that it needs no other bean to exist. */
  @Bean
  static ScheduledMethods promjobScheduledMethods() {
    return new ScheduledMethods();
  }

  /** The backend the runs report to, served by the application's registry. */
  @Bean
  RegistryBackend promjobScheduledBackend(PrometheusRegistry registry) {
    RegistryBackend backend = new RegistryBackend();
    registry.register(backend);
    return backend;
  }

  /** Each method's job, its keys read from promjob's configuration (Spring's Environment). */
  @Bean
  ScheduledJobs promjobScheduledJobs(ScheduledMethods methods, Reporter reporter, Config config) {
    return new ScheduledJobs(methods, reporter, config::get, InstantSource.system());
  }

  /** Each execution of a scheduled method, seen through Spring's scheduled-task observation. */
  @Bean
  ObservationHandler<ScheduledTaskObservationContext> promjobScheduledRuns(
      ScheduledJobs jobs, RegistryBackend backend) {
    return new ScheduledRuns(jobs, backend, InstantSource.system());
  }

  /** Checks every method's job once all beans exist: a bad setting fails the start. */
  @Bean
  SmartInitializingSingleton promjobScheduledJobsCheck(ScheduledJobs jobs) {
    return jobs::all;
  }
}
