package dev.promjob.spring.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.Pushgateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring Boot 4.1's own Pushgateway push ({@code PrometheusPushGatewayManager}, shutdown operation
 * {@code put}) beside a promjob job reported to the same real Pushgateway: refused at start when
 * both would write one group, before Boot pushes anything; allowed in a group of its own.
 */
class BootPushgatewayClashIT {
  private static final Duration RUN = Duration.ofMinutes(2);
  private static final String BOOT = "--management.prometheus.metrics.export.pushgateway.";
  private static String classPath;

  @TempDir Path dir;
  private Pushgateway gateway;

  @BeforeEach
  void start() throws Exception {
    if (classPath == null) {
      classPath =
          BootApps.classPath(
              "boot-4.1-push",
              "4.1.2",
              Map.of(),
              List.of(
                  BootApps.dependency("io.micrometer", "micrometer-registry-prometheus", null),
                  BootApps.dependency(
                      "org.springframework.boot", "spring-boot-starter-actuator", null),
                  // The newest the registry serves; Boot 4.1 manages the rest of client_java.
                  BootApps.dependency(
                      "io.prometheus", "prometheus-metrics-exporter-pushgateway", "1.5.1"),
                  BootApps.STARTER));
    }
    gateway = Pushgateway.start(dir);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private BootApps.Exit run(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.main.web-application-type=none",
                BOOT + "enabled=true",
                BOOT + "address=" + gateway.url().replaceFirst("^http://", ""),
                BOOT + "shutdown-operation=put",
                "--compat.job=nightly",
                "--compat.scope=service-level"));
    args.addAll(List.of(extra));
    return BootApps.run(
        classPath,
        dir,
        Map.of("PROMJOB_PUSHGATEWAY_URL", gateway.url()),
        RUN,
        args.toArray(String[]::new));
  }

  @Test
  void bootsJobOnAPromjobJobsGroupIsRefusedBeforeBootPushes() throws Exception {
    BootApps.Exit exit = run(BOOT + "job=nightly");

    assertThat(exit.code()).as(exit.output()).isNotZero();
    assertThat(exit.output())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Spring Boot's own Pushgateway push and promjob push to the same Pushgateway group"
                + " {job=\"nightly\"}.")
        .contains(
            "Spring Boot: management.prometheus.metrics.export.pushgateway.enabled=true, job from"
                + " management.prometheus.metrics.export.pushgateway.job=nightly, no grouping key")
        .contains(
            "promjob:     job 'nightly' on the Pushgateway (the Pushgateway, the default backend"
                + " of a service-level job)")
        .contains("Action:\n\nGive Boot's push a group of its own")
        .doesNotContain("COMPAT READY");
    assertThat(gateway.get("/metrics")).doesNotContain("job=\"nightly\"");
  }

  @Test
  void theApplicationsNameIsBootsJobWhenItsKeyIsUnset() throws Exception {
    BootApps.Exit exit = run("--spring.application.name=nightly");

    assertThat(exit.code()).as(exit.output()).isNotZero();
    assertThat(exit.output())
        .contains(
            "job from spring.application.name=nightly"
                + " (management.prometheus.metrics.export.pushgateway.job is not set)");
  }

  @Test
  void aGroupingKeyPromjobsJobDoesNotHaveIsAnotherGroup() throws Exception {
    BootApps.Exit exit =
        run(
            BOOT + "job=nightly",
            BOOT + "grouping-key.app=batch-service",
            "--spring.application.name=batch");

    assertThat(exit.code()).as(exit.output()).isZero();
    String held = gateway.get("/metrics");
    assertThat(held)
        .contains(
            "promjob_last_success_timestamp_seconds{instance=\"\",job=\"nightly\",job_name=\"nightly\"}")
        .containsPattern("jvm_[a-z_]+\\{[^}]*app=\"batch-service\"[^}]*job=\"nightly\"");
  }
}
