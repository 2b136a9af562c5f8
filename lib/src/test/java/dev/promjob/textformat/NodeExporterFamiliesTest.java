package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which textfile families collide with node_exporter's own (NodeExporterFamiliesIT: the list). */
class NodeExporterFamiliesTest {
  static final NodeExporterFamilies SERVED =
      NodeExporterFamilies.of(
          Map.of(
              "go_gc_duration_seconds", "summary",
              "node_load1", "gauge",
              "h", "histogram",
              "c_total", "counter"));

  @Test
  void aNameNodeExporterServesCollidesAndTheCollectorScriptsNamesDoNot() {
    NodeExporterFamilies builtIn = NodeExporterFamilies.builtIn();

    for (String own :
        new String[] {
          "node_textfile_scrape_error",
          "node_textfile_mtime_seconds",
          "go_goroutines",
          "process_cpu_seconds_total",
          "promhttp_metric_handler_requests_total",
          "node_cpu_seconds_total",
          "node_os_info",
          "node_exporter_build_info"
        }) {
      assertThat(builtIn.collision(own, "gauge")).as(own).contains(own);
    }
    // prometheus-node-exporter-collectors' scripts: directory-size, ipmitool, apt_info, smartmon.
    for (String scripts :
        new String[] {
          "node_directory_size_bytes",
          "node_ipmi_temperature_celsius",
          "node_apt_upgrades_pending",
          "node_apt_reboot_required",
          "node_smartmon_device_info",
          "node_backup_age"
        }) {
      assertThat(builtIn.collision(scripts, "gauge")).as(scripts).isEmpty();
    }
  }

  /** The shortcut of requireNotServedByDefault skips no name that would collide. */
  @Test
  void everyNameThatCollidesWithTheBuiltInListHasOneOfItsPrefixes() {
    for (String family : NodeExporterFamilies.builtIn().types().keySet()) {
      String base = family;
      for (String suffix : new String[] {"_sum", "_count", "_bucket", "_total", "_info"}) {
        if (family.endsWith(suffix)) { // a textfile name this much shorter collides too
          base = family.substring(0, family.length() - suffix.length());
        }
        assertThat(NodeExporterFamilies.BUILT_IN_PREFIXES)
            .as("%s, named %s in a textfile", family, base)
            .anyMatch(base::startsWith);
      }
    }
  }

  @Test
  void requireNotServedByDefaultRefusesTheListsNamesOnly() {
    assertThatThrownBy(() -> NodeExporterFamilies.requireNotServedByDefault("go_goroutines"))
        .hasMessageStartingWith("'go_goroutines': node_exporter serves go_goroutines itself");
    assertThatThrownBy(
            () -> NodeExporterFamilies.requireNotServedByDefault("go_gc_duration_seconds_count"))
        .isInstanceOf(IllegalArgumentException.class);
    NodeExporterFamilies.requireNotServedByDefault("node_directory_size_bytes");
    NodeExporterFamilies.requireNotServedByDefault("promjob_last_run_success");
  }

  @Test
  void aSummarysOrHistogramsSuffixCollidesBothWays() {
    assertThat(SERVED.collision("go_gc_duration_seconds_count", "gauge"))
        .contains("go_gc_duration_seconds");
    assertThat(SERVED.collision("go_gc_duration_seconds_bucket", "gauge")).isEmpty();
    assertThat(SERVED.collision("h_bucket", "untyped")).contains("h");
    assertThat(SERVED.collision("node_load", "histogram")).isEmpty();
    assertThat(SERVED.collision("node_load", "gauge")).isEmpty();
    assertThat(SERVED.collision("c", "summary")).isEmpty();
    NodeExporterFamilies gauges = NodeExporterFamilies.of(Map.of("x_sum", "gauge"));
    assertThat(gauges.collision("x", "summary")).contains("x_sum");
    assertThat(gauges.collision("x", "histogram")).contains("x_sum");
    assertThat(gauges.collision("x", "gauge")).isEmpty();
    assertThat(NodeExporterFamilies.of(Map.of("y_bucket", "gauge")).collision("y", "summary"))
        .isEmpty();
  }

  @Test
  void aRegisteredNameCollidesInAnyFormItMayBeWrittenIn() {
    assertThat(SERVED.collisionOfAnyType("c")).contains("c_total"); // a counter c
    assertThat(SERVED.collisionOfAnyType("go_gc_duration_seconds")).isPresent();
    assertThat(SERVED.collisionOfAnyType("h_sum")).contains("h");
    assertThat(SERVED.collisionOfAnyType("node_load")).isEmpty();
    assertThat(NodeExporterFamilies.of(Map.of("v_info", "info")).collisionOfAnyType("v"))
        .contains("v_info");
  }

  @Test
  void theEffectDependsOnWhoServesTheFamily() {
    assertThat(NodeExporterFamilies.effect("node_textfile_scrape_error"))
        .contains("in place of its own");
    assertThat(NodeExporterFamilies.effect("go_goroutines"))
        .startsWith("a Go runtime metric of node_exporter's own process,")
        .contains("never reach Prometheus");
    assertThat(NodeExporterFamilies.effect("process_open_fds"))
        .startsWith("a metric of node_exporter's own process (its CPU, memory, file descriptors),")
        .contains("never reach");
    assertThat(NodeExporterFamilies.effect("promhttp_metric_handler_errors_total"))
        .startsWith("a metric of node_exporter's own HTTP handler for /metrics,")
        .contains("never reach");
    assertThat(NodeExporterFamilies.effect("node_load1")).contains("from scrape to scrape");
  }

  @Test
  void theListIsReadSkippingCommentsAndRefusingAnythingElse() throws IOException {
    NodeExporterFamilies f = parse("# how\n\nb gauge\na counter\n");
    assertThat(f.types()).containsExactly(Map.entry("a", "counter"), Map.entry("b", "gauge"));
    assertThatThrownBy(() -> parse("a gauge extra\n"))
        .isInstanceOf(IOException.class)
        .hasMessage("'a gauge extra': not a line of \"name type\"");
    assertThat(NodeExporterFamilies.builtIn().types()).hasSizeGreaterThan(200);
  }

  static NodeExporterFamilies parse(String text) throws IOException {
    return NodeExporterFamilies.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
