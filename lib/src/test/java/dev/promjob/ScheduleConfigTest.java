package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators move a job from its interval to a schedule, or correct a schedule, by configuration.
 */
class ScheduleConfigTest {
  static final Job HOURLY =
      Job.machineBound("nightly-sync").expectedInterval(Duration.ofHours(1)).build();

  @TempDir Path tmp;

  /** nightly-sync moved to 0 3 * * * UTC, grace 1h, by configuration. */
  static final Config DAILY_AT_3 =
      Config.of(
          Map.of(
              "promjob.job.nightly-sync.schedule", "0 3 * * *",
              "promjob.job.nightly-sync.zone", "UTC",
              "promjob.job.nightly-sync.grace", "1h"));

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void theEnvironmentGivesAJobASchedule() {
    Config config =
        Config.load(
            Map.of(
                "PROMJOB_JOB_NIGHTLY_SYNC_SCHEDULE", "0 3 * * *",
                "PROMJOB_JOB_NIGHTLY_SYNC_ZONE", "Europe/Berlin",
                "PROMJOB_JOB_NIGHTLY_SYNC_GRACE", "90m"),
            props());
    Job job = JobKeys.configured(HOURLY, config);
    assertThat(job.expectedInterval()).isEmpty();
    assertThat(job.schedule())
        .contains(Schedule.parse("0 3 * * *", ZoneId.of("Europe/Berlin"), Duration.ofMinutes(90)));
  }

  /**
   * A Spring application's schedule, in {@code @Scheduled}'s six fields, set by an environment
   * variable: read as Spring reads it (Friday the 13th only), and refused as the declared one is.
   */
  @Test
  void theEnvironmentGivesSpringsSixFields() {
    Config config =
        Config.load(
            Map.of(
                "PROMJOB_JOB_NIGHTLY_SYNC_SCHEDULE", "0 0 3 13 * FRI",
                "PROMJOB_JOB_NIGHTLY_SYNC_ZONE", "UTC",
                "PROMJOB_JOB_NIGHTLY_SYNC_GRACE", "1h"),
            props());
    Schedule schedule = JobKeys.configured(HOURLY, config).schedule().orElseThrow();
    assertThat(schedule.next(java.time.Instant.parse("2026-01-01T00:00:00Z")))
        .isEqualTo(java.time.Instant.parse("2026-02-13T03:00:00Z"));
    Config quartz =
        Config.of(
            Map.of(
                "promjob.job.nightly-sync.schedule", "0 0 3 L * *",
                "promjob.job.nightly-sync.grace", "1h"));
    assertThatThrownBy(() -> JobKeys.configured(HOURLY, quartz))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'0 0 3 L * *': day-of-month 'L': Spring's 'L' (the last day of the month) has no"
                + " equivalent in cron's fields; declare an expected interval instead"
                + " (promjob.job.nightly-sync.schedule)");
  }

  @Test
  void aSystemPropertyBeatsTheEnvironmentAndAKeyOverridesOnlyItsPart() {
    Job declared =
        Job.machineBound("nightly-sync")
            .schedule("0 3 * * *", ZoneId.of("UTC"), Duration.ofHours(1))
            .build();
    Config config =
        Config.load(
            Map.of("PROMJOB_JOB_NIGHTLY_SYNC_SCHEDULE", "0 4 * * *"),
            props("promjob.job.nightly-sync.schedule", "0 5 * * *"));
    assertThat(JobKeys.configured(declared, config).schedule())
        .contains(Schedule.parse("0 5 * * *", ZoneId.of("UTC"), Duration.ofHours(1)));
    assertThat(JobKeys.configured(declared, Config.empty())).isSameAs(declared);
  }

  @Test
  void aPartialOrBadSettingIsRefusedNamingItsKey() {
    assertThatThrownBy(
            () ->
                JobKeys.configured(
                    HOURLY, Config.of(Map.of("promjob.job.nightly-sync.zone", "UTC"))))
        .hasMessage(
            "'promjob.job.nightly-sync.zone': is set, but the job has no schedule: set"
                + " promjob.job.nightly-sync.schedule too");
    assertThatThrownBy(
            () ->
                JobKeys.configured(
                    HOURLY, Config.of(Map.of("promjob.job.nightly-sync.schedule", "0 3 * * *"))))
        .hasMessage(
            "'promjob.job.nightly-sync.schedule': needs promjob.job.nightly-sync.grace too: how"
                + " long after a scheduled time a run may still succeed");
    assertThatThrownBy(
            () ->
                JobKeys.configured(
                    HOURLY,
                    Config.of(
                        Map.of(
                            "promjob.job.nightly-sync.schedule", "0 3 * * *",
                            "promjob.job.nightly-sync.grace", "1h",
                            "promjob.job.nightly-sync.zone", "Europe/Berln"))))
        .hasMessage(
            "'Europe/Berln': promjob.job.nightly-sync.zone must be a time zone such as"
                + " Europe/Berlin or UTC");
    assertThatThrownBy(
            () ->
                JobKeys.configured(
                    HOURLY,
                    Config.of(
                        Map.of(
                            "promjob.job.nightly-sync.schedule", "0 25 * * *",
                            "promjob.job.nightly-sync.grace", "1h"))))
        .hasMessage(
            "'0 25 * * *': hour 25 is out of range 0-23 (promjob.job.nightly-sync.schedule)");
    assertThatThrownBy(() -> Config.load(Map.of("PROMJOB_JOB_X_CRON", "0 3 * * *"), props()))
        .hasMessageStartingWith("'PROMJOB_JOB_X_CRON': unknown promjob environment variable");
  }

  @Test
  void aRunOfAConfiguredJobWritesItsDeadline() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("textfile"));
    TestClock clock = new TestClock(Instant.parse("2026-11-21T03:00:00Z"));
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(dir)
            .clock(clock)
            .reportErrors(ReportErrorPolicy.THROW)
            .config(DAILY_AT_3)
            .build();
    reporter.run(HOURLY, run -> clock.advance(Duration.ofSeconds(40)));
    String text = Files.readString(dir.resolve("nightly-sync.prom"));
    assertThat(text)
        .contains(
            "promjob_deadline_timestamp_seconds{job_name=\"nightly-sync\"} "
                + (double) Instant.parse("2026-11-22T04:00:00Z").getEpochSecond())
        .doesNotContain(BatchMetrics.EXPECTED_INTERVAL);
  }

  /** What a caller checks before any work: the job as start and report will see it. */
  @Test
  void theReporterShowsTheConfiguredJobAndRefusesABadKeyBeforeAnyRun() {
    Path dir = tmp.resolve("unused");
    Reporter reporter = Reporter.builder().textfileDirectory(dir).config(DAILY_AT_3).build();
    Reporter bad =
        Reporter.builder()
            .textfileDirectory(dir)
            .config(
                Config.of(
                    Map.of(
                        "promjob.job.nightly-sync.schedule", "0 25 * * *",
                        "promjob.job.nightly-sync.grace", "1h")))
            .build();

    Job configured = reporter.configured(HOURLY);

    assertThat(configured.expectedInterval()).isEmpty();
    assertThat(configured.schedule())
        .contains(Schedule.parse("0 3 * * *", ZoneId.of("UTC"), Duration.ofHours(1)));
    assertThat(reporter.configured(configured)).isEqualTo(configured);
    assertThat(Reporter.builder().textfileDirectory(dir).build().configured(HOURLY))
        .isSameAs(HOURLY);
    assertThatThrownBy(() -> bad.configured(HOURLY))
        .hasMessage(
            "'0 25 * * *': hour 25 is out of range 0-23 (promjob.job.nightly-sync.schedule)");
    assertThat(dir).doesNotExist();
  }

  @Test
  void aReportMadeElsewhereGetsTheConfiguredScheduleToo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("direct"));
    Reporter reporter = Reporter.builder().textfileDirectory(dir).config(DAILY_AT_3).build();
    Instant end = Instant.parse("2026-11-21T03:00:40Z");
    reporter.report(
        new Report(
            HOURLY,
            Outcome.SUCCESS,
            end.minusSeconds(40),
            end,
            new io.prometheus.metrics.model.snapshots.MetricSnapshots(java.util.List.of())));
    assertThat(Files.readString(dir.resolve("nightly-sync.prom")))
        .contains(
            BatchMetrics.DEADLINE
                + "{job_name=\"nightly-sync\"} "
                + (double) Instant.parse("2026-11-22T04:00:00Z").getEpochSecond());
  }
}
