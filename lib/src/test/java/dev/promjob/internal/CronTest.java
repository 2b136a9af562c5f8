package dev.promjob.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The calendar facts Cron's search and its "never matches" rest on, checked over one whole
 * Gregorian cycle rather than assumed, and the schedules they decide.
 */
class CronTest {
  static final LocalDate CYCLE_START = LocalDate.of(2000, 1, 1);

  @Test
  void theCalendarRepeatsEvery146097DaysAWholeNumberOfWeeks() {
    assertThat(CYCLE_START.plusYears(400).toEpochDay() - CYCLE_START.toEpochDay())
        .isEqualTo(Cron.CYCLE_DAYS);
    assertThat(Cron.CYCLE_DAYS % 7).isZero();
  }

  /**
   * Every date that exists falls on every weekday within the cycle, and the longest wait for one on
   * a given weekday is 40 years (29 February) or 12 (any other date): the old nine-year search was
   * too short, one cycle is long enough.
   */
  @Test
  void everyDateThatExistsFallsOnEveryWeekdayAtMost40YearsApart() {
    Map<Integer, Set<DayOfWeek>> weekdays = new HashMap<>();
    Map<Integer, Long> lastSeen = new HashMap<>();
    long longest = 0;
    long longestFeb29 = 0;
    for (long e = CYCLE_START.toEpochDay();
        e < CYCLE_START.toEpochDay() + 2L * Cron.CYCLE_DAYS;
        e++) {
      LocalDate d = LocalDate.ofEpochDay(e);
      int date = d.getMonthValue() * 100 + d.getDayOfMonth();
      int key = date * 10 + d.getDayOfWeek().getValue();
      weekdays.computeIfAbsent(date, k -> new HashSet<>()).add(d.getDayOfWeek());
      Long before = lastSeen.put(key, e);
      if (before != null) {
        if (date == 229) {
          longestFeb29 = Math.max(longestFeb29, e - before);
        } else {
          longest = Math.max(longest, e - before);
        }
      }
    }
    assertThat(weekdays).hasSize(366);
    assertThat(weekdays.values()).allSatisfy(days -> assertThat(days).hasSize(7));
    assertThat(longestFeb29).isEqualTo(14_609); // 2088-02-29 to 2128-02-29, Sundays
    assertThat(longest).isEqualTo(4_382); // 12 years
    assertThat(longestFeb29).isLessThan(Cron.CYCLE_DAYS);
  }

  /**
   * For every month and day, on Sundays ({@code *}{@code /7}: both fields must match): refused
   * exactly when the date never exists, and otherwise the first such Sunday, found by walking the
   * calendar.
   */
  @Test
  void everyDateOnASundayIsFoundOrRefusedExactly() {
    Instant after = Instant.parse("2024-01-01T00:00:00Z");
    int refused = 0;
    for (int m = 1; m <= 12; m++) {
      for (int d = 1; d <= 31; d++) {
        String expression = "0 0 " + d + " " + m + " */7";
        LocalDate expected = null;
        for (LocalDate x = LocalDate.of(2024, 1, 1); x.getYear() < 2424; x = x.plusDays(1)) {
          if (x.getMonthValue() == m
              && x.getDayOfMonth() == d
              && x.getDayOfWeek() == DayOfWeek.SUNDAY) {
            expected = x;
            break;
          }
        }
        if (expected == null) {
          refused++;
          assertThatThrownBy(() -> Cron.parse(expression))
              .hasMessage("'" + expression + "': never matches: no such day (30 February?)");
        } else {
          assertThat(Cron.parse(expression).next(after, ZoneOffset.UTC))
              .as(expression)
              .isEqualTo(expected.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
      }
    }
    assertThat(refused).as("30 and 31 February, 31 April, June, September, November").isEqualTo(6);
  }

  /**
   * In Europe/Berlin, 31 March on a Sunday is always the last Sunday of March, when 02:00 becomes
   * 03:00: a job for every minute of hour 2 on that day never runs. No time, and no exception.
   */
  @Test
  void aScheduleWhoseDaysAllFallInGapsNamesNoTime() {
    Cron c = Cron.parse("* 2 31 3 */7");
    Instant after = Instant.parse("2024-01-01T00:00:00Z");
    assertThat(c.next(after, ZoneOffset.UTC)).isEqualTo(Instant.parse("2024-03-31T02:00:00Z"));
    assertThat(c.next(after, ZoneId.of("Europe/Berlin"))).isNull();
    assertThat(Cron.parse("30 2 31 3 */7").next(after, ZoneId.of("Europe/Berlin")))
        .as("a fixed time in the gap runs when it ends")
        .isEqualTo(Instant.parse("2024-03-31T01:00:00Z"));
  }

  @Test
  void aSearchNearTheEndOfTimeStopsThere() {
    Instant nearTheEnd = LocalDate.MAX.minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
    assertThat(Cron.parse("0 0 1 1 *").next(nearTheEnd, ZoneOffset.UTC)).isNull();
    assertThat(Cron.parse("0 0 * * *").next(nearTheEnd, ZoneOffset.UTC))
        .isEqualTo(nearTheEnd.plusSeconds(86_400));
  }

  @Test
  void anEmptyExpressionHasNoFields() {
    for (String expression : new String[] {"", " ", "  "}) {
      assertThatThrownBy(() -> Cron.parse(expression))
          .hasMessage(
              "'"
                  + expression
                  + "': a cron expression has 5 fields (minute hour day-of-month month"
                  + " day-of-week), or 6 in Spring's form (second first), not 0");
    }
  }
}
