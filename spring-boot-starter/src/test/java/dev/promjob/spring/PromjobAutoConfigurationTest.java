package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Reporter;
import org.junit.jupiter.api.Test;
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

  @Configuration(proxyBeanMethods = false)
  static class OwnReporter {
    static final Reporter REPORTER = Reporter.builder().build();

    @Bean
    Reporter ownReporter() {
      return REPORTER;
    }
  }
}
