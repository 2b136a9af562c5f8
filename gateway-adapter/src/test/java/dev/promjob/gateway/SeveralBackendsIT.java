package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.TestClock;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job of two backends, {@code textfile,pushgateway}, against the real node_exporter (as nobody)
 * and the real Pushgateway: each keeps its own last success, and the gateway stopped stops not the
 * textfile.
 */
class SeveralBackendsIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  Path dir;
  NodeExporter node;
  Pushgateway gateway;
  final TestClock clock = new TestClock(T0);
  final Job job = Job.serviceLevel("billing").groupingLabel("region", "eu").build();

  @BeforeEach
  void start() throws IOException {
    dir = NodeExporter.readableTempDirectory("promjob-several-backends");
    node = NodeExporter.start(dir, LOGS);
    gateway = Pushgateway.start(LOGS);
  }

  @AfterEach
  void stop() {
    gateway.close();
    node.close();
    JavaChild.deleteTree(dir);
  }

  Reporter reporter() {
    return Reporter.builder()
        .config(
            Config.of(
                Map.of(
                    Config.jobBackendKey("billing"),
                    "textfile,pushgateway",
                    Config.TEXTFILE_DIR,
                    dir.toString(),
                    PushgatewayKeys.URL,
                    gateway.url(),
                    PushgatewayKeys.DEADLINE,
                    "5s",
                    Config.REPORT_ERRORS,
                    "throw")))
        .clock(clock)
        .reportOnShutdown(false, Duration.ofSeconds(1))
        .build();
  }

  static String job(String text) {
    return text.lines()
        .filter(l -> l.startsWith("promjob_last_success") || l.startsWith("promjob_last_run_s"))
        .filter(l -> l.contains("job_name=\"billing\""))
        .collect(Collectors.joining("\n"));
  }

  static double value(String text, String metric) {
    return NodeExporter.value(text, metric, "job_name=\"billing\"");
  }

  @Test
  void successThenTheGatewayStoppedThenSuccessEachBackendItsOwn() throws Exception {
    reporter().run(job, run -> {});
    String served = job(node.scrape());
    String held = job(gateway.get("/metrics"));
    System.out.println("== success\n" + served + "\n" + held);
    double t0 = T0.getEpochSecond();
    assertThat(value(served, "promjob_last_success_timestamp_seconds")).isEqualTo(t0);
    assertThat(value(held, "promjob_last_success_timestamp_seconds")).isEqualTo(t0);
    assertThat(served).contains("region=\"eu\""); // the textfile's own labels: grouping in text
    assertThat(held).contains("region=\"eu\""); // the gateway's: from the group's URL

    clock.advance(Duration.ofHours(1));
    String url = gateway.url();
    gateway.close();
    Reporter stopped = reporter();
    assertThatThrownBy(() -> stopped.run(job, run -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith(
            "job 'billing': report failed: 1 of 2 backends failed (textfile did not): pushgateway "
                + url
                + "/metrics/job/billing");
    served = job(node.scrape());
    System.out.println("== success, the gateway stopped\n" + served);
    double t1 = T0.plusSeconds(3600).getEpochSecond();
    assertThat(value(served, "promjob_last_success_timestamp_seconds")).isEqualTo(t1);

    // A new, empty gateway: it holds only what it got itself, never the textfile's success.
    gateway = Pushgateway.start(LOGS);
    clock.advance(Duration.ofHours(1));
    IOException failed = new IOException("disk full");
    assertThatThrownBy(
            () ->
                reporter()
                    .run(
                        job,
                        run -> {
                          throw failed;
                        }))
        .isSameAs(failed);
    served = job(node.scrape());
    held = job(gateway.get("/metrics"));
    System.out.println("== failure, a new empty gateway\n" + served + "\n" + held);
    assertThat(value(served, "promjob_last_success_timestamp_seconds")).isEqualTo(t1);
    assertThat(held).doesNotContain("promjob_last_success_timestamp_seconds");
    assertThat(value(held, "promjob_last_run_success")).isZero();

    clock.advance(Duration.ofHours(1));
    reporter().run(job, run -> {});
    served = job(node.scrape());
    held = job(gateway.get("/metrics"));
    System.out.println("== success, both up\n" + served + "\n" + held);
    double t3 = T0.plusSeconds(3 * 3600).getEpochSecond();
    assertThat(value(served, "promjob_last_success_timestamp_seconds")).isEqualTo(t3);
    assertThat(value(held, "promjob_last_success_timestamp_seconds")).isEqualTo(t3);
  }
}
