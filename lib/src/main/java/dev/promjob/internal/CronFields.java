package dev.promjob.internal;

/**
 * The fields of cron expressions as bit sets: Vixie cron's reading for the five-field form, and the
 * numbers and steps both dialects write alike ({@link SpringCron} reads the rest of Spring's). Bit
 * {@code v} is set when value {@code v} matches; day-of-week counts Sunday as 0.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
final class CronFields {
  static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** Spring's day names: Monday is 1, Sunday 7 (as in {@code java.time}). */
  static final String[] SPRING_DAYS = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

  private CronFields() {}

  /** A five-field expression's field, as Vixie cron reads it. */
  static long vixie(String expression, String text, String name, int min, int max, String[] names) {
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
          throw backwards(expression, name, range);
        }
      }
      bits |= bits(from, to, step);
    }
    return bits;
  }

  /** Bits {@code from}, {@code from + step}, ... up to {@code to}. */
  static long bits(int from, int to, int step) {
    long bits = 0;
    for (long v = from; v <= to; v += step) {
      bits |= 1L << v;
    }
    return bits;
  }

  static IllegalArgumentException backwards(String expression, String name, String range) {
    return Checks.invalid(expression, name + " range '" + range + "' runs backwards");
  }

  /**
   * A step: any whole number above 0, as cron takes it. Beyond the field's length every step names
   * the first value only, so a longer one is kept as {@link Integer#MAX_VALUE}.
   */
  static int step(String expression, String text, String name) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw Checks.invalid(expression, name + " step '" + text + "' is not a number");
    }
    String digits = text.replaceFirst("^0+", "");
    if (digits.isEmpty()) {
      throw Checks.invalid(expression, name + " step 0: a step is a whole number above 0");
    }
    return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  static int number(String expression, String text, String name, int min, int max, String[] names) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(text)) {
          return names == DAYS ? i : i + 1;
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
