package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.NodeExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code promjob write} through the packaged launcher, with the real node_exporter serving. */
class WriteIT {
  static ServedDirectory served;
  @TempDir static Path work;

  static final String GOOD =
      """
      # HELP disk_smart_ok 1 if the disk passed its SMART self-test.
      # TYPE disk_smart_ok gauge
      disk_smart_ok{disk="sda"} 1
      disk_smart_ok{disk="sdb"} 0
      # HELP disk_reallocated_sectors_total Sectors the disk has reallocated.
      # TYPE disk_reallocated_sectors_total counter
      disk_reallocated_sectors_total{disk="sda"} 12
      # HELP disk_probe_seconds How long each probe took.
      # TYPE disk_probe_seconds histogram
      disk_probe_seconds_bucket{le="0.1"} 1
      disk_probe_seconds_bucket{le="1"} 2
      disk_probe_seconds_bucket{le="+Inf"} 2
      disk_probe_seconds_sum 0.6
      disk_probe_seconds_count 2
      """;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-write-it", work);
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static Launcher.Result write(String job, String stdin, String... rest) throws Exception {
    return served.promjob(work, stdin, "write", job, rest);
  }

  @Test
  void aScriptsMetricsArriveWithTheJobsLabelsAndTheStandardMetrics() throws Exception {
    Launcher.Result r = write("smart", GOOD, "--label", "host_group=db");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
    String text = served.node.scrape();
    String job = "host_group=\"db\",job_name=\"smart\"";
    assertThat(NodeExporter.value(text, "disk_smart_ok", "disk=\"sdb\"," + job)).isZero();
    assertThat(
            NodeExporter.value(
                text, "disk_smart_ok", "disk=\"sda\",host_group=\"db\",job_name=\"smart\""))
        .isEqualTo(1);
    assertThat(NodeExporter.value(text, "disk_reallocated_sectors_total", job)).isEqualTo(12);
    assertThat(NodeExporter.value(text, "disk_probe_seconds_bucket", job + ",le=\"0.1\""))
        .isEqualTo(1);
    assertThat(NodeExporter.value(text, "disk_probe_seconds_bucket", job + ",le=\"+Inf\""))
        .isEqualTo(2);
    assertThat(NodeExporter.value(text, "disk_probe_seconds_sum", job)).isEqualTo(0.6);
    assertThat(NodeExporter.value(text, "disk_probe_seconds_count", job)).isEqualTo(2);
    assertThat(NodeExporter.value(text, "promjob_last_run_success", job)).isEqualTo(1);
    assertThat(NodeExporter.value(text, "node_textfile_scrape_error", "")).isZero();
  }

  @Test
  void aFileArgumentIsReadLikeStdin() throws Exception {
    Path input =
        Files.writeString(
            work.resolve("apt.txt"),
            "# HELP apt_upgrades_pending Upgrades.\n# TYPE apt_upgrades_pending gauge\napt_upgrades_pending 4\n");

    assertThat(write("apt_file", null, input.toString()).exitCode()).isZero();

    assertThat(
            NodeExporter.value(
                served.node.scrape(), "apt_upgrades_pending", "job_name=\"apt_file\""))
        .isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a timestamp | # HELP m A metric.\\n# TYPE m gauge\\nm 1 1700000000000\\n | (stdin):3: | timestamp",
        "CRLF line ends | # HELP m A metric.\\r\\n# TYPE m gauge\\r\\nm 1\\r\\n | (stdin):2: | gauge\\r",
        "a byte-order mark | \\uFEFF# HELP m A metric.\\nm 1\\n | (stdin):1: | ",
        "no final newline | # HELP m A metric.\\n# TYPE m gauge\\nm 1 | (stdin):3: | ",
        "a name node_exporter refuses | # HELP my.metric A metric.\\nmy.metric 1\\n | (stdin):1: | ",
        "no HELP | # TYPE m gauge\\nm 1\\n | (stdin):1: | needs a # HELP line",
        "a counter without _total | # HELP jobs Jobs.\\n# TYPE jobs counter\\njobs 3\\n | (stdin):1: | must end in _total",
        "a reserved name | # HELP promjob_mine Mine.\\npromjob_mine 1\\n | (stdin):1: | reserved for promjob",
        "a label the job sets | # HELP m A metric.\\nm{job_name=\"x\"} 1\\n | (stdin):2: | job_name",
        "a name node_exporter serves | # HELP go_goroutines Mine.\\ngo_goroutines 1\\n | (stdin):1: | node_exporter serves go_goroutines itself",
        "a histogram without +Inf | # HELP h H.\\n# TYPE h histogram\\nh_bucket{le=\"1\"} 1\\nh_sum 1\\nh_count 1\\n | (stdin):1: | +Inf",
        "a series twice | # HELP m A metric.\\nm{a=\"1\"} 1\\nm{a=\"1\"} 2\\n | (stdin):1: | ",
      })
  void badInputIsRefusedWithItsLineAndThePreviousFileIsUntouched(
      String what, String input, String where, String rule) throws Exception {
    assertThat(write("refusals", GOOD).exitCode()).isZero();
    byte[] before = Files.readAllBytes(served.dir.resolve("refusals.prom"));

    Launcher.Result r = write("refusals", unescape(input));

    assertThat(r.exitCode()).as(what).isEqualTo(1);
    assertThat(r.err()).as(what).startsWith("promjob: " + where).contains("nothing written");
    if (rule != null) {
      assertThat(r.err()).as(what).contains(rule.trim());
    }
    assertThat(Files.readAllBytes(served.dir.resolve("refusals.prom"))).isEqualTo(before);
    try (var files = Files.list(served.dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("promjob-tmp"));
    }
  }

  @Test
  void aHelpThatClashesWithAnotherFileIsRefusedAndNodeExporterKeepsServingBoth() throws Exception {
    Files.writeString(
        served.dir.resolve("other_tool.prom"),
        "# HELP shared_queue_depth Depth of the queue.\n# TYPE shared_queue_depth gauge\n"
            + "shared_queue_depth{queue=\"a\"} 1\n");

    Launcher.Result r =
        write(
            "clash",
            "# HELP shared_queue_depth Queue depth.\n# TYPE shared_queue_depth gauge\n"
                + "shared_queue_depth{queue=\"b\"} 2\n");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("shared_queue_depth").contains("other_tool.prom");
    assertThat(served.dir.resolve("clash.prom")).doesNotExist();
    assertThat(NodeExporter.value(served.node.scrape(), "shared_queue_depth", "queue=\"a\""))
        .isEqualTo(1);
    Files.delete(served.dir.resolve("other_tool.prom"));
  }

  static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\uFEFF", "\uFEFF");
  }
}
