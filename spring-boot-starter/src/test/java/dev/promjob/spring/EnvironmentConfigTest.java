package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import dev.promjob.Reporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * promjob's configuration from a real Spring Boot application's property sources: application.yml,
 * a profile's, command-line arguments (environment variables: {@link EnvironmentVariablesIT}).
 */
@ExtendWith(OutputCaptureExtension.class)
class EnvironmentConfigTest {

  @SpringBootConfiguration(proxyBeanMethods = false)
  @ImportAutoConfiguration(PromjobAutoConfiguration.class)
  static class App {}

  static ConfigurableApplicationContext start(String yml, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--spring.config.location=classpath:/promjob-env/" + yml;
    System.arraycopy(args, 0, all, 1, args.length);
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .run(all);
  }

  @Test
  void applicationYmlAndAProfileWithBootsPrecedenceAndKebabNames() {
    try (ConfigurableApplicationContext app =
        start("application.yml", "--spring.profiles.active=nightly")) {
      Config config = app.getBean(Config.class);
      assertThat(config.get(Config.TEXTFILE_DIR)).contains("/from/profile");
      assertThat(config.get(Config.TEXTFILE_MODE)).contains("0640");
      assertThat(config.get(Config.TEXTFILE_GUARD)).contains("warn");
      assertThat(config.get(Config.TEXTFILE_LOCK_TIMEOUT)).contains("7s");
      assertThat(config.jobBackend("nightly-export")).contains("textfile");
      assertThat(config.jobSetting("importJob", ".max_runtime")).contains("2h");
      assertThat(app.getBean(Reporter.class).reportErrors().name()).isEqualTo("THROW");
    }
  }

  @Test
  void withoutTheProfileApplicationYmlAnswers() {
    try (ConfigurableApplicationContext app = start("application.yml")) {
      assertThat(app.getBean(Config.class).get(Config.TEXTFILE_DIR)).contains("/from/yml");
      assertThat(app.getBean(Config.class).get(Config.TEXTFILE_MODE)).isEmpty();
    }
  }

  @Test
  void snakeAndCamelNamesToo() {
    try (ConfigurableApplicationContext app = start("snake.yml")) {
      Config config = app.getBean(Config.class);
      assertThat(config.get(Config.TEXTFILE_LOCK_TIMEOUT)).contains("9s");
      assertThat(config.get(Config.SHUTDOWN_TIMEOUT)).contains("3s");
    }
  }

  @Test
  void commandLineArgumentsBeatTheProfileAndApplicationYml() {
    try (ConfigurableApplicationContext app =
        start(
            "application.yml",
            "--spring.profiles.active=nightly",
            "--promjob.textfile.dir=/from/arg",
            "--promjob.textfile.lock_timeout=11s",
            "--promjob.job.nightly-export.backend=pushgateway",
            "--promjob.pushgateway.url=http://127.0.0.1:9")) {
      Config config = app.getBean(Config.class);
      assertThat(config.get(Config.TEXTFILE_DIR)).contains("/from/arg");
      assertThat(config.get(Config.TEXTFILE_LOCK_TIMEOUT)).contains("11s");
      assertThat(config.jobBackend("nightly-export")).contains("pushgateway");
    }
  }

  @Test
  void anUnknownKeyInApplicationYmlStopsTheStartNamingItsOrigin(CapturedOutput output) {
    assertThatThrownBy(() -> start("unknown.yml"))
        .rootCause()
        .isInstanceOf(UnknownKeyException.class)
        .hasMessage(
            "'promjob.textfile.dirr': unknown promjob configuration key, from class path resource"
                + " [promjob-env/unknown.yml] - 3:11");
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "'promjob.textfile.dirr' is not a promjob configuration key: no part of promjob (lib,"
                + " its installed backends, the integrations) reads it.\n\n"
                + "    Origin: class path resource [promjob-env/unknown.yml] - 3:11\n")
        .contains(
            "Correct or remove 'promjob.textfile.dirr'. Known keys near it: promjob.textfile.dir,");
  }

  @Test
  void anUnknownKeyAsAnArgumentStopsTheStartNamingItsOrigin(CapturedOutput output) {
    assertThatThrownBy(() -> start("application.yml", "--promjob.textfile.lock-timeou=1s"))
        .rootCause()
        .isInstanceOf(UnknownKeyException.class)
        .hasMessageStartingWith("'promjob.textfile.lock-timeou': unknown promjob configuration key")
        .hasMessageContaining("commandLineArgs");
    assertThat(output.getOut() + output.getErr())
        .contains("Known keys near it: promjob.textfile.lock_timeout,");
  }

  @Test
  void promjobEnabledFalseTurnsTheIntegrationOffUnknownKeysIncluded() {
    try (ConfigurableApplicationContext app = start("unknown.yml", "--promjob.enabled=false")) {
      assertThat(app.getBeansOfType(Config.class)).isEmpty();
      assertThat(app.getBeansOfType(Reporter.class)).isEmpty();
    }
    try (ConfigurableApplicationContext app = start("application.yml", "--promjob.enabled=true")) {
      assertThat(app.getBean(Config.class).get(PromjobSpringKeys.ENABLED)).contains("true");
    }
  }
}
