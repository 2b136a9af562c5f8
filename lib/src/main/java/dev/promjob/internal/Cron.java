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
 * A standard five-field cron expression ({@code minute hour day-of-month month day-of-week}), as
 * Vixie cron reads it, and the times it names in a zone.
 *
 * <ul>
 *   <li>Fields: lists ({@code 1,15}), ranges ({@code 9-17}), steps after {@code *} or a range
 *       ({@code *}{@code /15}, {@code 9-17/2}), month names {@code JAN}-{@code DEC} and day names
 *       {@code SUN}-{@code SAT} (any case, also in ranges); day-of-week 0 and 7 are Sunday.
 *   <li>{@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily}
 *       ({@code @midnight}) and {@code @hourly}. {@code @reboot} is refused: it names no time.
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

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

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
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean eitherDay;
  private final boolean fixedTime;

  private Cron(String expression, String[] f) {
    this.expression = expression;
    this.minutes = field(expression, f[0], "minute", 0, 59, null);
    this.hours = field(expression, f[1], "hour", 0, 23, null);
    this.daysOfMonth = field(expression, f[2], "day-of-month", 1, 31, null);
    this.months = field(expression, f[3], "month", 1, 12, MONTHS);
    long dow = field(expression, f[4], "day-of-week", 0, 7, DAYS);
    this.daysOfWeek = (dow & 1L << 7) != 0 ? (dow | 1L) & ~(1L << 7) : dow;
    this.eitherDay = !f[2].startsWith("*") && !f[4].startsWith("*");
    this.fixedTime = !f[0].startsWith("*") && !f[1].startsWith("*");
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
    if (fields != 5) {
      throw Checks.invalid(
          expression,
          "a cron expression has 5 fields (minute hour day-of-month month day-of-week), not "
              + fields);
    }
    Cron cron = new Cron(expression, f);
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
        LocalDateTime local = day.atTime(h, m);
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

  private static long field(
      String expression, String text, String name, int min, int max, String[] names) {
    long bits = 0;
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = step(expression, part.substring(slash + 1), name);
        if (!range.equals("*") && range.indexOf('-') < 0) {
          throw Checks.invalid(
              expression,
              name
                  + " '"
                  + part
                  + "': a step follows * or a range (write "
                  + range
                  + "-"
                  + max
                  + part.substring(slash)
                  + ")");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = name.equals("day-of-week") ? 6 : max;
      } else {
        int dash = range.indexOf('-');
        from =
            number(expression, dash < 0 ? range : range.substring(0, dash), name, min, max, names);
        to = dash < 0 ? from : number(expression, range.substring(dash + 1), name, min, max, names);
        if (to < from) {
          throw Checks.invalid(expression, name + " range '" + range + "' runs backwards");
        }
      }
      for (long v = from; v <= to; v += step) {
        bits |= 1L << v;
      }
    }
    return bits;
  }

  /**
   * A step: any whole number above 0, as cron takes it. Beyond the field's length every step names
   * the first value only, so a longer one is kept as {@link Integer#MAX_VALUE}.
   */
  private static int step(String expression, String text, String name) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw Checks.invalid(expression, name + " step '" + text + "' is not a number");
    }
    String digits = text.replaceFirst("^0+", "");
    if (digits.isEmpty()) {
      throw Checks.invalid(expression, name + " step 0: a step is a whole number above 0");
    }
    return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  private static int number(
      String expression, String text, String name, int min, int max, String[] names) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(text)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      throw Checks.invalid(
          expression,
          name + " '" + text + "' is not a number" + (names == null ? "" : " or a name"));
    }
    int v = Integer.parseInt(text);
    if (v < min || v > max) {
      throw Checks.invalid(expression, name + " " + v + " is out of range " + min + "-" + max);
    }
    return v;
  }
}
