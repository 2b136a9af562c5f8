package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.Reporter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PromjobAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PromjobAutoConfiguration.class));

  @Test
  void providesAReporter() {
    runner.run(context -> assertThat(context).hasSingleBean(Reporter.class));
  }

  @Test
  void backsOffForTheApplicationsOwnReporter() {
    runner
        .withUserConfiguration(OwnReporter.class)
        .run(context -> assertThat(context.getBean(Reporter.class)).isSameAs(OwnReporter.REPORTER));
  }

  @Test
  void theBackendOfEveryJobAnIntegrationDeclaresIsMadeAtStart(@TempDir Path dir) {
    ApplicationContextRunner withJobs =
        runner.withBean(
            "nightlyJobs",
            PromjobJobs.class,
            () -> () -> List.of(Job.serviceLevel("nightly").build()));
    withJobs.run(
        context ->
            assertThat(context)
                .getFailure()
                .hasMessageStartingWith(
                    "service-level jobs push to a Pushgateway, but no URL is set"));
    withJobs
        .withPropertyValues("promjob.job.nightly.backend=textfile", "promjob.textfile.dir=" + dir)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnReporter {
    static final Reporter REPORTER = Reporter.builder().build();

    @Bean
    Reporter ownReporter() {
      return REPORTER;
    }
  }
}
