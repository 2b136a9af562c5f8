package dev.promjob.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A {@code @Scheduled} method of a real Boot 4.1 application, served at {@code
 * /actuator/prometheus} by Micrometer's registry: its promjob series after a success and after a
 * failure, and its exception reaching the scheduler's error handler unchanged.
 */
class ScheduledActuatorIT {
  static final String JOB = "job_name=\"invoice_sync_pull\"";

  static ConfigurableApplicationContext app;
  static int port;

  @BeforeAll
  static void start() {
    app = ScheduledApp.start(Map.of());
    port = ScheduledApp.port(app);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      // invoiceSync.pull() waits for a command: interrupt it rather than wait out the shutdown.
      app.getBean(ThreadPoolTaskScheduler.class).getScheduledExecutor().shutdownNow();
      app.close();
    }
  }

  /** The promjob lines of the job in a scrape, as served. */
  static String promjobLines(String scrape) {
    return Arrays.stream(scrape.split("\n"))
        .filter(l -> l.startsWith("promjob_") && l.contains(JOB))
        .collect(Collectors.joining("\n"));
  }

  static double value(String lines, String family) {
    Matcher m = Pattern.compile("(?m)^" + family + "\\{" + JOB + "\\} (\\S+)$").matcher(lines);
    assertThat(m.find()).as(family + " in\n" + lines).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aSuccessThenAFailureAreServedWithTheStandardMetricsAndTheExceptionIsUnchanged()
      throws Exception {
    ScheduledApp.InvoiceSync sync = app.getBean(ScheduledApp.InvoiceSync.class);
    sync.commands.put("ok");
    String afterSuccess =
        promjobLines(
            ScheduledApp.awaitScrape(
                port, s -> s.contains("promjob_last_run_success{" + JOB + "} 1")));
    System.out.println("after a success:\n" + afterSuccess);
    assertThat(afterSuccess.replaceAll("} \\S+", "} _"))
        .isEqualTo(
            String.join(
                "\n",
                "promjob_consecutive_failures{" + JOB + "} _",
                "promjob_expected_interval_seconds{" + JOB + "} _",
                "promjob_last_completion_timestamp_seconds{" + JOB + "} _",
                "promjob_last_duration_seconds{" + JOB + "} _",
                "promjob_last_run_success{" + JOB + "} _",
                "promjob_last_success_timestamp_seconds{" + JOB + "} _"));
    double success = value(afterSuccess, "promjob_last_success_timestamp_seconds");
    assertThat(value(afterSuccess, "promjob_last_completion_timestamp_seconds")).isEqualTo(success);
    assertThat(value(afterSuccess, "promjob_expected_interval_seconds")).isEqualTo(0.01);
    assertThat(value(afterSuccess, "promjob_consecutive_failures")).isZero();

    IllegalStateException boom = new IllegalStateException("the invoice service answered 503");
    sync.commands.put(boom);
    String afterFailure =
        promjobLines(
            ScheduledApp.awaitScrape(
                port, s -> s.contains("promjob_last_run_success{" + JOB + "} 0")));
    System.out.println("after a failure:\n" + afterFailure);
    assertThat(value(afterFailure, "promjob_last_success_timestamp_seconds")).isEqualTo(success);
    assertThat(value(afterFailure, "promjob_last_completion_timestamp_seconds"))
        .isGreaterThan(success);
    assertThat(value(afterFailure, "promjob_consecutive_failures")).isEqualTo(1);
    // The method's own exception, the same instance, reached the scheduler's error handler.
    assertThat(ScheduledApp.HANDLED).containsExactly(boom);
  }
}
