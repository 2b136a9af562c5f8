package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
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
    String gateway =
        HEAD
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\","
            + "region=\"us\"} 7\n"
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\","
            + "region=\"eu\",shard=\"1\"} 8\n"
            + "promjob_consecutive_failures{instance=\"\",job=\"export\",job_name=\"export\","
            + "region=\"eu\"} 2\n";
    assertThat(HeldCount.of(text(gateway), JOB)).hasValue(2);
  }

  @Test
  void aGroupWithoutACountWhoseLastRunFailedHeldOne() throws IOException {
    String gateway =
        RUN + "promjob_last_run_success{job=\"export\",job_name=\"export\",region=\"eu\"} 0\n";
    assertThat(HeldCount.of(text(gateway), JOB)).hasValue(1);
  }

  @Test
  void aGatewayWithoutTheGroupHeldNothing() throws IOException {
    assertThat(HeldCount.of(text("# HELP up x\n# TYPE up gauge\nup 1\n"), JOB)).hasValue(0);
  }
}
