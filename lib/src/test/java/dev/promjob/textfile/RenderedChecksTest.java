package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.InProgress;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.spi.InProgressExposition;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written file is no longer read back before the rename: what node_exporter would skip is
 * refused from what was rendered, through the backend's public entry points (a report handed to the
 * backend directly has not passed the run's checks). Each refusal leaves the old file as it was and
 * no temp.
 */
class RenderedChecksTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  @TempDir Path dir;

  TextfileBackend backend() {
    return TextfileBackend.builder().directory(dir).build();
  }

  static Job job() {
    return Job.machineBound("db_backup").groupingLabel("mode", "full").build();
  }

  byte[] firstReport() throws IOException {
    backend()
        .report(new Report(job(), Outcome.SUCCESS, T0.minusSeconds(5), T0, MetricSnapshots.of()));
    return Files.readAllBytes(backend().fileOf(job()));
  }

  void assertRefusedAndUntouched(byte[] before, ThrowingWrite write, String message)
      throws IOException {
    assertThatThrownBy(write::run).hasMessageContaining(message);
    assertThat(Files.readAllBytes(backend().fileOf(job()))).isEqualTo(before);
    assertThat(TextfileBackendTest.tempFiles(dir)).isEmpty();
  }

  interface ThrowingWrite {
    void run() throws IOException;
  }

  @Test
  void aHistogramAndAGaugeNamedLikeItsCountAreRefused() throws IOException {
    byte[] before = firstReport();
    PrometheusRegistry r = new PrometheusRegistry();
    Histogram.builder().name("h").help("H.").classicUpperBounds(1).register(r).observe(0.5);
    PrometheusRegistry other = new PrometheusRegistry(); // one registry would refuse the pair
    Gauge.builder().name("h_count").help("C.").register(other).set(2);
    MetricSnapshots both = new MetricSnapshots(List.of(r.scrape().get(0), other.scrape().get(0)));
    Report report = new Report(job(), Outcome.SUCCESS, T0, T0.plusSeconds(1), both);
    // node_exporter reads h_count's HELP as a second HELP of the histogram h: the whole file goes.
    assertRefusedAndUntouched(
        before, () -> backend().report(report), "second HELP line for metric name \"h\"");
  }

  @Test
  void aStateSetNamedLikeAGroupingLabelIsRefused() throws IOException {
    byte[] before = firstReport();
    PrometheusRegistry r = new PrometheusRegistry();
    StateSet.builder().name("mode").help("M.").states("a", "b").register(r).setTrue("a");
    Report report = new Report(job(), Outcome.SUCCESS, T0, T0.plusSeconds(1), r.scrape());
    // Its state label is "mode", and so is the job's grouping label: a line with a label twice.
    assertRefusedAndUntouched(
        before,
        () -> backend().report(report),
        "'mode': label of family mode is also one of the labels the report adds to every series");
  }

  @Test
  void aSampleWithATimestampIsRefused() throws IOException {
    byte[] before = firstReport();
    GaugeSnapshot g =
        new GaugeSnapshot(
            new io.prometheus.metrics.model.snapshots.MetricMetadata("stamped", "S."),
            List.of(
                GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .value(1)
                    .labels(Labels.of("k", "v w"))
                    .scrapeTimestampMillis(1_700_000_000_000L)
                    .build()));
    Report report =
        new Report(job(), Outcome.SUCCESS, T0, T0.plusSeconds(1), MetricSnapshots.of(g));
    assertRefusedAndUntouched(
        before,
        () -> backend().report(report),
        "'1.0 1700000000000': a sample has a timestamp: node_exporter skips the whole file");
  }

  /** A start copies the previous file's lines as they are: a damaged one is found as it passes. */
  @Test
  void aStartOverADamagedPreviousFileIsRefused() throws IOException {
    firstReport();
    Path file = backend().fileOf(job());
    byte[] damaged =
        (Files.readString(file) + "db_rows{table=\"a\" 2\n").getBytes(StandardCharsets.UTF_8);
    Files.write(file, damaged);
    InProgressExposition start =
        InProgressExposition.of(
            new InProgress(job(), "1-2-3", T0.plusSeconds(60), 1, T0.plusSeconds(60)),
            job().identityLabels());
    int line = Files.readAllLines(file).size() + 1; // the start's list of runs is line 2
    assertThatThrownBy(() -> backend().publishStart(start))
        .hasMessageContaining("line " + line + ": unexpected end of label value");
    assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
    assertThat(TextfileBackendTest.tempFiles(dir)).isEmpty();
  }

  @Test
  void whatIsWrittenIsWhatTheStrictReaderReads() throws IOException {
    firstReport();
    PrometheusRegistry r = new PrometheusRegistry();
    Gauge.builder()
        .name("g")
        .help("G.")
        .labelNames("k")
        .register(r)
        .labelValues("a\"\\\n\r")
        .set(1);
    backend().report(new Report(job(), Outcome.FAILURE, T0, T0.plusSeconds(1), r.scrape()));
    byte[] bytes = Files.readAllBytes(backend().fileOf(job()));
    assertThat(
            TextFormat.parse(new ByteArrayInputStream(bytes), TextFormat.SampleHandler.NONE)
                .keySet())
        .contains("g", "promjob_last_success_timestamp_seconds");
    assertThatThrownBy(
            () ->
                TextFormat.parse(
                    new ByteArrayInputStream("g 1 2\n".getBytes(StandardCharsets.UTF_8)),
                    TextFormat.SampleHandler.NONE))
        .isInstanceOf(TextFormatException.class);
  }
}
