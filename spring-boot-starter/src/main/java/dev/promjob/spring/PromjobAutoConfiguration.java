package dev.promjob.spring;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Reporter;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * promjob in a Spring Boot application: its {@link Config} read from Spring's {@code Environment}
 * (application.yml, profiles, environment variables, arguments, with Boot's precedence; an unknown
 * {@code promjob.*} key stops the start, named with its origin), and a {@link Reporter} bean built
 * from it, unless the application declares its own. {@code promjob.enabled=false} turns it all off.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.promjob</groupId>
 *   <artifactId>promjob-spring-boot-starter</artifactId>
 * </dependency>
 * }</pre>
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = PromjobSpringKeys.ENABLED, matchIfMissing = true)
public class PromjobAutoConfiguration {

  /** promjob's configuration from Spring's environment. */
  @Bean
  @ConditionalOnMissingBean
  public Config promjobConfig(ConfigurableEnvironment environment) {
    return EnvironmentConfig.from(environment);
  }

  /** The reporter every integration of this application reports through. */
  @Bean
  @ConditionalOnMissingBean
  public Reporter promjobReporter(Config promjobConfig) {
    return Reporter.builder().config(promjobConfig).build();
  }

  /**
   * Makes the backend of every job the integrations declare, and every backend the configuration
   * names, when the application starts: a missing artifact fails the start, not the first run.
   */
  @Bean
  public SmartInitializingSingleton promjobBackendCheck(
      Reporter reporter, Config config, ObjectProvider<PromjobJobs> jobs) {
    return () -> {
      Set<String> named = new TreeSet<>();
      config.get(Config.BACKEND).ifPresent(named::add);
      config
          .asMap()
          .forEach(
              (key, value) -> {
                if (key.startsWith("promjob.job.") && key.endsWith(".backend")) {
                  named.add(value);
                }
              });
      named.forEach(name -> reporter.backendNamed(name.trim()));
      jobs.orderedStream()
          .flatMap(j -> j.jobs().stream())
          .map(reporter::configured)
          .forEach((Job job) -> reporter.backendFor(job));
    };
  }
}
