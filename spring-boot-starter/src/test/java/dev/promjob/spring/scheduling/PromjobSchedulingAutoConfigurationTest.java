package dev.promjob.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.spring.PromjobAutoConfiguration;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** When the scheduling integration is on, and its keys read from Spring's Environment. */
class PromjobSchedulingAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  PromjobAutoConfiguration.class, PromjobSchedulingAutoConfiguration.class))
          .withUserConfiguration(Tasks.class);

  @Configuration(proxyBeanMethods = false)
  static class Tasks {
    static class Sweeper {
      @Scheduled(fixedRate = 60_000)
      void sweep() {}
    }

    @Bean
    Sweeper tasks() {
      return new Sweeper();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    PrometheusRegistry prometheusRegistry() {
      return new PrometheusRegistry();
    }
  }

  @Test
  void onWithTheApplicationsPrometheusRegistryItsCollectorRegistered() {
    runner
        .withUserConfiguration(Registry.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(RegistryBackend.class);
              assertThat(context.getBean(ScheduledJobs.class).all())
                  .extracting(Job::name)
                  .containsExactly("tasks_sweep");
              // What the backend holds, the application's registry serves.
              Job job = context.getBean(ScheduledJobs.class).all().get(0);
              context
                  .getBean(RegistryBackend.class)
                  .report(
                      new Report(
                          job,
                          Outcome.SUCCESS,
                          Instant.ofEpochSecond(1_700_000_000),
                          Instant.ofEpochSecond(1_700_000_002),
                          new MetricSnapshots()));
              assertThat(context.getBean(PrometheusRegistry.class).scrape())
                  .extracting(m -> m.getMetadata().getPrometheusName())
                  .contains("promjob_last_success_timestamp_seconds");
            });
  }

  @Test
  void offWithoutARegistryToServeIt() {
    runner.run(context -> assertThat(context).doesNotHaveBean(RegistryBackend.class));
  }

  @Test
  void offByEitherSwitch() {
    runner
        .withUserConfiguration(Registry.class)
        .withPropertyValues("promjob.scheduled.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistryBackend.class));
    runner
        .withUserConfiguration(Registry.class)
        .withPropertyValues("promjob.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistryBackend.class));
  }

  @Test
  void aMethodIsRenamedInApplicationProperties() {
    runner
        .withUserConfiguration(Registry.class)
        .withPropertyValues("promjob.scheduled.job.tasks_sweep.name=nightly_sweep")
        .run(
            context ->
                assertThat(context.getBean(ScheduledJobs.class).all())
                    .extracting(Job::name)
                    .containsExactly("nightly_sweep"));
  }

  @Test
  void aBadSettingFailsTheStartNamingTheKey() {
    runner
        .withUserConfiguration(Registry.class)
        .withPropertyValues("promjob.scheduled.job.tasks_sweep.enabled=maybe")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                        "'maybe': promjob.scheduled.job.tasks_sweep.enabled must be true or false"));
  }
}
