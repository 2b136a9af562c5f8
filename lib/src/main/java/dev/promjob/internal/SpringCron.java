package dev.promjob.internal;

import java.time.DayOfWeek;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spring's six-field cron ({@code second minute hour day-of-month month day-of-week}, as
 * {@code @Scheduled(cron = ...)} takes it), read as Spring's {@code CronExpression} reads it
 * wherever promjob's per-minute model can hold it, and refused naming Spring's syntax where not.
 *
 * <p>Where Spring reads the same text as Vixie cron does not (learnt from spring-context's {@code
 * CronExpression}, {@code CronField}, {@code BitsCronField} and {@code QuartzCronField}):
 *
 * <ul>
 *   <li>A day matches when both day fields do, always: Spring applies each field on its own, so
 *       {@code 0 0 0 13 * FRI} is Friday the 13th only (Vixie's five fields: the 13th or a Friday).
 *   <li>A single value with a step runs to the end of its field: {@code 5/15} is {@code 5-59/15}.
 *   <li>Day names count from Monday (1) to Sunday (7); {@code *} in day-of-week is 1-7, so {@code
 *       *}{@code /2} is Monday, Wednesday, Friday, Sunday; 7 (or {@code SUN}) starting a range is
 *       0, so {@code SUN-SAT} is every day and {@code FRI-SUN} is Friday to Sunday.
 *   <li>Daylight saving: the wall clock, whatever the fields: a time in a gap does not come that
 *       day, a time in an overlap comes twice (Vixie cron runs a fixed time at the gap's end, and
 *       once).
 * </ul>
 *
 * <p>Refused: a seconds field naming more than one second (promjob's deadlines, and the alerts on
 * them, are per minute), and Quartz's {@code ?}, {@code L}, {@code W} and {@code #}, with what to
 * write instead where the fields can say the same.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
final class SpringCron {
  private static final Pattern LAST_LESS = Pattern.compile("L-(\\d{1,2})");
  private static final Pattern NEAREST = Pattern.compile("(\\d{1,2})W");
  private static final String DAY = "([0-7]|MON|TUE|WED|THU|FRI|SAT|SUN)";
  private static final Pattern LAST_OF = Pattern.compile(DAY + "L");
  private static final Pattern NTH = Pattern.compile(DAY + "#(\\d)");

  private SpringCron() {}

  /**
   * @param f the six fields
   * @throws IllegalArgumentException {@code '<expression>': <rule>}, naming the field
   */
  static Cron parse(String expression, String[] f) {
    quartz(expression, f);
    long seconds = field(expression, f[0], "second", 0, 59, null);
    if (Long.bitCount(seconds) != 1) {
      throw Checks.invalid(
          expression,
          "second '"
              + f[0]
              + "' names "
              + Long.bitCount(seconds)
              + " seconds of each minute; promjob's deadlines are per minute: name one second,"
              + " such as 0 (a job due more than once a minute: declare an expected interval"
              + " instead)");
    }
    long[] fields = { // in order, so that the first bad field is the one named
      field(expression, f[1], "minute", 0, 59, null),
      field(expression, f[2], "hour", 0, 23, null),
      field(expression, f[3], "day-of-month", 1, 31, null),
      field(expression, f[4], "month", 1, 12, CronFields.MONTHS),
      field(expression, f[5], "day-of-week", 0, 7, CronFields.SPRING_DAYS)
    };
    // Spring's Sunday is 0 or 7, Cron's 0
    fields[4] = fields[4] & 0x7EL | ((fields[4] & 0x81L) != 0 ? 1L : 0L);
    return new Cron(expression, Long.numberOfTrailingZeros(seconds), fields, false, false);
  }

  /** One field as Spring reads it; day-of-week's bits 0 and 7 are both Sunday. */
  private static long field(
      String expression, String text, String name, int min, int max, String[] names) {
    boolean dow = names == CronFields.SPRING_DAYS;
    long bits = 0;
    for (String part : text.split(",", -1)) {
      int slash = part.indexOf('/');
      String range = slash < 0 ? part : part.substring(0, slash);
      int from;
      int to;
      if (range.equals("*")) {
        from = dow ? 1 : min; // Spring's days run from Monday: */2 starts on Monday
        to = max;
      } else {
        int dash = range.indexOf('-');
        String first = dash < 0 ? range : range.substring(0, dash);
        from = CronFields.number(expression, first, name, min, max, names);
        to =
            dash < 0
                ? from
                : CronFields.number(expression, range.substring(dash + 1), name, min, max, names);
        if (dash >= 0 && dow && from == 7) {
          from = 0; // Sunday starting a range is its first day, not its last
        }
        if (to < from) {
          throw CronFields.backwards(expression, name, range);
        }
        if (slash >= 0 && dash < 0) {
          to = max; // 5/15 runs to the end of the field
        }
      }
      int step = slash < 0 ? 1 : CronFields.step(expression, part.substring(slash + 1), name);
      bits |= CronFields.bits(from, to, step);
    }
    return bits;
  }

  /** Refuses Quartz's notations, which Spring takes and cron's fields cannot hold. */
  private static void quartz(String expression, String[] f) {
    for (String part : f[3].toUpperCase(Locale.ROOT).split(",", -1)) {
      if (part.indexOf('L') >= 0 || part.indexOf('W') >= 0) {
        throw noEquivalent(expression, "day-of-month", part, daysOfMonth(part));
      }
    }
    String[] days = f[5].toUpperCase(Locale.ROOT).split(",", -1);
    for (String part : days) {
      Matcher nth = NTH.matcher(part);
      if (nth.matches()) {
        int n = Integer.parseInt(nth.group(2));
        String what = "'#' (the " + ordinal(n) + " " + day(nth.group(1)) + " of the month)";
        if (days.length == 1 && (f[3].equals("*") || f[3].equals("?")) && n >= 1 && n <= 5) {
          String[] g = f.clone();
          g[3] = (7 * n - 6) + "-" + Math.min(7 * n, 31);
          g[5] = f[5].substring(0, f[5].indexOf('#'));
          throw Checks.invalid(
              expression,
              "day-of-week '"
                  + f[5]
                  + "': Spring's "
                  + what
                  + " is not taken; write '"
                  + String.join(" ", g)
                  + "', which means the same");
        }
        throw noEquivalent(expression, "day-of-week", part, what);
      }
      if (part.indexOf('#') >= 0 || part.endsWith("L")) {
        Matcher last = LAST_OF.matcher(part);
        String what =
            last.matches()
                ? "'L' (the last " + day(last.group(1)) + " of the month)"
                : "'" + (part.indexOf('#') >= 0 ? '#' : 'L') + "'";
        throw noEquivalent(expression, "day-of-week", part, what);
      }
    }
    for (int i = 3; i <= 5; i += 2) {
      if (f[i].contains("?")) {
        String[] g = f.clone();
        g[3] = g[3].equals("?") ? "*" : g[3];
        g[5] = g[5].equals("?") ? "*" : g[5];
        throw Checks.invalid(
            expression,
            (i == 3 ? "day-of-month '" : "day-of-week '")
                + f[i]
                + "': Spring's '?' (any day) is not taken; write "
                + (g[i].equals("*") ? "'" + String.join(" ", g) + "'" : "'*' for it")
                + " (from Quartz? its day-of-week counts from Sunday = 1, Spring's and cron's"
                + " from Monday = 1)");
      }
    }
  }

  private static String daysOfMonth(String part) {
    Matcher less = LAST_LESS.matcher(part);
    Matcher nearest = NEAREST.matcher(part);
    if (part.equals("L")) {
      return "'L' (the last day of the month)";
    } else if (part.equals("LW")) {
      return "'LW' (the last weekday of the month)";
    } else if (less.matches()) {
      return "'L' (the last day of the month less " + Integer.parseInt(less.group(1)) + ")";
    } else if (nearest.matches()) {
      return "'W' (the weekday nearest day " + Integer.parseInt(nearest.group(1)) + ")";
    }
    return "'" + (part.indexOf('L') >= 0 ? 'L' : 'W') + "'";
  }

  private static IllegalArgumentException noEquivalent(
      String expression, String name, String part, String what) {
    return Checks.invalid(
        expression,
        name
            + " '"
            + part
            + "': Spring's "
            + what
            + " has no equivalent in cron's fields; declare an expected interval instead");
  }

  /** A day as {@link #DAY} matched it (0 or 7 Sunday, 1 Monday, or a name), in words. */
  private static String day(String text) {
    int n = text.length() == 1 ? text.charAt(0) - '0' : 0;
    for (int i = 0; i < CronFields.SPRING_DAYS.length; i++) {
      if (CronFields.SPRING_DAYS[i].equals(text)) {
        n = i + 1;
      }
    }
    String name = DayOfWeek.of(n == 0 ? 7 : n).name();
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String ordinal(int n) {
    return n + (n == 1 ? "st" : n == 2 ? "nd" : n == 3 ? "rd" : "th");
  }
}
