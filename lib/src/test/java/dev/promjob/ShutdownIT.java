package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.textfile.TextfileBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run cut short by the JVM's shutdown (SIGTERM as systemd and Kubernetes send it, {@code
 * System.exit} inside the body) is reported as failed, keeping the last success; with {@value
 * Config#SHUTDOWN_REPORT}{@code =false} nothing is reported.
 */
class ShutdownIT {
  @TempDir Path dir;

  /** Runs the child until it is READY, cuts it short as {@code mode} says, waits for its end. */
  Map<String, String> cutShort(String mode, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(JavaChild.command(ShutdownChild.class, false, mode, dir.toString()));
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process child = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("READY")) {
                      return line;
                    }
                  }
                  return "EOF";
                } catch (IOException e) {
                  return e.toString();
                }
              });
      assertThat(ready.get(60, TimeUnit.SECONDS)).isEqualTo("READY");
      if (mode.equals("sleep")) {
        child.destroy(); // SIGTERM
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
      return series(Job.machineBound("cut_short").build());
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aRunEndedBySigtermIsReportedAsFailedKeepingTheLastSuccess() throws Exception {
    Map<String, String> s = cutShort("sleep", Map.of());
    assertThat(s.get(BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo("0.0");
    assertThat(s.get("cut_short_items")).isEqualTo("2.0");
    assertThat(s.get(BatchMetrics.LAST_SUCCESS)).isNotNull();
    assertThat(Double.parseDouble(s.get(BatchMetrics.LAST_COMPLETION)))
        .isGreaterThan(Double.parseDouble(s.get(BatchMetrics.LAST_SUCCESS)));
  }

  @Test
  void aRunEndedBySystemExitIsReportedAsFailed() throws Exception {
    Map<String, String> s = cutShort("exit", Map.of());
    assertThat(s.get(BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo("0.0");
    assertThat(s.get(BatchMetrics.LAST_SUCCESS)).isNotNull();
  }

  @Test
  void theReportAtShutdownCanBeTurnedOff() throws Exception {
    Map<String, String> s = cutShort("sleep", Map.of("PROMJOB_SHUTDOWN_REPORT", "false"));
    assertThat(s.get(BatchMetrics.LAST_RUN_SUCCESS))
        .as("the first run's report stays")
        .isEqualTo("1.0");
    assertThat(s.get("cut_short_items")).isEqualTo("1.0");
  }

  /** The job's samples by name (one series each here), read as text. */
  Map<String, String> series(Job job) throws IOException {
    Path file = TextfileBackend.builder().directory(dir).build().fileOf(job);
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        out.put(line.substring(0, line.indexOf('{')), line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return out;
  }
}
