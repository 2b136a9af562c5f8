package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty label value is an absent label: {@code {a=""}} beside {@code {}} is one series twice,
 * which client_java lets through (their {@code Labels} differ), node_exporter serves twice,
 * Prometheus keeps once and VictoriaMetrics stores as two values at one timestamp.
 */
class SeriesOnceTest {
  @TempDir Path dir;

  final Job job = Job.machineBound("nightly").build();

  /**
   * A family with {@code labels} on its points, as a MultiCollector or a foreign registry makes.
   */
  static MultiCollector family(String name, Labels... labels) {
    return () ->
        new MetricSnapshots(
            new GaugeSnapshot(
                new MetricMetadata(name, "Queue depth."),
                java.util.Arrays.stream(labels)
                    .map(l -> new GaugeDataPointSnapshot(1, l, null))
                    .toList()));
  }

  Reporter reporter() {
    return Reporter.builder().textfileDirectory(dir).reportErrors(ReportErrorPolicy.THROW).build();
  }

  String file() throws Exception {
    return Files.readString(dir.resolve("nightly.prom"), StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyValueBesideNoLabelIsRefusedNamingBothSeries() throws Exception {
    Run run = reporter().start(job);
    run.registry().register(family("depth", Labels.EMPTY, Labels.of("queue", "")));

    assertThatThrownBy(run::success)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "job 'nightly': left out of its report, the rest delivered: 'depth{queue=\"\"}': the"
                + " same series as depth{} in one report: an empty label value is an absent label"
                + " (node_exporter serves both, Prometheus keeps one, VictoriaMetrics stores two"
                + " values at one timestamp); set the label on every series or on none");
    assertThat(file()).doesNotContain("depth").contains("promjob_last_run_success");
  }

  @Test
  void anEmptyValueIsAbsentAmongOtherLabelsAndInIncludedRegistries() throws Exception {
    PrometheusRegistry theirs = new PrometheusRegistry();
    theirs.register(
        family(
            "depth",
            Labels.of("host", "a", "queue", "q1"),
            Labels.of("host", "a"),
            Labels.of("host", "a", "queue", "", "zone", "")));
    theirs.register(
        family("backlog", Labels.of("host", "a", "queue", "q1"), Labels.of("host", "a")));
    Run run = reporter().start(job).include(theirs);

    assertThatThrownBy(run::success)
        .hasMessageContaining(
            "'depth{host=\"a\",queue=\"\",zone=\"\"}': the same series as depth{host=\"a\"}");
    assertThat(file()).contains("backlog{host=\"a\",job_name=\"nightly\",queue=\"q1\"} 1.0");
  }

  @Test
  void aReportMadeElsewhereIsRefusedWhole() {
    Instant t = Instant.parse("2026-11-21T10:00:00Z");
    MetricSnapshots twice = family("depth", Labels.EMPTY, Labels.of("queue", "")).collect();
    Report made = new Report(job, Outcome.SUCCESS, t, t, twice);
    assertThatThrownBy(() -> reporter().report(made))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'depth{queue=\"\"}': the same series as depth{}");
    assertThat(dir.resolve("nightly.prom")).doesNotExist();
  }

  @Test
  void distinctValuesAndOneEmptyValueAloneAreFine() throws Exception {
    Run run = reporter().start(job);
    run.registry().register(family("depth", Labels.of("queue", ""), Labels.of("queue", "q1")));
    run.success();
    assertThat(file()).contains("depth{job_name=\"nightly\",queue=\"q1\"} 1.0");
    assertThat(List.of(file().split("\n")).stream().filter(l -> l.startsWith("depth{"))).hasSize(2);
  }
}
