package dev.promjob.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cron expression and the times it names in a zone: Vixie cron's five fields ({@code minute hour
 * day-of-month month day-of-week}) as Vixie cron reads them, or Spring's six (a second first) as
 * Spring's {@code CronExpression} reads them ({@link SpringCron}).
 *
 * <ul>
 *   <li>Fields: lists ({@code 1,15}), ranges ({@code 9-17}), steps after {@code *} or a range
 *       ({@code *}{@code /15}, {@code 9-17/2}), month names {@code JAN}-{@code DEC} and day names
 *       {@code SUN}-{@code SAT} (any case, also in ranges); day-of-week 0 and 7 are Sunday.
 *   <li>{@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily}
 *       ({@code @midnight}) and {@code @hourly}, read as their five fields. {@code @reboot} is
 *       refused: it names no time.
 *   <li>Day-of-month and day-of-week: when both are restricted (neither starts with {@code *}), a
 *       day matches if either does; otherwise both must ({@code *}{@code /7} starts with {@code *}:
 *       cron's flag is set by the first character).
 *   <li>A step is any whole number above 0; one longer than its field names the field's first value
 *       only ({@code *}{@code /15} in the month field: January), as cronie warns and runs.
 *   <li>Daylight saving, as Vixie cron does it: a job with a fixed minute and hour (neither field
 *       starts with {@code *}) whose time falls in a gap runs when the gap ends, and in an overlap
 *       runs once, at the first occurrence; a job with {@code *} in its minute or hour runs on the
 *       wall clock: not in a gap, twice in an overlap.
 * </ul>
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class Cron {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /**
   * The Gregorian calendar repeats every 400 years, 146 097 days, a whole number of weeks (20 871):
   * every day pattern does, and so do a zone's rules after its last listed transition (each rule is
   * a month, a day and a weekday). A search of one cycle past both finds a time if there is one.
   * Matches can be far apart: 12 years for a date on a weekday, 40 for 29 February on a weekday
   * (2096 to 2136, 2100 being no leap year).
   */
  static final int CYCLE_DAYS = 146_097;

  private static final int[] MONTH_DAYS = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private final String expression;
  private final int second;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean eitherDay;
  private final boolean fixedTime;

  /**
   * @param second the second of each named minute, 0 in the five-field form
   * @param fields the minute, hour, day-of-month, month and day-of-week bits (Sunday is bit 0)
   * @param eitherDay a day matches if either day field does (else both must)
   * @param fixedTime a time in a daylight-saving gap is due when the gap ends, one in an overlap
   *     once (else the wall clock decides: not in a gap, twice in an overlap)
   */
  Cron(String expression, int second, long[] fields, boolean eitherDay, boolean fixedTime) {
    this.expression = expression;
    this.second = second;
    this.minutes = fields[0];
    this.hours = fields[1];
    this.daysOfMonth = fields[2];
    this.months = fields[3];
    this.daysOfWeek = fields[4];
    this.eitherDay = eitherDay;
    this.fixedTime = fixedTime;
  }

  /** The five fields as Vixie cron reads them. */
  private static Cron vixie(String expression, String[] f) {
    long[] fields = { // in order, so that the first bad field is the one named
      CronFields.vixie(expression, f[0], "minute", 0, 59, null),
      CronFields.vixie(expression, f[1], "hour", 0, 23, null),
      CronFields.vixie(expression, f[2], "day-of-month", 1, 31, null),
      CronFields.vixie(expression, f[3], "month", 1, 12, CronFields.MONTHS),
      CronFields.vixie(expression, f[4], "day-of-week", 0, 7, CronFields.DAYS)
    };
    if ((fields[4] & 1L << 7) != 0) { // 7 is Sunday too
      fields[4] = (fields[4] | 1L) & ~(1L << 7);
    }
    return new Cron(
        expression,
        0,
        fields,
        !f[2].startsWith("*") && !f[4].startsWith("*"),
        !f[0].startsWith("*") && !f[1].startsWith("*"));
  }

  /**
   * @throws IllegalArgumentException {@code '<expression>': <rule>}, naming the field
   */
  public static Cron parse(String expression) {
    String e = expression.strip();
    if (e.startsWith("@")) {
      String macro = MACROS.get(e.toLowerCase(Locale.ROOT));
      if (macro == null) {
        throw Checks.invalid(
            expression,
            "unknown cron macro; known: @yearly, @annually, @monthly, @weekly, @daily,"
                + " @midnight, @hourly (@reboot names no time to be late for)");
      }
      e = macro;
    }
    String[] f = e.split("[ \\t]+");
    int fields = e.isEmpty() ? 0 : f.length; // "".split gives one empty field
    Cron cron;
    if (fields == 5) {
      cron = vixie(expression, f);
    } else if (fields == 6) {
      cron = SpringCron.parse(expression, f);
    } else {
      throw Checks.invalid(
          expression,
          "a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 in"
              + " Spring's form (second first), not "
              + fields
              + (fields == 7 ? " (a year, as Quartz takes it, is not taken)" : ""));
    }
    if (!cron.someDayMatches()) {
      throw Checks.invalid(expression, "never matches: no such day (30 February?)");
    }
    return cron;
  }

  /**
   * True if some day ever matches; decided from the calendar, no search. Either day field matching
   * (both restricted) always finds a day: every month holds every weekday. Both must match (one
   * starts with {@code *}): a date that exists falls on every weekday in the 400-year cycle, 29
   * February included, so some day matches exactly when some month holds some listed day.
   */
  boolean someDayMatches() {
    if (eitherDay) {
      return true;
    }
    for (int m = 1; m <= 12; m++) {
      long daysOfThisMonth = (1L << (MONTH_DAYS[m] + 1)) - 2; // bits 1..length
      if ((months & 1L << m) != 0 && (daysOfMonth & daysOfThisMonth) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The expression as it was given. */
  public String expression() {
    return expression;
  }

  /**
   * The first time strictly after {@code after} that the expression names in {@code zone}, or null
   * if there is none: its days all fall in daylight-saving gaps ({@code * 2 31 3 *}{@code /7} in
   * Europe/Berlin: 31 March on a Sunday is always the night clocks go forward), or the search runs
   * past the year 999 999 999.
   */
  public Instant next(Instant after, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    LocalDate first = LocalDateTime.ofInstant(after, zone).toLocalDate();
    long last = Math.min(LocalDate.MAX.toEpochDay(), lastRuleChange(rules, first) + CYCLE_DAYS);
    for (long e = first.toEpochDay(); e <= last; e++) {
      LocalDate day = LocalDate.ofEpochDay(e);
      if ((months & 1L << day.getMonthValue()) == 0) {
        e += day.lengthOfMonth() - day.getDayOfMonth(); // the whole month cannot match
        continue;
      }
      if (!matches(day)) {
        continue;
      }
      Instant best = null;
      for (Instant t : times(day, rules)) {
        if (t.isAfter(after) && (best == null || t.isBefore(best))) {
          best = t;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  /** The epoch day from which the zone's rules repeat, or {@code from} if that is later. */
  private static long lastRuleChange(ZoneRules rules, LocalDate from) {
    List<ZoneOffsetTransition> listed = rules.getTransitions();
    if (listed.isEmpty()) {
      return from.toEpochDay();
    }
    LocalDate change = listed.get(listed.size() - 1).getDateTimeAfter().toLocalDate();
    return Math.max(from.toEpochDay(), change.toEpochDay());
  }

  private boolean matches(LocalDate day) {
    boolean dom = (daysOfMonth & 1L << day.getDayOfMonth()) != 0;
    boolean dow = (daysOfWeek & 1L << (day.getDayOfWeek().getValue() % 7)) != 0;
    return eitherDay ? dom || dow : dom && dow;
  }

  /** Every instant the expression names on {@code day}, daylight saving applied. */
  private List<Instant> times(LocalDate day, ZoneRules rules) {
    List<Instant> out = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      if ((hours & 1L << h) == 0) {
        continue;
      }
      for (int m = 0; m < 60; m++) {
        if ((minutes & 1L << m) == 0) {
          continue;
        }
        LocalDateTime local = day.atTime(h, m, second);
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
          if (fixedTime) { // in a gap: when the gap ends
            ZoneOffsetTransition gap = rules.getTransition(local);
            out.add(gap.getInstant());
          }
        } else if (offsets.size() == 1 || fixedTime) { // in an overlap: the first time only
          out.add(local.toInstant(offsets.get(0)));
        } else {
          out.add(local.toInstant(offsets.get(0)));
          out.add(local.toInstant(offsets.get(1)));
        }
      }
    }
    return out;
  }
}
