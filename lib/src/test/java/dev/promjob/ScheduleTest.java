package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Next-run times against known answers, computed by hand from the calendar and the zones' rules
 * (tzdata: Europe/Berlin changes at 01:00 UTC on the last Sundays of March and October;
 * America/New_York at 02:00 local on the second Sunday of March and the first of November).
 */
class ScheduleTest {
  static final Duration GRACE = Duration.ofMinutes(30);

  @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # business hours, every 15 minutes, weekdays: Friday's last run, then Monday's first
          */15 9-17 * * 1-5 | UTC | 2026-11-27T17:44:00Z | 2026-11-27T17:45:00Z
          */15 9-17 * * 1-5 | UTC | 2026-11-27T17:45:00Z | 2026-11-30T09:00:00Z
          */15 9-17 * * 1-5 | UTC | 2026-11-30T09:00:00Z | 2026-11-30T09:15:00Z
          */15 9-17 * * MON-FRI | UTC | 2026-11-28T10:00:00Z | 2026-11-30T09:00:00Z
          # 29 February: the next leap year, and 2100 is none
          0 0 29 2 * | UTC | 2025-03-01T00:00:00Z | 2028-02-29T00:00:00Z
          0 0 29 2 * | UTC | 2096-03-01T00:00:00Z | 2104-02-29T00:00:00Z
          # both day fields restricted: the 13th or a Friday
          0 0 13 * 5 | UTC | 2026-11-01T00:00:00Z | 2026-11-06T00:00:00Z
          0 0 13 * 5 | UTC | 2026-11-06T00:00:00Z | 2026-11-13T00:00:00Z
          0 0 13 * 5 | UTC | 2026-11-20T00:00:00Z | 2026-11-27T00:00:00Z
          0 0 13 * 5 | UTC | 2026-11-27T00:00:00Z | 2026-12-04T00:00:00Z
          0 0 1 * 1 | UTC | 2026-11-28T00:00:00Z | 2026-11-30T00:00:00Z
          # day-of-month starts with *: both must match (odd days that are Fridays)
          0 0 */2 * 5 | UTC | 2026-11-01T00:00:00Z | 2026-11-13T00:00:00Z
          # 7 is Sunday too; names in any case
          0 8 * * 7 | UTC | 2026-11-23T00:00:00Z | 2026-11-29T08:00:00Z
          0 12 1 jan,Jul * | UTC | 2026-02-01T00:00:00Z | 2026-07-01T12:00:00Z
          0 0 1-7/3 * * | UTC | 2026-11-04T00:00:00Z | 2026-11-07T00:00:00Z
          # one day field starts with * (*/7 too: cron's flag is the first character), so both
          # must match, however far apart: 11 years for 1 January on a Monday, 40 for 29 February
          # on a Sunday (2100 is no leap year)
          0 0 1 1 */7 | UTC | 2024-01-01T00:00:00Z | 2034-01-01T00:00:00Z
          0 0 */31 1 1 | UTC | 2007-01-01T00:00:00Z | 2018-01-01T00:00:00Z
          0 0 29 2 */7 | UTC | 2024-01-01T00:00:00Z | 2032-02-29T00:00:00Z
          0 0 29 2 */7 | UTC | 2032-02-29T00:00:00Z | 2060-02-29T00:00:00Z
          0 0 29 2 */7 | UTC | 2088-02-29T00:00:00Z | 2128-02-29T00:00:00Z
          0 0 8 11 */7 | UTC | 2024-01-01T00:00:00Z | 2026-11-08T00:00:00Z
          # the search counts its 400 years from the search's start, not from 1970
          0 12 29 2 */7 | Europe/Berlin | 2360-03-01T00:00:00Z | 2376-02-29T11:00:00Z
          * * 8 11-dec/3 */7 | UTC | 2026-11-08T00:00:00Z | 2026-11-08T00:01:00Z
          * * 8 11-dec/3 */7 | UTC | 2026-11-08T23:59:00Z | 2037-11-08T00:00:00Z
          # a step longer than its field names its first value only, as cron runs it
          0 0 1 */15 * | UTC | 2024-02-01T00:00:00Z | 2025-01-01T00:00:00Z
          */60 */24 */32 * * | UTC | 2026-11-21T10:00:00Z | 2026-12-01T00:00:00Z
          0 0 * * */8 | UTC | 2026-11-21T10:00:00Z | 2026-11-22T00:00:00Z
          0 0 1 1-12/99999999999 * | UTC | 2024-02-01T00:00:00Z | 2025-01-01T00:00:00Z
          # macros
          @hourly | UTC | 2026-11-21T10:00:00Z | 2026-11-21T11:00:00Z
          @daily | UTC | 2026-11-21T10:00:00Z | 2026-11-22T00:00:00Z
          @midnight | UTC | 2026-11-21T10:00:00Z | 2026-11-22T00:00:00Z
          @weekly | UTC | 2026-11-21T10:00:00Z | 2026-11-22T00:00:00Z
          @monthly | UTC | 2026-11-21T10:00:00Z | 2026-12-01T00:00:00Z
          @yearly | UTC | 2026-11-21T10:00:00Z | 2027-01-01T00:00:00Z
          @ANNUALLY | UTC | 2026-11-21T10:00:00Z | 2027-01-01T00:00:00Z
          # Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC)
          30 2 * * * | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z
          30 2 * * * | Europe/Berlin | 2026-03-29T01:00:00Z | 2026-03-30T00:30:00Z
          15 * * * * | Europe/Berlin | 2026-03-29T00:20:00Z | 2026-03-29T01:15:00Z
          0 3 * * * | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z
          # Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 comes twice
          30 2 * * * | Europe/Berlin | 2026-10-24T12:00:00Z | 2026-10-25T00:30:00Z
          30 2 * * * | Europe/Berlin | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z
          30 * * * * | Europe/Berlin | 2026-10-25T00:30:00Z | 2026-10-25T01:30:00Z
          30 * * * * | Europe/Berlin | 2026-10-25T01:30:00Z | 2026-10-25T02:30:00Z
          # New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00 UTC)
          30 2 * * * | America/New_York | 2026-03-07T12:00:00Z | 2026-03-08T07:00:00Z
          30 2 * * * | America/New_York | 2026-03-08T07:00:00Z | 2026-03-09T06:30:00Z
          # New York, 1 November 2026: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:30 comes twice
          30 1 * * * | America/New_York | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z
          30 1 * * * | America/New_York | 2026-11-01T05:30:00Z | 2026-11-02T06:30:00Z
          */30 * * * * | America/New_York | 2026-11-01T05:30:00Z | 2026-11-01T06:00:00Z
          */30 * * * * | America/New_York | 2026-11-01T06:00:00Z | 2026-11-01T06:30:00Z
          """)
  void theNextRunIsTheKnownAnswer(String cron, String zone, String after, String next) {
    Schedule s = Schedule.parse(cron, ZoneId.of(zone), GRACE);
    assertThat(s.next(Instant.parse(after))).isEqualTo(Instant.parse(next));
    assertThat(s.deadlineAfter(Instant.parse(after))).isEqualTo(Instant.parse(next).plus(GRACE));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 25 * * * | '0 25 * * *': hour 25 is out of range 0-23
          60 * * * * | '60 * * * *': minute 60 is out of range 0-59
          0 0 0 * * | '0 0 0 * *': day-of-month 0 is out of range 1-31
          0 0 * 13 * | '0 0 * 13 *': month 13 is out of range 1-12
          0 0 * * 8 | '0 0 * * 8': day-of-week 8 is out of range 0-7
          0 0 * FOO * | '0 0 * FOO *': month 'FOO' is not a number or a name
          * * * * | '* * * *': a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 in Spring's form (second first), not 4
          5/15 * * * * | '5/15 * * * *': minute '5/15': a step follows * or a range (write 5-59/15)
          */0 * * * * | '*/0 * * * *': minute step 0: a step is a whole number above 0
          0 0 1/99999999999 * * | '0 0 1/99999999999 * *': day-of-month '1/99999999999': a step follows * or a range (write 1-31/99999999999)
          0 0 1-5/00 * * | '0 0 1-5/00 * *': day-of-month step 0: a step is a whole number above 0
          */x * * * * | '*/x * * * *': minute step 'x' is not a number
          0 0 1 1 */-1 | '0 0 1 1 */-1': day-of-week step '-1' is not a number
          /5 * * * * | '/5 * * * *': minute '/5': a step follows * or a range (write -59/5)
          -5/2 * * * * | '-5/2 * * * *': minute '' is not a number
          9-1 * * * * | '9-1 * * * *': minute range '9-1' runs backwards
          0 0 30 2 * | '0 0 30 2 *': never matches: no such day (30 February?)
          0 0 31 4,6,9,11 */7 | '0 0 31 4,6,9,11 */7': never matches: no such day (30 February?)
          0 0 30-31 feb * | '0 0 30-31 feb *': never matches: no such day (30 February?)
          @reboot | '@reboot': unknown cron macro; known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (@reboot names no time to be late for)
          """)
  void aBadExpressionIsRefusedNamingTheField(String cron, String message) {
    assertThatThrownBy(() -> Schedule.parse(cron, ZoneOffset.UTC, GRACE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void schedulesAreValuesOfExpressionZoneAndGrace() {
    Schedule a = Schedule.parse("0 3 * * *", ZoneId.of("UTC"), GRACE);
    assertThat(a).isEqualTo(Schedule.parse("0 3 * * *", ZoneId.of("UTC"), GRACE));
    assertThat(a).hasSameHashCodeAs(Schedule.parse("0 3 * * *", ZoneId.of("UTC"), GRACE));
    assertThat(a)
        .isNotEqualTo(Schedule.parse("0 4 * * *", ZoneId.of("UTC"), GRACE))
        .isNotEqualTo(Schedule.parse("0 3 * * *", ZoneId.of("Europe/Berlin"), GRACE))
        .isNotEqualTo(Schedule.parse("0 3 * * *", ZoneId.of("UTC"), Duration.ofHours(1)))
        .isNotEqualTo("0 3 * * *");
    assertThat(a).hasToString("Schedule[0 3 * * * UTC, grace PT30M]");
    assertThat(a.cron()).isEqualTo("0 3 * * *");
    assertThat(a.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(a.grace()).isEqualTo(GRACE);
  }

  /** One wording for a zone, whether a key or a flag gave it, with the value shown escaped. */
  @Test
  void aZoneIsARegionOrAnOffsetAndARefusalNamesWhatGaveIt() {
    assertThat(Schedule.zone(" Europe/Berlin ", "--zone")).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(Schedule.zone("UTC", "k")).isEqualTo(ZoneId.of("UTC"));
    assertThat(Schedule.zone("+02:00", "k")).isEqualTo(ZoneOffset.ofHours(2));
    assertThatThrownBy(() -> Schedule.zone("Europe/Ber'lin\t", "--zone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'Europe/Ber\\'lin\\t': --zone must be a time zone such as Europe/Berlin or UTC");
  }
}
