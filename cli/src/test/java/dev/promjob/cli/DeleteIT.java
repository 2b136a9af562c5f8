package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob delete}, and {@code --backend pushgateway}: the same subcommands on the
 * Pushgateway, configured by environment as the library is.
 */
class DeleteIT {
  @TempDir Path work;

  @Test
  void deleteRetiresTheJobsFileAndNothingElse() throws Exception {
    Path dir = NodeExporter.readableTempDirectory("promjob-delete-it");
    try (NodeExporter node = NodeExporter.start(dir, work)) {
      String d = dir.toString();
      assertThat(
              Launcher.run(
                      work,
                      Map.of(),
                      null,
                      "run",
                      "--job",
                      "retired",
                      "--label",
                      "disk=sda",
                      "--textfile-dir",
                      d,
                      "--",
                      "true")
                  .exitCode())
          .isZero();
      assertThat(NodeExporter.samples(node.scrape(), "promjob_last_run_success")).hasSize(1);
      Files.writeString(dir.resolve("apt.prom"), "# HELP apt_pending P.\napt_pending 1\n");

      Launcher.Result other =
          Launcher.run(work, Map.of(), null, "delete", "--job", "apt", "--textfile-dir", d);
      Launcher.Result r =
          Launcher.run(
              work,
              Map.of(),
              null,
              "delete",
              "--job",
              "retired",
              "--label",
              "disk=sda",
              "--textfile-dir",
              d);

      assertThat(other.exitCode()).isEqualTo(1);
      assertThat(other.err()).contains(dir.resolve("apt.prom").toString());
      assertThat(dir.resolve("apt.prom")).exists();
      assertThat(r.exitCode()).isZero();
      assertThat(dir.resolve("retired@disk=sda.prom")).doesNotExist();
      assertThat(NodeExporter.samples(node.scrape(), "promjob_last_run_success")).isEmpty();
    } finally {
      JavaChild.deleteTree(dir);
    }
  }

  @Test
  void runAndDeleteReachThePushgatewayWhenTheBackendSaysSo() throws Exception {
    try (Pushgateway gateway = Pushgateway.start(work)) {
      Map<String, String> env = Map.of("PROMJOB_PUSHGATEWAY_URL", gateway.url());

      Launcher.Result run =
          Launcher.run(
              work,
              env,
              null,
              "run",
              "--job",
              "pushed_job",
              "--label",
              "region=eu",
              "--backend",
              "pushgateway",
              "--",
              "sh",
              "-c",
              "exit 4");

      assertThat(run.exitCode()).isEqualTo(4);
      String metrics = gateway.get("/metrics");
      assertThat(NodeExporter.value(metrics, "promjob_last_exit_code", "job=\"pushed_job\""))
          .isEqualTo(4);
      assertThat(NodeExporter.value(metrics, "promjob_last_run_success", "region=\"eu\"")).isZero();

      Launcher.Result delete =
          Launcher.run(
              work,
              env,
              null,
              "delete",
              "--job",
              "pushed_job",
              "--label",
              "region=eu",
              "--backend",
              "pushgateway");

      assertThat(delete.exitCode()).isZero();
      assertThat(NodeExporter.samples(gateway.get("/metrics"), "promjob_last_exit_code")).isEmpty();
    }
  }
}
