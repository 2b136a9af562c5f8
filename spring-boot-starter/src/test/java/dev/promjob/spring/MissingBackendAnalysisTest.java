package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A real Spring Boot start whose configuration names a backend no artifact provides, misspelt:
 * Boot's analysis names the key or variable that chose it, where it was set, and the nearest name.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingBackendAnalysisTest {

  /** An application whose integration declares the job {@code nightly_export}, checked at start. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @ImportAutoConfiguration(PromjobAutoConfiguration.class)
  static class App {
    @Bean
    PromjobJobs nightlyJobs() {
      return () -> List.of(Job.serviceLevel("nightly_export").build());
    }
  }

  @Test
  void aMisspeltBackendInAVariableIsNamedWithTheVariableAndTheNearestBackend(
      CapturedOutput output) {
    StandardEnvironment env = new StandardEnvironment();
    // The variable as the process environment would hold it, in the source Boot reads it from.
    env.getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PROMJOB_JOB_NIGHTLY_EXPORT_BACKEND", "pushgatway")));
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(App.class)
                    .environment(env)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .run("--spring.config.location=classpath:/promjob-env/snake.yml"))
        .hasStackTraceContaining("no 'pushgatway' backend on the class path");
    assertThat(output.getAll())
        .containsPattern(
            "Description:\n\nno 'pushgatway' backend on the class path; backends found: \\[[^\n]*\n\n"
                + "    Chosen by: PROMJOB_JOB_NIGHTLY_EXPORT_BACKEND\n"
                + "    Origin: System Environment Property \"PROMJOB_JOB_NIGHTLY_EXPORT_BACKEND\"\n")
        .contains(
            "Action:\n\nDid you mean pushgateway? Correct the name; otherwise add the artifact");
  }

  @Test
  void aMisspeltBackendAsAnArgumentIsNamedWithItsKey(CapturedOutput output) {
    assertThatThrownBy(
            () -> EnvironmentConfigTest.start("application.yml", "--promjob.backend=textfil"))
        .hasStackTraceContaining("no 'textfil' backend on the class path");
    assertThat(output.getAll())
        .contains(
            "\n\n    Chosen by: promjob.backend\n"
                + "    Origin: \"promjob.backend\" from property source \"commandLineArgs\"\n")
        .contains("Action:\n\nDid you mean textfile? Correct the name; otherwise add the artifact");
  }
}
