package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.textformat.IdentitySeries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The count a failed run reads from the gateway's /metrics: exactly its own group's. */
class HeldCountTest {
  static final Job JOB = Job.serviceLevel("export").groupingLabel("region", "eu").build();
  static final String HEAD =
      "# HELP promjob_consecutive_failures Failed runs.\n"
          + "# TYPE promjob_consecutive_failures gauge\n";
  static final String RUN =
      "# HELP promjob_last_run_success 1 if.\n# TYPE promjob_last_run_success gauge\n";

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheCountOfItsOwnGroupOnly() throws IOException {
    // its own first: a later series of another group must not replace it
    String gateway =
        HEAD
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\","
            + "region=\"eu\"} 2\n"
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\","
            + "region=\"eu\",shard=\"1\"} 8\n"
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\","
            + "region=\"us\"} 7\n"
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\"} 5\n";
    assertThat(HeldCount.of(text(gateway), JOB)).hasValue(2);
  }

  @Test
  void aGroupWithoutACountWhoseLastRunFailedHeldOne() throws IOException {
    String gateway =
        RUN + "promjob_last_run_success{job=\"export\",job_name=\"export\",region=\"eu\"} 0\n";
    assertThat(HeldCount.of(text(gateway), JOB)).hasValue(1);
  }

  @Test
  void onlyTheLinesOfTheTwoFamiliesAreParsed() throws IOException {
    String gateway =
        "# HELP go_goroutines Goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines 9\n"
            + HEAD
            + "promjob_consecutive_failures{job=\"export\"} 2\n"
            + "# HELP promjob_consecutive_failures_x Other.\n"
            + "# TYPE promjob_consecutive_failures_x gauge\n"
            + "promjob_consecutive_failures_x 1\n"
            + "promjob_last_run_success 0\n"
            + "promjob_last_run_successes 0\n";
    assertThat(
            new String(
                IdentitySeries.linesOf(
                    new ByteArrayInputStream(text(gateway)),
                    "promjob_consecutive_failures",
                    "promjob_last_run_success"),
                StandardCharsets.UTF_8))
        .isEqualTo(
            HEAD + "promjob_consecutive_failures{job=\"export\"} 2\npromjob_last_run_success 0\n");
  }

  @Test
  void aReadThatFailsIsUnknownAndSaysSo() throws IOException {
    try (CapturingServer server = CapturingServer.start(500);
        dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      HttpEndpoint.Builder endpoint =
          HttpEndpoint.builder("Pushgateway", PushgatewayKeys.HTTP, false);
      endpoint.url(server.uri(""));
      endpoint.retries(0);
      Transport transport = new Transport(endpoint.build("a test").http());
      assertThat(
              HeldCount.read(transport, server.uri("/metrics"), JOB, transport.deadlineFromNow())
                  .consecutiveFailures())
          .isEmpty();
      assertThat(log.messages())
          .anyMatch(m -> m.startsWith("job 'export': cannot read the consecutive failures"));
    }
  }

  @Test
  void aGatewayWithoutTheGroupHeldNothing() throws IOException {
    assertThat(HeldCount.of(text("# HELP up x\n# TYPE up gauge\nup 1\n"), JOB)).hasValue(0);
  }
}
