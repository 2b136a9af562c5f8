package dev.promjob.spring.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter in a user's application on each Boot line, as Maven resolves it from {@code
 * spring-boot-starter-parent}: 3.5 refused in Boot's words naming the line needed, 4.0 with {@code
 * prometheus-client.version} reporting a run.
 */
class BootLinesIT {
  private static final Duration RUN = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void boot35IsRefusedAtStartNamingTheBootLineNeeded() throws Exception {
    String cp = BootApps.classPath("boot-3.5", "3.5.7", Map.of(), List.of(BootApps.STARTER));
    assertThat(cp).contains("spring-boot-3.5.7.jar", "prometheus-metrics-core-1.3.10.jar");

    BootApps.Exit exit =
        BootApps.run(
            cp,
            dir,
            Map.of("PROMJOB_TEXTFILE_DIR", dir.toString()),
            RUN,
            "--spring.main.web-application-type=none",
            "--compat.job=boot35");

    assertThat(exit.code()).as(exit.output()).isNotZero();
    assertThat(exit.output())
        .contains("APPLICATION FAILED TO START")
        .contains("Description:\n\npromjob-spring-boot-starter does not run on Spring Boot 3.5.7")
        .contains("Action:\n\nMove the application to Spring Boot 4.1")
        .contains("Spring Boot 4.0 with client_java raised by the Maven property")
        .contains("<prometheus-client.version>1.9.0</prometheus-client.version>")
        .doesNotContain("COMPAT READY");
    assertThat(dir.resolve("boot35.prom")).doesNotExist();
  }

  @Test
  void boot40WithoutThePropertyIsRefusedNamingIt() throws Exception {
    String cp = BootApps.classPath("boot-4.0-bare", "4.0.7", Map.of(), List.of(BootApps.STARTER));
    assertThat(cp).contains("spring-boot-4.0.7.jar", "prometheus-metrics-core-1.4.3.jar");

    BootApps.Exit exit =
        BootApps.run(
            cp,
            dir,
            Map.of("PROMJOB_TEXTFILE_DIR", dir.toString()),
            RUN,
            "--spring.main.web-application-type=none",
            "--compat.job=boot40");

    assertThat(exit.code()).as(exit.output()).isNotZero();
    assertThat(exit.output())
        .contains("APPLICATION FAILED TO START")
        .contains("Description:\n\npromjob needs client_java")
        .contains("prometheus-metrics-core 1.4.3")
        .contains("Action:\n\nThe build pins a client_java older than 1.7.0")
        .contains("this is Spring Boot 4.0.7): set the Maven property prometheus-client.version")
        .doesNotContain("COMPAT READY");
    assertThat(dir.resolve("boot40.prom")).doesNotExist();
  }

  @Test
  void boot40WithPrometheusClientVersionStartsAndReports() throws Exception {
    String cp =
        BootApps.classPath(
            "boot-4.0",
            "4.0.7",
            Map.of("prometheus-client.version", "1.9.0"),
            List.of(BootApps.STARTER));
    assertThat(cp).contains("spring-boot-4.0.7.jar", "prometheus-metrics-core-1.9.0.jar");

    BootApps.Exit exit =
        BootApps.run(
            cp,
            dir,
            Map.of("PROMJOB_TEXTFILE_DIR", dir.toString()),
            RUN,
            "--spring.main.web-application-type=none",
            "--compat.job=boot40");

    assertThat(exit.code()).as(exit.output()).isZero();
    assertThat(exit.output()).contains("COMPAT REPORTED boot40", "COMPAT READY");
    String file = Files.readString(dir.resolve("boot40.prom"));
    assertThat(file)
        .contains("compat_items{job_name=\"boot40\"} 42.0")
        .containsPattern(
            "promjob_last_success_timestamp_seconds\\{job_name=\"boot40\"\\} [0-9.E+]+");
  }
}
