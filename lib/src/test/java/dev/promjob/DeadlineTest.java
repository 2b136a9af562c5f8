package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.spi.Exposition;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** promjob_deadline_timestamp_seconds follows the last success it is computed from. */
class DeadlineTest {
  static final Job DAILY =
      Job.serviceLevel("daily").schedule("0 3 * * *", ZoneOffset.UTC, Duration.ofHours(1)).build();
  static final Instant END = Instant.parse("2026-11-21T03:00:20Z");
  static final double NEXT_DAY_4AM = Instant.parse("2026-11-22T04:00:00Z").getEpochSecond();

  static Double value(Report r, OptionalDouble held, String name) {
    for (MetricSnapshot s : Exposition.of(r, Labels.EMPTY).snapshots(held)) {
      if (s.getMetadata().getName().equals(name)) {
        return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    return null;
  }

  static Report report(Job job, Outcome outcome) {
    return new Report(job, outcome, END.minusSeconds(20), END, new MetricSnapshots(List.of()));
  }

  @Test
  void aSuccessIsDueAgainAtTheNextScheduledTimePlusTheGrace() {
    assertThat(value(report(DAILY, Outcome.SUCCESS), OptionalDouble.empty(), BatchMetrics.DEADLINE))
        .isEqualTo(NEXT_DAY_4AM);
  }

  @Test
  void aFailureCarriesTheDeadlineOfTheLastSuccessItCarries() {
    double dayBefore = Instant.parse("2026-11-20T03:00:10Z").getEpochSecond();
    assertThat(
            value(
                report(DAILY, Outcome.FAILURE),
                OptionalDouble.of(dayBefore),
                BatchMetrics.DEADLINE))
        .isEqualTo(Instant.parse("2026-11-21T04:00:00Z").getEpochSecond());
    assertThat(value(report(DAILY, Outcome.FAILURE), OptionalDouble.empty(), BatchMetrics.DEADLINE))
        .as("no last success, no deadline")
        .isNull();
  }

  @Test
  void theDeadlineNeverGoesBack() {
    // An overlapping run succeeded later than this one's end: its last success, and deadline, stay.
    double later = Instant.parse("2026-11-22T03:00:30Z").getEpochSecond();
    assertThat(
            value(report(DAILY, Outcome.SUCCESS), OptionalDouble.of(later), BatchMetrics.DEADLINE))
        .isEqualTo(Instant.parse("2026-11-23T04:00:00Z").getEpochSecond());
  }

  @Test
  void aJobWithAnIntervalExportsNoDeadlineAndNoJobHasBoth() {
    Job hourly = Job.serviceLevel("hourly").expectedInterval(Duration.ofHours(1)).build();
    assertThat(
            value(report(hourly, Outcome.SUCCESS), OptionalDouble.empty(), BatchMetrics.DEADLINE))
        .isNull();
    assertThat(
            value(
                report(DAILY, Outcome.SUCCESS),
                OptionalDouble.empty(),
                BatchMetrics.EXPECTED_INTERVAL))
        .isNull();
    assertThatThrownBy(
            () ->
                Job.serviceLevel("both")
                    .expectedInterval(Duration.ofHours(1))
                    .schedule("0 * * * *", ZoneOffset.UTC, Duration.ofMinutes(5))
                    .build())
        .hasMessage("'0 * * * *': a job has an expected interval or a schedule, not both");
    assertThatThrownBy(() -> Schedule.parse("0 * * * *", ZoneOffset.UTC, Duration.ZERO))
        .hasMessage(
            "'PT0S': grace must be positive: a run cannot succeed exactly at its scheduled time");
    assertThat(hourly.withSchedule(DAILY.schedule().orElseThrow()).expectedInterval()).isEmpty();
  }

  /** Matches 11 years apart: found, where a nine-year search threw from inside the report. */
  @Test
  void aDeadlineYearsAwayIsExported() {
    Job newYearOnSunday =
        Job.serviceLevel("new_year")
            .schedule("0 0 1 1 */7", ZoneOffset.UTC, Duration.ofHours(1))
            .build();
    Report r =
        new Report(
            newYearOnSunday,
            Outcome.SUCCESS,
            Instant.parse("2023-01-01T00:00:00Z"),
            Instant.parse("2023-01-01T00:00:20Z"),
            new MetricSnapshots(List.of()));
    assertThat(value(r, OptionalDouble.empty(), BatchMetrics.DEADLINE))
        .isEqualTo(Instant.parse("2034-01-01T01:00:00Z").getEpochSecond());
  }

  /**
   * A report never fails on its schedule's arithmetic: where no scheduled time comes (its days all
   * fall in daylight-saving gaps) or the carried last success is beyond what an instant holds, the
   * job is never due, +Inf, and the rest of the report goes out.
   */
  @Test
  void aScheduleThatNamesNoTimeExportsAnInfiniteDeadline() {
    Job gapOnly =
        Job.serviceLevel("gap_only")
            .schedule("* 2 31 3 */7", ZoneId.of("Europe/Berlin"), Duration.ofHours(1))
            .build();
    assertThatThrownBy(() -> gapOnly.schedule().orElseThrow().next(END))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "schedule '* 2 31 3 */7' names no time after 2026-11-21T03:00:20Z in Europe/Berlin");
    assertThat(
            value(report(gapOnly, Outcome.SUCCESS), OptionalDouble.empty(), BatchMetrics.DEADLINE))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(
            value(report(DAILY, Outcome.FAILURE), OptionalDouble.of(1e300), BatchMetrics.DEADLINE))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(
            value(
                report(DAILY, Outcome.FAILURE),
                OptionalDouble.of(1e300),
                BatchMetrics.LAST_SUCCESS))
        .isEqualTo(1e300);
  }

  /**
   * A job failing from its first run has no success to count a deadline from: its report says when
   * a first success is due, counted from its own start (03:00:00): the next scheduled time, 03:00
   * the next day, plus the grace. Exactly when a success at 03:00 would have made it due.
   */
  /** The name the shipped rules use. */
  static final String FIRST_SUCCESS_DEADLINE = "promjob_first_success_deadline_timestamp_seconds";

  @Test
  void aFailureWithNoLastSuccessSaysWhenAFirstSuccessIsDue() {
    Report failed = report(DAILY, Outcome.FAILURE);
    assertThat(value(failed, OptionalDouble.empty(), FIRST_SUCCESS_DEADLINE))
        .isEqualTo(NEXT_DAY_4AM);
    assertThat(value(failed, OptionalDouble.empty(), BatchMetrics.DEADLINE)).isNull();
    assertThat(value(failed, OptionalDouble.empty(), BatchMetrics.LAST_SUCCESS)).isNull();
    assertThat(
            value(report(DAILY, Outcome.SUCCESS), OptionalDouble.empty(), FIRST_SUCCESS_DEADLINE))
        .as("a success has a deadline of its own")
        .isNull();
    assertThat(
            value(
                failed,
                OptionalDouble.of(END.minusSeconds(86_400).getEpochSecond()),
                FIRST_SUCCESS_DEADLINE))
        .as("a carried last success has a deadline of its own")
        .isNull();
    Job hourly = Job.serviceLevel("hourly").expectedInterval(Duration.ofHours(1)).build();
    assertThat(
            value(report(hourly, Outcome.FAILURE), OptionalDouble.empty(), FIRST_SUCCESS_DEADLINE))
        .as("no schedule")
        .isNull();
  }

  /** +Inf is what the text format writes, and what promjob's own read-back of the file accepts. */
  @Test
  void anInfiniteDeadlineReachesTheTextfile(@TempDir Path dir) throws IOException {
    Job gapOnly =
        Job.machineBound("gap_only")
            .schedule("* 2 31 3 */7", ZoneId.of("Europe/Berlin"), Duration.ofHours(1))
            .build();
    Reporter.builder()
        .textfileDirectory(dir)
        .reportErrors(ReportErrorPolicy.THROW)
        .build()
        .run(gapOnly, run -> {});
    assertThat(Files.readString(dir.resolve("gap_only.prom")))
        .contains("promjob_deadline_timestamp_seconds{job_name=\"gap_only\"} +Inf\n");
  }
}
