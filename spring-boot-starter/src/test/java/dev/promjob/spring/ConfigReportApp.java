package dev.promjob.spring;

import dev.promjob.Config;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application that prints what its promjob {@link Config} holds, one {@code
 * key=value} line each, and exits 0; exits 1 if it cannot start (Boot prints why). Run as its own
 * JVM by {@link EnvironmentVariablesIT}, with the environment it is given.
 */
public final class ConfigReportApp {
  private ConfigReportApp() {}

  public static void main(String[] args) {
    ConfigurableApplicationContext app;
    try {
      app =
          new SpringApplicationBuilder(EnvironmentConfigTest.App.class)
              .web(WebApplicationType.NONE)
              .bannerMode(Banner.Mode.OFF)
              .logStartupInfo(false)
              .run(args);
    } catch (RuntimeException e) {
      System.exit(1);
      return;
    }
    Config config = app.getBean(Config.class);
    System.out.println("dir=" + config.get(Config.TEXTFILE_DIR).orElse("-"));
    System.out.println("lock_timeout=" + config.get(Config.TEXTFILE_LOCK_TIMEOUT).orElse("-"));
    System.out.println("guard=" + config.get(Config.TEXTFILE_GUARD).orElse("-"));
    System.out.println("nightly-export=" + config.jobBackend("nightly-export").orElse("-"));
    System.out.println("weekly=" + config.jobBackend("weekly").orElse("-"));
    System.out.println(
        "importJob.max_runtime=" + config.jobSetting("importJob", ".max_runtime").orElse("-"));
    app.close();
  }
}
