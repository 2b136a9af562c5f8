package dev.promjob.spring.batch;

import dev.promjob.Config;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import dev.promjob.spring.PromjobAutoConfiguration;
import dev.promjob.spring.PromjobJobs;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reports every Spring Batch 6 job of the application, one run per job execution, with no code:
 *
 * <pre>{@code
 * promjob:
 *   pushgateway.url: http://pushgateway:9091
 *   batch:
 *     job:
 *       importUsers:
 *         labels: region          # job parameters that become grouping labels
 *       cleanup:
 *         enabled: false
 * }</pre>
 *
 * <p>The default scope: service-level (a Pushgateway) when Spring Boot detects a cloud platform (a
 * Kubernetes CronJob's pod, whose files die with it), machine-bound (node_exporter's textfile) on a
 * host, where cron starts the application; {@code promjob.batch.scope} decides otherwise.
 */
@AutoConfiguration(after = PromjobAutoConfiguration.class)
@ConditionalOnBean({Config.class, Reporter.class}) // none with promjob.enabled=false
@ConditionalOnClass(
    name = {
      "org.springframework.batch.core.job.Job", // Batch 6's package: Batch 5's classes do not load
      "org.springframework.batch.core.listener.JobExecutionListener"
    })
public class PromjobBatchAutoConfiguration {

  /**
   * Static, and every bean it needs looked up on first use: a post-processor made early must not
   * make the reporter early (it would miss other post-processors).
   */
  @Bean
  static BatchJobs promjobBatchJobs(
      ObjectProvider<Config> config, ObjectProvider<Reporter> reporter, Environment environment) {
    return new BatchJobs(
        config::getObject,
        reporter::getObject,
        () -> defaultScope(environment),
        () -> variables(environment));
  }

  /** The names of the environment's variables, where a per-job variable may be set. */
  static List<String> variables(Environment environment) {
    List<String> names = new ArrayList<>();
    if (environment instanceof ConfigurableEnvironment env) {
      for (PropertySource<?> source : env.getPropertySources()) {
        if (source instanceof SystemEnvironmentPropertySource variables) {
          names.addAll(List.of(variables.getPropertyNames()));
        }
      }
    }
    return names;
  }

  /**
   * The batch jobs as promjob jobs, for the start-up check of every integration's jobs (their
   * grouping labels come from each execution's parameters: none here).
   */
  @Bean
  PromjobJobs promjobBatchJobList(BatchJobs promjobBatchJobs) {
    return () -> promjobBatchJobs.plans().stream().map(BatchJobPlan::declared).toList();
  }

  static Scope defaultScope(Environment environment) {
    CloudPlatform platform = CloudPlatform.getActive(environment);
    return platform == null || platform == CloudPlatform.NONE
        ? Scope.MACHINE_BOUND
        : Scope.SERVICE_LEVEL;
  }
}
