package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.NodeExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --schedule}, {@code --zone} and {@code --grace} in a crontab line: the packaged launcher
 * started as cron starts a job ({@code env -i PATH=/usr/bin:/bin}, no locale, as {@code nobody}
 * when the tests run as root), and the deadline node_exporter serves from the file it wrote,
 * against the next scheduled time worked out here from the calendar alone.
 */
class ScheduleIT {
  static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
  static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

  static ServedDirectory served;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-schedule-it", work);
    AsCron.ownDirectory(served.dir);
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  /** {@code promjob SUB --job JOB --textfile-dir DIR ARGS...} as cron runs it, {@code env} set. */
  static Launcher.Result cron(
      List<String> env, String stdin, String sub, String job, String... args) throws Exception {
    List<String> promjob = new ArrayList<>(List.of(sub, "--job", job, "--textfile-dir"));
    promjob.add(served.dir.toString());
    promjob.addAll(List.of(args));
    return AsCron.run(work, env, stdin, promjob.toArray(String[]::new));
  }

  /**
   * The first time after {@code lastSuccess} that is {@code at} on one of {@code days} in {@code
   * zone}, plus the grace: the deadline of a crontab line {@code M H * * DAYS}, for a time of day
   * that no daylight-saving change skips or repeats in the zone.
   */
  static double due(
      double lastSuccess, ZoneId zone, LocalTime at, Set<DayOfWeek> days, Duration grace) {
    Instant last = Instant.ofEpochMilli(Math.round(lastSuccess * 1000));
    LocalDate day = last.atZone(zone).toLocalDate();
    ZonedDateTime next = ZonedDateTime.of(day, at, zone);
    while (!next.toInstant().isAfter(last) || !days.contains(next.getDayOfWeek())) {
      day = day.plusDays(1);
      next = ZonedDateTime.of(day, at, zone);
    }
    return next.toInstant().plus(grace).getEpochSecond();
  }

  @Test
  void aWeekdayScheduleInAZoneExportsItsDeadline() throws Exception {
    Launcher.Result r =
        cron(
            List.of(),
            null,
            "run",
            "weekday_backup",
            "--schedule",
            "30 3 * * 1-5",
            "--zone",
            "Europe/Berlin",
            "--grace",
            "45m",
            "--",
            "true");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    String text = served.node.scrape();
    String job = "job_name=\"weekday_backup\"";
    double last = NodeExporter.value(text, "promjob_last_success_timestamp_seconds", job);
    assertThat(NodeExporter.value(text, "promjob_deadline_timestamp_seconds", job))
        .isEqualTo(
            due(
                last,
                ZoneId.of("Europe/Berlin"),
                LocalTime.of(3, 30),
                WEEKDAYS,
                Duration.ofMinutes(45)));
    assertThat(NodeExporter.samples(text, "promjob_expected_interval_seconds")).isEmpty();
  }

  /** Without --zone, the zone is the one cron's environment gives the JVM: TZ, as cron sets it. */
  @Test
  void withoutAZoneTheScheduleIsReadInTheZoneOfTz() throws Exception {
    Launcher.Result r =
        cron(
            List.of("TZ=Asia/Tokyo"),
            null,
            "run",
            "tokyo_report",
            "--schedule",
            "30 3 * * *",
            "--grace",
            "1h",
            "--",
            "true");

    assertThat(r.exitCode()).isZero();
    double last = served.value("promjob_last_success_timestamp_seconds", "tokyo_report");
    assertThat(served.value("promjob_deadline_timestamp_seconds", "tokyo_report"))
        .isEqualTo(
            due(
                last,
                ZoneId.of("Asia/Tokyo"),
                LocalTime.of(3, 30),
                EVERY_DAY,
                Duration.ofHours(1)));
  }

  /** The crontab line's flags beat the job's variables, as every flag beats configuration. */
  @Test
  void theFlagsOverrideTheJobsVariables() throws Exception {
    Launcher.Result r =
        cron(
            List.of(
                "PROMJOB_JOB_OVERRIDDEN_SCHEDULE=0 4 * * *",
                "PROMJOB_JOB_OVERRIDDEN_ZONE=Asia/Tokyo",
                "PROMJOB_JOB_OVERRIDDEN_GRACE=2h"),
            null,
            "run",
            "overridden",
            "--schedule",
            "30 3 * * *",
            "--zone",
            "UTC",
            "--grace",
            "45m",
            "--",
            "true");

    assertThat(r.exitCode()).isZero();
    double last = served.value("promjob_last_success_timestamp_seconds", "overridden");
    assertThat(served.value("promjob_deadline_timestamp_seconds", "overridden"))
        .isEqualTo(
            due(last, ZoneId.of("UTC"), LocalTime.of(3, 30), EVERY_DAY, Duration.ofMinutes(45)));
  }

  @Test
  void writeTakesTheSameSchedule() throws Exception {
    Launcher.Result r =
        cron(
            List.of(),
            "# HELP apt_upgrades_pending Upgrades.\n# TYPE apt_upgrades_pending gauge\n"
                + "apt_upgrades_pending 4\n",
            "write",
            "apt_daily",
            "--schedule",
            "@daily",
            "--zone",
            "America/New_York",
            "--grace",
            "2h");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    double last = served.value("promjob_last_success_timestamp_seconds", "apt_daily");
    assertThat(served.value("promjob_deadline_timestamp_seconds", "apt_daily"))
        .isEqualTo(
            due(
                last,
                ZoneId.of("America/New_York"),
                LocalTime.MIDNIGHT,
                EVERY_DAY,
                Duration.ofHours(2)));
    assertThat(served.value("apt_upgrades_pending", "apt_daily")).isEqualTo(4);
  }

  /** A bad value is a crontab line that cannot run: exit 2, one line for cron's mail, no file. */
  @Test
  void aBadValueExitsTwoNamingTheValueAndTheFlagAndRunsNothing() throws Exception {
    Path ran = work.resolve("ran");

    Launcher.Result cron =
        cron(
            List.of(),
            null,
            "run",
            "bad_cron",
            "--schedule",
            "30 25 * * *",
            "--grace",
            "1h",
            "--",
            "touch",
            ran.toString());
    Launcher.Result zone =
        cron(
            List.of(),
            null,
            "write",
            "bad_zone",
            "--schedule",
            "@daily",
            "--zone",
            "Europe/Frankfurt",
            "--grace",
            "1h");

    assertThat(cron.exitCode()).isEqualTo(2);
    assertThat(cron.err())
        .isEqualTo("promjob: '30 25 * * *': hour 25 is out of range 0-23 (--schedule)\n");
    assertThat(ran).doesNotExist();
    assertThat(zone.exitCode()).isEqualTo(2);
    assertThat(zone.err())
        .isEqualTo(
            "promjob: 'Europe/Frankfurt': --zone must be a time zone such as Europe/Berlin or"
                + " UTC\n");
    assertThat(served.dir.resolve("bad_cron.prom")).doesNotExist();
    assertThat(served.dir.resolve("bad_zone.prom")).doesNotExist();
  }
}
