package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Prometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code promjob lint} calls shadowing node_exporter is what the real node_exporter (as nobody
 * under root) and a real Prometheus do with it: the collector scripts' {@code node_*} textfiles
 * arrive whole, a file's {@code go_goroutines} never does, and {@code --node-exporter} asks a
 * running node_exporter which families it serves itself.
 */
class LintNodeExporterNamesIT {
  /** Debian's prometheus-node-exporter-collectors, the scripts the README's hosts run. */
  static final Path SCRIPTS = Path.of("/usr/share/prometheus-node-exporter-collectors");

  @TempDir Path work;
  Path dir;

  @BeforeEach
  void directory() throws IOException {
    dir = NodeExporter.readableTempDirectory("promjob-lint-names");
  }

  @AfterEach
  void remove() {
    JavaChild.deleteTree(dir);
  }

  void file(String name, String text) throws IOException {
    Path p = Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
  }

  Launcher.Result lint(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("lint", dir.toString(), "--user"));
    args.add(LintIT.isRoot() ? "nobody" : System.getProperty("user.name"));
    args.addAll(List.of(extra));
    return Launcher.run(work, Map.of(), null, args.toArray(String[]::new));
  }

  /** {@code script} of the collectors package run by {@code shell} (words), with {@code stdin}. */
  String script(String stdin, String shell, String script, String... args) throws Exception {
    Path p = SCRIPTS.resolve(script);
    if (!Files.isRegularFile(p)) {
      throw new AssertionError(
          p + " not found: install the Debian package prometheus-node-exporter-collectors");
    }
    List<String> cmd = new ArrayList<>(List.of(shell.split(" ")));
    cmd.add(p.toString());
    cmd.addAll(List.of(args));
    Path in = Files.writeString(work.resolve("stdin"), stdin);
    Process proc =
        new ProcessBuilder(cmd)
            .redirectInput(in.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor()).as(script).isZero();
    return out;
  }

  @Test
  void theCollectorScriptsTextfilesPassAndNodeExporterServesThemWhole() throws Exception {
    Path measured = Files.createDirectory(work.resolve("measured"));
    Files.write(measured.resolve("data"), new byte[40_000]);
    String sizes = script("", "sh", "directory-size.sh", measured.toString());
    String sensors =
        script(
            "CPU Temp | 45.000 | degrees C | ok | na | na | na | 95.000 | 100.000 | na\n"
                + "FAN1 | 3000.000 | RPM | ok | na | 300.000 | 500.000 | na | na | na\n",
            "awk -f",
            "ipmitool");
    file("directory_size.prom", sizes);
    file("ipmitool.prom", sensors);
    assertThat(sizes).contains("node_directory_size_bytes{directory=");
    assertThat(sensors).contains("node_ipmi_temperature_celsius{sensor=\"CPU Temp\"} 45");

    Launcher.Result r = lint();
    String served;
    try (NodeExporter node = NodeExporter.start(dir, work, List.of())) { // default collectors
      served = node.scrape();
    }

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(LintIT.scrapeError(served)).isZero();
    String du = sizes.substring(sizes.lastIndexOf(' ') + 1).trim();
    assertThat(NodeExporter.value(served, "node_directory_size_bytes", measured.toString()))
        .isEqualTo(Double.parseDouble(du));
    assertThat(NodeExporter.value(served, "node_ipmi_temperature_celsius", "CPU Temp"))
        .isEqualTo(45);
    assertThat(NodeExporter.value(served, "node_ipmi_speed_rpm", "FAN1")).isEqualTo(3000);
  }

  /** The shape of node_exporter's own fixture inconsistent_metrics. */
  static final String INCONSISTENT =
      "# HELP http_requests_total Requests served.\n"
          + "# TYPE http_requests_total counter\n"
          + "http_requests_total{code=\"200\",handler=\"query\"} 5\n"
          + "http_requests_total{code=\"200\", extra=\"x\"} 6\n"
          + "http_requests_total{code=\"200\"} 7\n"
          + "\n"
          + "# HELP go_goroutines Number of goroutines that currently exist.\n"
          + "# TYPE go_goroutines gauge\n"
          + "go_goroutines{foo=\"bar\"} 229\n"
          + "go_goroutines 20\n";

  @Test
  void aFilesGoGoroutinesIsServedBesideNodeExportersOwnAndNeverStored() throws Exception {
    file("inconsistent_metrics.prom", INCONSISTENT);

    Launcher.Result r = lint();

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(
            dir.resolve("inconsistent_metrics.prom")
                + ":7: shadows-node-exporter: family go_goroutines is a Go runtime metric of"
                + " node_exporter's own process, gathered before any collector: the file's series of the same labels"
                + " never reach Prometheus (an empty label counts as none), and with another HELP"
                + " or TYPE the file's whole family is dropped\n");
    try (NodeExporter node = NodeExporter.start(dir, work);
        Prometheus prometheus = scraping(node)) {
      String served = node.scrape();
      assertThat(NodeExporter.samples(served, "go_goroutines"))
          .hasSize(3)
          .contains("go_goroutines{foo=\"\"} 20", "go_goroutines{foo=\"bar\"} 229");
      List<Prometheus.Sample> stored =
          prometheus.await("go_goroutines", s -> s.size() == 2, Duration.ofSeconds(30));
      Prometheus.Sample own =
          stored.stream().filter(s -> s.label("foo") == null).findFirst().orElseThrow();
      assertThat(own.value()).as("the file's 20 never arrives").isNotEqualTo(20);
      assertThat(prometheus.query("http_requests_total")).hasSize(3);
    }
  }

  @Test
  void withNodeExporterLintAsksTheRunningOneWhichFamiliesItServesItself() throws Exception {
    file(
        "a.prom",
        "# HELP node_interrupts_total Mine.\n# TYPE node_interrupts_total counter\n"
            + "node_interrupts_total{x=\"mine\"} 1\n"
            + "# HELP node_load1 Mine.\nnode_load1 3\n"
            + "# HELP node_directory_size_bytes Mine.\nnode_directory_size_bytes 1\n");

    try (NodeExporter node =
        NodeExporter.start(
            dir,
            work,
            List.of(
                "--collector.disable-defaults",
                "--collector.textfile",
                "--collector.interrupts"))) {
      Launcher.Result builtIn = lint();
      Launcher.Result asked = lint("--node-exporter", node.url() + "/metrics");
      String served = node.scrape();

      // The defaults have node_load1, not the interrupts collector's; this one the other way.
      assertThat(builtIn.out()).contains(":4: shadows-node-exporter: family node_load1");
      assertThat(builtIn.out()).doesNotContain("node_interrupts_total");
      assertThat(asked.exitCode()).isEqualTo(1);
      assertThat(asked.out())
          .isEqualTo(
              dir.resolve("a.prom")
                  + ":1: shadows-node-exporter: family node_interrupts_total is served by a"
                  + " node_exporter collector too: with another HELP or TYPE node_exporter serves"
                  + " one of the two families, and of two series with the same labels one value,"
                  + " which one changing from scrape to scrape\n");
      assertThat(NodeExporter.samples(served, "node_load1")).containsExactly("node_load1 3");
      assertThat(NodeExporter.samples(served, "node_directory_size_bytes")).hasSize(1);
      boolean mine = served.contains("node_interrupts_total{x=\"mine\"} 1");
      boolean own = served.contains("# HELP node_interrupts_total Interrupt details.");
      assertThat(mine).as("exactly one of the two families is served").isNotEqualTo(own);
    }
  }

  @Test
  void aNodeExporterWithOnlyTheTextfileCollectorServesItsProcessMetricsStill() throws Exception {
    file(
        "a.prom", "# HELP node_load1 Mine.\nnode_load1 3\n# HELP go_threads Mine.\ngo_threads 3\n");

    try (NodeExporter node = NodeExporter.start(dir, work)) {
      Launcher.Result asked = lint("--node-exporter", node.url());
      String served = node.scrape();

      assertThat(asked.out())
          .isEqualTo(
              dir.resolve("a.prom")
                  + ":3: shadows-node-exporter: family go_threads is a Go runtime metric of"
                  + " node_exporter's own process, gathered before any collector: the file's series of the same labels"
                  + " never reach Prometheus (an empty label counts as none), and with another"
                  + " HELP or TYPE the file's whole family is dropped\n");
      assertThat(NodeExporter.samples(served, "node_load1")).containsExactly("node_load1 3");
      assertThat(NodeExporter.samples(served, "go_threads")).doesNotContain("go_threads 3");
    }
  }

  @Test
  void aNodeExporterThatCannotBeAskedFailsTheLint() throws Exception {
    file("a.prom", "# HELP q Q.\nq 1\n");

    Launcher.Result bad = lint("--node-exporter", "localhost:9100");
    Launcher.Result prometheus;
    try (NodeExporter node = NodeExporter.start(dir, work);
        Prometheus other = scraping(node)) {
      prometheus = lint("--node-exporter", other.url() + "/metrics");
    }
    Launcher.Result refused = lint("--node-exporter", "http://127.0.0.1:1/metrics");

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith(
            "promjob: 'localhost:9100': --node-exporter must be node_exporter's http URL, such as"
                + " http://127.0.0.1:9100/metrics");
    assertThat(prometheus.exitCode()).isEqualTo(1);
    assertThat(prometheus.err())
        .endsWith(
            "/metrics served no node_scrape_collector_success: it is not node_exporter's"
                + " metrics\n");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("promjob: cannot scrape node_exporter at http://127.0.0.1:1/metrics: ");
  }

  Prometheus scraping(NodeExporter node) throws IOException {
    return scrapingFrom(work, node);
  }

  /** A Prometheus scraping {@code node} every second, its files under {@code work}. */
  static Prometheus scrapingFrom(Path work, NodeExporter node) throws IOException {
    Path conf = Files.createDirectories(work.resolve("prometheus"));
    Path yml =
        Files.writeString(
            conf.resolve("prometheus.yml"),
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: node\n"
                + "    static_configs:\n      - targets: ['"
                + node.url().replace("http://", "")
                + "']\n");
    return Prometheus.start(yml, conf.resolve("data"), work);
  }
}
