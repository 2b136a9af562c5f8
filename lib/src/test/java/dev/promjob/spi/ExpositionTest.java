package dev.promjob.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * What lib hands a backend: the text with its labels, and the last success carried by lib's rule.
 */
class ExpositionTest {
  static final Instant END = Instant.parse("2026-11-21T10:00:00Z");
  static final Job JOB = Job.machineBound("db_backup").groupingLabel("database", "users").build();

  static Report report(Outcome outcome) {
    PrometheusRegistry r = new PrometheusRegistry();
    Histogram.builder()
        .name("db_backup_seconds")
        .help("Dump time.")
        .classicUpperBounds(1, 10)
        .register(r)
        .observe(3);
    return new Report(JOB, outcome, END.minusSeconds(5), END, r.scrape());
  }

  static List<String> samples(Exposition e, OptionalDouble held) throws IOException {
    String text = new String(e.text(held), StandardCharsets.UTF_8);
    return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#")).toList();
  }

  @Test
  void everySeriesCarriesTheBackendsLabels() throws IOException {
    Exposition e = Exposition.of(report(Outcome.SUCCESS), JOB.identityLabels());
    assertThat(samples(e, OptionalDouble.empty()))
        .isNotEmpty()
        .allSatisfy(
            l -> assertThat(l).contains("database=\"users\"").contains("job_name=\"db_backup\""));
    assertThat((Object) e.labels()).isEqualTo(JOB.identityLabels());
    assertThat(
            e.snapshots(OptionalDouble.empty()).stream()
                .map(m -> m.getMetadata().getName())
                .toList())
        .contains("db_backup_seconds", "promjob_last_success_timestamp_seconds");
    Exposition pushed = Exposition.of(report(Outcome.SUCCESS), Labels.of("job_name", "db_backup"));
    assertThat(samples(pushed, OptionalDouble.empty())).noneMatch(l -> l.contains("database="));
  }

  @Test
  void aFailedRunCarriesTheLastSuccessTheBackendHoldsOrSendsNone() throws IOException {
    Exposition failed = Exposition.of(report(Outcome.FAILURE), JOB.identityLabels());
    assertThat(samples(failed, OptionalDouble.of(1.7e9)))
        .filteredOn(l -> l.startsWith(BatchMetrics.LAST_SUCCESS))
        .singleElement()
        .satisfies(l -> assertThat(l).endsWith(" 1.7E9"));
    assertThat(samples(failed, OptionalDouble.empty()))
        .noneMatch(l -> l.startsWith(BatchMetrics.LAST_SUCCESS));
  }

  @Test
  void aSuccessNeverMovesTheLastSuccessBack() throws IOException {
    Exposition success = Exposition.of(report(Outcome.SUCCESS), JOB.identityLabels());
    double later = END.getEpochSecond() + 3600; // an overlapping run, or a clock stepped back
    assertThat(samples(success, OptionalDouble.of(later)))
        .filteredOn(l -> l.startsWith(BatchMetrics.LAST_SUCCESS))
        .singleElement()
        .satisfies(
            l ->
                assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .isEqualTo(later));
    assertThat(samples(success, OptionalDouble.of(1.0)))
        .filteredOn(l -> l.startsWith(BatchMetrics.LAST_SUCCESS))
        .singleElement()
        .satisfies(
            l ->
                assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .isEqualTo(END.getEpochSecond()));
  }

  @Test
  void refusesNulls() {
    assertThatThrownBy(() -> Exposition.of(null, Labels.EMPTY))
        .hasMessage("report must not be null");
    assertThatThrownBy(() -> Exposition.of(report(Outcome.SUCCESS), null))
        .hasMessage("labels must not be null");
  }
}
