package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** promjob_consecutive_failures: 0 after a success, one more per failure, left out if unknown. */
class ConsecutiveFailuresTest {
  static final Job JOB = Job.serviceLevel("nightly").build();
  static final Instant END = Instant.parse("2026-11-21T03:00:20Z");

  static Report report(Outcome outcome) {
    return new Report(JOB, outcome, END.minusSeconds(20), END, new MetricSnapshots(List.of()));
  }

  static Double count(Outcome outcome, Carried held) {
    for (MetricSnapshot s : BatchMetrics.of(report(outcome), held)) {
      if (s.getMetadata().getName().equals(BatchMetrics.CONSECUTIVE_FAILURES)) {
        return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    return null;
  }

  static Carried held(long failures) {
    return Carried.of(OptionalDouble.of(1.7e9), OptionalLong.of(failures));
  }

  @Test
  void aFailureAddsOneToTheCountItCarries() {
    assertThat(count(Outcome.FAILURE, Carried.nothing())).isEqualTo(1.0);
    assertThat(count(Outcome.FAILURE, held(1))).isEqualTo(2.0);
    assertThat(count(Outcome.FAILURE, held(2))).isEqualTo(3.0);
  }

  @Test
  void aSuccessResetsTheCountWhateverItCarries() {
    assertThat(count(Outcome.SUCCESS, held(7))).isEqualTo(0.0);
    assertThat(count(Outcome.SUCCESS, Carried.of(OptionalDouble.empty(), OptionalLong.empty())))
        .isEqualTo(0.0);
  }

  @Test
  void aFailureWhoseCountCannotBeKnownLeavesItOut() {
    assertThat(count(Outcome.FAILURE, Carried.of(OptionalDouble.of(1.7e9), OptionalLong.empty())))
        .isNull();
  }

  @Test
  void theLastSuccessIsCarriedBesideTheCount() {
    List<String> names =
        BatchMetrics.of(report(Outcome.FAILURE), held(2)).stream()
            .map(s -> s.getMetadata().getName())
            .toList();
    assertThat(names).contains(BatchMetrics.LAST_SUCCESS, BatchMetrics.CONSECUTIVE_FAILURES);
  }

  @Test
  void theTextCarriesTheCountWithItsHelp() throws IOException {
    String text =
        new String(
            Exposition.of(report(Outcome.FAILURE), Labels.of("job_name", "nightly")).text(held(2)),
            StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "# HELP promjob_consecutive_failures Failed runs of the job in a row since its last"
                + " success; 0 after a success.\n"
                + "# TYPE promjob_consecutive_failures gauge\n"
                + "promjob_consecutive_failures{job_name=\"nightly\"} 3.0\n");
  }

  @Test
  void theCountBeforeIsTheHeldOneOrTheLeastALastRunSays() {
    OptionalDouble none = OptionalDouble.empty();
    assertThat(Carried.failuresBefore(OptionalDouble.of(4), OptionalDouble.of(0))).hasValue(4);
    // a report of a promjob without the count: its last run failed, so at least one failure
    assertThat(Carried.failuresBefore(none, OptionalDouble.of(0))).hasValue(1);
    assertThat(Carried.failuresBefore(none, OptionalDouble.of(1))).hasValue(0);
    assertThat(Carried.failuresBefore(none, none)).hasValue(0);
    // a count that is no count (edited by hand) is not trusted
    assertThat(Carried.failuresBefore(OptionalDouble.of(-1), OptionalDouble.of(0))).hasValue(1);
    assertThat(Carried.failuresBefore(OptionalDouble.of(2.5), OptionalDouble.of(0))).hasValue(1);
    assertThat(Carried.failuresBefore(OptionalDouble.of(Double.NaN), none)).hasValue(0);
    assertThat(Carried.failuresBefore(OptionalDouble.of(Double.POSITIVE_INFINITY), none))
        .hasValue(0);
  }

  @Test
  void theBoundsOfATrustedCountAreKept() {
    OptionalDouble failed = OptionalDouble.of(0);
    assertThat(Carried.failuresBefore(OptionalDouble.of(0), failed)).hasValue(0);
    assertThat(Carried.failuresBefore(OptionalDouble.of(0x1p62), failed)).hasValue(1L << 62);
    assertThat(Carried.failuresBefore(OptionalDouble.of(0x1p63), failed)).hasValue(1);
  }

  @Test
  void aPreviousReportsTextCarriesItsLastSuccessAndCount() throws IOException {
    String text =
        "# HELP promjob_consecutive_failures_other Not the count.\n"
            + "# TYPE promjob_consecutive_failures_other gauge\n"
            + "promjob_consecutive_failures_other 9\n"
            + "# HELP promjob_consecutive_failures Failed runs.\n"
            + "# TYPE promjob_consecutive_failures gauge\n"
            + "promjob_consecutive_failures{job_name=\"nightly\"} 4\n"
            + "# HELP promjob_last_run_success Last.\n"
            + "# TYPE promjob_last_run_success gauge\n"
            + "promjob_last_run_success{job_name=\"nightly\"} 0\n"
            + "# HELP promjob_last_success_timestamp_seconds Last.\n"
            + "# TYPE promjob_last_success_timestamp_seconds gauge\n"
            + "promjob_last_success_timestamp_seconds{job_name=\"nightly\"} 1.7e9\n";
    assertThat(fromText(text)).isEqualTo(held(4));
    String withoutCount =
        "# HELP promjob_last_run_success Last.\n"
            + "# TYPE promjob_last_run_success gauge\n"
            + "promjob_last_run_success{job_name=\"nightly\"} 0\n";
    assertThat(fromText(withoutCount))
        .isEqualTo(Carried.of(OptionalDouble.empty(), OptionalLong.of(1)));
    assertThat(fromText("")).isEqualTo(Carried.nothing());
  }

  static Carried fromText(String text) throws IOException {
    return Carried.fromText(
        new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatThrownBy(() -> Carried.of(OptionalDouble.empty(), OptionalLong.of(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'-1': consecutive failures must not be negative");
  }
}
