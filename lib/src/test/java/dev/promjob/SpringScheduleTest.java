package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spring's six-field cron, as {@code @Scheduled(cron = ...)} takes it: the next times Spring's
 * {@code CronExpression.next} gives, derived from its documented reading (each field applied on its
 * own, so both day fields must match; day-of-week 1 Monday to 7 Sunday; {@code n/s} running to the
 * field's end; the wall clock across daylight saving) and the calendar. Beside each case where
 * Vixie cron reads the same text differently, the difference.
 */
class SpringScheduleTest {
  static final Duration GRACE = Duration.ofMinutes(30);

  @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # @Scheduled's own example shape: 06:30 on weekdays, Friday's then Monday's
          0 30 6 * * MON-FRI | Europe/Berlin | 2026-11-27T05:29:59Z | 2026-11-27T05:30:00Z
          0 30 6 * * MON-FRI | Europe/Berlin | 2026-11-27T05:30:00Z | 2026-11-30T05:30:00Z
          0 0 3 * * * | UTC | 2026-11-21T10:00:00Z | 2026-11-22T03:00:00Z
          # one second of the minute: due at it, not at the minute's start
          30 15 10 * * * | UTC | 2026-11-21T10:15:00Z | 2026-11-21T10:15:30Z
          30 15 10 * * * | UTC | 2026-11-21T10:15:30Z | 2026-11-22T10:15:30Z
          45 * * * * * | UTC | 2026-11-21T10:00:45Z | 2026-11-21T10:01:45Z
          # both day fields must match: Friday the 13th (Vixie: the 13th or any Friday)
          0 0 0 13 * FRI | UTC | 2026-01-01T00:00:00Z | 2026-02-13T00:00:00Z
          0 0 0 13 * FRI | UTC | 2026-02-13T00:00:00Z | 2026-03-13T00:00:00Z
          # * in day-of-week is 1-7, Monday first: */2 is MON, WED, FRI, SUN (Vixie: SUN, TUE ...)
          0 0 0 * * */2 | UTC | 2026-11-24T00:00:00Z | 2026-11-25T00:00:00Z
          0 0 0 * * */2 | UTC | 2026-11-27T00:00:00Z | 2026-11-29T00:00:00Z
          # a single value with a step runs to the field's end (Vixie: refused)
          0 5/15 * * * * | UTC | 2026-11-21T10:05:00Z | 2026-11-21T10:20:00Z
          0 5/15 * * * * | UTC | 2026-11-21T10:50:00Z | 2026-11-21T11:05:00Z
          0 0 0 * * 0/3 | UTC | 2026-11-22T00:00:00Z | 2026-11-25T00:00:00Z
          0 0 0 * * 0/3 | UTC | 2026-11-25T00:00:00Z | 2026-11-28T00:00:00Z
          # SUN is 7, and 0 when it starts a range (Vixie: FRI-SUN runs backwards)
          0 0 0 * * FRI-SUN | UTC | 2026-11-23T00:00:00Z | 2026-11-27T00:00:00Z
          0 0 0 * * FRI-SUN | UTC | 2026-11-29T00:00:00Z | 2026-12-04T00:00:00Z
          0 0 0 * * SUN-SUN | UTC | 2026-11-23T00:00:00Z | 2026-11-24T00:00:00Z
          0 0 0 * * 7 | UTC | 2026-11-23T00:00:00Z | 2026-11-29T00:00:00Z
          0 0 0 * * mon,Wed | UTC | 2026-11-23T00:00:00Z | 2026-11-25T00:00:00Z
          0 0 0005 * * * | UTC | 2026-11-21T10:00:00Z | 2026-11-22T05:00:00Z
          0 0 12 1 jan,Jul * | UTC | 2026-02-01T00:00:00Z | 2026-07-01T12:00:00Z
          # the 31st skips the shorter months; 29 February the years without it (2100 too)
          0 0 0 31 * * | UTC | 2026-04-01T00:00:00Z | 2026-05-31T00:00:00Z
          0 0 0 29 2 * | UTC | 2025-03-01T00:00:00Z | 2028-02-29T00:00:00Z
          0 0 0 29 2 * | UTC | 2096-03-01T00:00:00Z | 2104-02-29T00:00:00Z
          0 0 0 29 2 * | Europe/Berlin | 2027-03-01T00:00:00Z | 2028-02-28T23:00:00Z
          0 0 0 29 2 MON | UTC | 2024-03-01T00:00:00Z | 2044-02-29T00:00:00Z
          0 0 0 29 2 SUN | UTC | 2088-03-01T00:00:00Z | 2128-02-29T00:00:00Z
          # what Quartz's # says, in the fields: the first Monday, the second and fifth Friday
          0 0 0 1-7 * MON | UTC | 2026-11-03T00:00:00Z | 2026-12-07T00:00:00Z
          0 0 0 8-14 * 5 | UTC | 2026-11-14T00:00:00Z | 2026-12-11T00:00:00Z
          0 0 0 29-31 * 1 | UTC | 2026-11-14T00:00:00Z | 2026-11-30T00:00:00Z
          # Berlin, 29 March 2026, 02:00 CET becomes 03:00 CEST: 02:30 does not come that day
          # (Vixie: at 03:00, when the gap ends)
          0 30 2 * * * | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-30T00:30:00Z
          0 0 3 * * * | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z
          0 15 * * * * | Europe/Berlin | 2026-03-29T00:20:00Z | 2026-03-29T01:15:00Z
          # Berlin, 25 October 2026, 03:00 CEST becomes 02:00 CET: 02:30 comes twice
          # (Vixie: once, for a fixed time)
          0 30 2 * * * | Europe/Berlin | 2026-10-24T12:00:00Z | 2026-10-25T00:30:00Z
          0 30 2 * * * | Europe/Berlin | 2026-10-25T00:30:00Z | 2026-10-25T01:30:00Z
          0 30 2 * * * | Europe/Berlin | 2026-10-25T01:30:00Z | 2026-10-26T01:30:00Z
          15 30 2 * * * | Europe/Berlin | 2026-10-25T00:30:15Z | 2026-10-25T01:30:15Z
          0 30 * * * * | Europe/Berlin | 2026-10-25T00:30:00Z | 2026-10-25T01:30:00Z
          # New York, 8 March and 1 November 2026
          0 30 2 * * * | America/New_York | 2026-03-07T12:00:00Z | 2026-03-09T06:30:00Z
          0 30 1 * * * | America/New_York | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z
          0 30 1 * * * | America/New_York | 2026-11-01T05:30:00Z | 2026-11-01T06:30:00Z
          0 */30 * * * * | America/New_York | 2026-11-01T05:30:00Z | 2026-11-01T06:00:00Z
          # Havana, 1 November 2026: 01:00 CDT becomes 00:00 CST, so 00:30 comes twice (Spring
          # 7.0 runs the second only: its arithmetic departs there from the wall clock it follows
          # in Berlin; promjob keeps the wall clock)
          0 30 0 * * * | America/Havana | 2026-10-31T12:00:00Z | 2026-11-01T04:30:00Z
          0 30 0 * * * | America/Havana | 2026-11-01T04:30:00Z | 2026-11-01T05:30:00Z
          # Cairo, 24 April 2026: midnight becomes 01:00, so that day has no midnight
          0 0 0 * * * | Africa/Cairo | 2026-04-23T12:00:00Z | 2026-04-24T21:00:00Z
          # Lord Howe, 4 October 2026: 02:00 becomes 02:30 (a half-hour change)
          0 15 2 * * * | Australia/Lord_Howe | 2026-10-03T00:00:00Z | 2026-10-04T15:15:00Z
          """)
  void theNextRunIsSpringsNextRun(String cron, String zone, String after, String next) {
    Schedule s = Schedule.parse(cron, ZoneId.of(zone), GRACE);
    assertThat(s.next(Instant.parse(after))).isEqualTo(Instant.parse(next));
    assertThat(s.deadlineAfter(Instant.parse(after))).isEqualTo(Instant.parse(next).plus(GRACE));
    assertThat(s.cron()).isEqualTo(cron);
  }

  /**
   * A day whose every time falls in a gap never comes in Spring's reading: Berlin's 31 March on a
   * Sunday is always the night clocks go forward. Never due, as {@link Schedule#next} says.
   */
  @Test
  void aTimeOnlyInGapsIsNeverDue() {
    Schedule s = Schedule.parse("0 30 2 31 3 SUN", ZoneId.of("Europe/Berlin"), GRACE);
    assertThatThrownBy(() -> s.next(Instant.parse("2024-01-01T00:00:00Z")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "schedule '0 30 2 31 3 SUN' names no time after 2024-01-01T00:00:00Z in"
                + " Europe/Berlin");
    assertThat(s.deadlineSecondsAfter(Instant.parse("2024-01-01T00:00:00Z")))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  /**
   * The macros are cron's, read as cron reads them (their five fields), so a crontab's schedule
   * keeps its deadlines. Spring expands them to six fields; the only day the two differ is where
   * the zone's clocks change at midnight: there Spring skips the day, cron runs at the gap's end.
   * An {@code @Scheduled} method in such a zone writes the six fields to have Spring's reading.
   */
  @Test
  void aMacroIsCronsAndItsSixFieldsAreSprings() {
    ZoneId cairo = ZoneId.of("Africa/Cairo");
    Instant before = Instant.parse("2026-04-23T12:00:00Z");
    assertThat(Schedule.parse("@daily", cairo, GRACE).next(before))
        .isEqualTo(Instant.parse("2026-04-23T22:00:00Z")); // 24 April, 01:00 EEST
    assertThat(Schedule.parse("0 0 0 * * *", cairo, GRACE).next(before))
        .isEqualTo(Instant.parse("2026-04-24T21:00:00Z")); // 25 April, 00:00 EEST
    assertThat(Schedule.parse("@daily", ZoneOffset.UTC, GRACE).next(before))
        .isEqualTo(Schedule.parse("0 0 0 * * *", ZoneOffset.UTC, GRACE).next(before));
  }

  /**
   * An {@code @Scheduled} method's zone is its {@code zone} attribute, read as a {@link TimeZone}
   * (which also takes {@code EST} and {@code GMT+2}), else the JVM's default: both become the
   * {@link ZoneId} a job's schedule takes.
   */
  @Test
  void aScheduledMethodsZoneIsAZoneIdOfItsTimeZone() {
    Job fixed =
        Job.serviceLevel("report")
            .schedule("0 30 6 * * MON-FRI", TimeZone.getTimeZone("GMT+2").toZoneId(), GRACE)
            .build();
    assertThat(fixed.schedule().orElseThrow().next(Instant.parse("2026-11-27T04:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-27T04:30:00Z"));
    Job byDefault =
        Job.serviceLevel("report")
            .schedule("0 30 6 * * MON-FRI", TimeZone.getDefault().toZoneId(), GRACE)
            .build();
    assertThat(byDefault.schedule().orElseThrow().zone()).isEqualTo(ZoneId.systemDefault());
  }

  /** What Spring takes and the fields cannot hold, refused naming Spring's syntax. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          0 0 3 ? * MON | '0 0 3 ? * MON': day-of-month '?': Spring's '?' (any day) is not taken; write '0 0 3 * * MON' (from Quartz? its day-of-week counts from Sunday = 1, Spring's and cron's from Monday = 1)
          0 0 3 1 * ? | '0 0 3 1 * ?': day-of-week '?': Spring's '?' (any day) is not taken; write '0 0 3 1 * *' (from Quartz? its day-of-week counts from Sunday = 1, Spring's and cron's from Monday = 1)
          0 0 3 ?,1 * * | '0 0 3 ?,1 * *': day-of-month '?,1': Spring's '?' (any day) is not taken; write '*' for it (from Quartz? its day-of-week counts from Sunday = 1, Spring's and cron's from Monday = 1)
          0 0 0 ? * MON#1 | '0 0 0 ? * MON#1': day-of-week 'MON#1': Spring's '#' (the 1st Monday of the month) is not taken; write '0 0 0 1-7 * MON', which means the same
          0 0 0 * * 5#2 | '0 0 0 * * 5#2': day-of-week '5#2': Spring's '#' (the 2nd Friday of the month) is not taken; write '0 0 0 8-14 * 5', which means the same
          0 0 0 ? * 1#5 | '0 0 0 ? * 1#5': day-of-week '1#5': Spring's '#' (the 5th Monday of the month) is not taken; write '0 0 0 29-31 * 1', which means the same
          0 0 0 ? * sun#3 | '0 0 0 ? * sun#3': day-of-week 'sun#3': Spring's '#' (the 3rd Sunday of the month) is not taken; write '0 0 0 15-21 * sun', which means the same
          0 0 0 1-10 * MON#2 | '0 0 0 1-10 * MON#2': day-of-week 'MON#2': Spring's '#' (the 2nd Monday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * MON#1,FRI | '0 0 0 * * MON#1,FRI': day-of-week 'MON#1': Spring's '#' (the 1st Monday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * 0#6 | '0 0 0 * * 0#6': day-of-week '0#6': Spring's '#' (the 6th Sunday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 L * * | '0 0 0 L * *': day-of-month 'L': Spring's 'L' (the last day of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 L-3 * * | '0 0 0 L-3 * *': day-of-month 'L-3': Spring's 'L' (the last day of the month less 3) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 LW * * | '0 0 0 LW * *': day-of-month 'LW': Spring's 'LW' (the last weekday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 1W * * | '0 0 0 1W * *': day-of-month '1W': Spring's 'W' (the weekday nearest day 1) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 1,15W * * | '0 0 0 1,15W * *': day-of-month '15W': Spring's 'W' (the weekday nearest day 15) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 L5 * * | '0 0 0 L5 * *': day-of-month 'L5': Spring's 'L' has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 W * * | '0 0 0 W * *': day-of-month 'W': Spring's 'W' has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * #2 | '0 0 0 * * #2': day-of-week '#2': Spring's '#' has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * 9#2 | '0 0 0 * * 9#2': day-of-week '9#2': Spring's '#' has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * 8L | '0 0 0 * * 8L': day-of-week '8L': Spring's 'L' has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * 5L | '0 0 0 * * 5L': day-of-week '5L': Spring's 'L' (the last Friday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * THUL | '0 0 0 * * THUL': day-of-week 'THUL': Spring's 'L' (the last Thursday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 0 0 * * 0L | '0 0 0 * * 0L': day-of-week '0L': Spring's 'L' (the last Sunday of the month) has no equivalent in cron's fields; declare an expected interval instead
          0 /5 * * * * | '0 /5 * * * *': minute '' is not a number
          0 -5 * * * * | '0 -5 * * * *': minute '' is not a number
          */10 * * * * * | '*/10 * * * * *': second '*/10' names 6 seconds of each minute; promjob's deadlines are per minute: name one second, such as 0 (a job due more than once a minute: declare an expected interval instead)
          * 0 3 * * * | '* 0 3 * * *': second '*' names 60 seconds of each minute; promjob's deadlines are per minute: name one second, such as 0 (a job due more than once a minute: declare an expected interval instead)
          0,30 0 3 * * * | '0,30 0 3 * * *': second '0,30' names 2 seconds of each minute; promjob's deadlines are per minute: name one second, such as 0 (a job due more than once a minute: declare an expected interval instead)
          60 0 3 * * * | '60 0 3 * * *': second 60 is out of range 0-59
          0 0 0 * * 8 | '0 0 0 * * 8': day-of-week 8 is out of range 0-7
          0 0 0 * * SAT-MON | '0 0 0 * * SAT-MON': day-of-week range 'SAT-MON' runs backwards
          0 0 0 * * MONDAY | '0 0 0 * * MONDAY': day-of-week 'MONDAY' is not a number or a name
          0 0 0 30 2 * | '0 0 0 30 2 *': never matches: no such day (30 February?)
          0 0 0 31 4 MON | '0 0 0 31 4 MON': never matches: no such day (30 February?)
          0 */0 * * * * | '0 */0 * * * *': minute step 0: a step is a whole number above 0
          0 0 3 * * ? 2026 | '0 0 3 * * ? 2026': a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 in Spring's form (second first), not 7 (a year, as Quartz takes it, is not taken)
          """)
  void whatTheFieldsCannotHoldIsRefusedNamingSpringsSyntax(String cron, String message) {
    assertThatThrownBy(() -> Schedule.parse(cron, ZoneOffset.UTC, GRACE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** Where a refusal says what to write, that expression runs when Spring's would. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 0 0 ? * MON#1 | 2026-11-03T00:00:00Z | 2026-12-07T00:00:00Z
          0 0 0 ? * 5#2 | 2026-11-14T00:00:00Z | 2026-12-11T00:00:00Z
          0 0 0 ? * 1#5 | 2026-11-14T00:00:00Z | 2026-11-30T00:00:00Z
          0 0 3 ? * MON | 2026-11-03T00:00:00Z | 2026-11-09T03:00:00Z
          """)
  void whatARefusalSaysToWriteRunsWhenSpringWould(String cron, String after, String next) {
    String message = catchThrowable(() -> Schedule.parse(cron, ZoneOffset.UTC, GRACE)).getMessage();
    String suggested = message.replaceFirst(".*; write '([^']*)'.*", "$1");
    assertThat(suggested).isNotEqualTo(message);
    assertThat(Schedule.parse(suggested, ZoneOffset.UTC, GRACE).next(Instant.parse(after)))
        .isEqualTo(Instant.parse(next));
  }
}
