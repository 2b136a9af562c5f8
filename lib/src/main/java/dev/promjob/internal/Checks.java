package dev.promjob.internal;

import dev.promjob.spi.Refusal;
import java.util.Locale;

/**
 * The one place that words validation errors, so every refusal reads {@code '<value>': <rule>}.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class Checks {
  private Checks() {}

  /** {@code '<value>': <rule>}; see {@link Refusal#of}. */
  public static IllegalArgumentException invalid(String value, String rule) {
    return Refusal.of(value, rule);
  }

  /** See {@link Refusal#printable}. */
  public static String printable(String value) {
    return Refusal.printable(value);
  }

  /**
   * The constant of {@code type} whose name, lower-cased, is {@code value} (trimmed, any case);
   * otherwise {@code '<value>': <key> must be a or b}.
   */
  public static <E extends Enum<E>> E oneOf(String value, String key, Class<E> type) {
    E[] options = type.getEnumConstants();
    String v = value.trim();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < options.length; i++) {
      String name = options[i].name().toLowerCase(Locale.ROOT);
      if (name.equalsIgnoreCase(v)) {
        return options[i];
      }
      names.append(i == 0 ? "" : i == options.length - 1 ? " or " : ", ").append(name);
    }
    throw invalid(value, key + " must be " + names);
  }

  /**
   * The longest duration promjob takes anywhere (a timeout, a wait, an interval, a grace): a year,
   * leap day included, the expected interval of a yearly job. Anything longer is a slip of the unit
   * ({@code 200000d}), and it keeps every deadline far from where arithmetic on it breaks ({@code
   * Duration.toNanos()} overflows at 292 years, {@code System.nanoTime()} plus it sooner).
   */
  public static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(366);

  private static final String DURATION_RULE = " must be a positive duration of at most 366d";

  /**
   * A positive duration of at most {@link #MAX_DURATION} as configuration writes it: {@code 500ms},
   * {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S}).
   */
  public static java.time.Duration duration(String value, String key) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    java.time.Duration d;
    try {
      if (s.startsWith("pt")) {
        d = java.time.Duration.parse(s);
      } else if (s.endsWith("ms")) {
        d = java.time.Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = java.time.Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = java.time.Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("h")) { // a schedule's grace is often hours
        d = java.time.Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("d")) {
        d = java.time.Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = null;
      }
    } catch (RuntimeException e) {
      d = null;
    }
    if (d == null || !inRange(d)) {
      throw invalid(value, key + DURATION_RULE + ", such as 500ms, 5s, 1m, 2h or 1d");
    }
    return d;
  }

  /**
   * {@code d} if it is positive and at most {@link #MAX_DURATION}: the same rule for a duration
   * given in code (a builder's setter) as for one given as text.
   *
   * @throws IllegalArgumentException {@code '<d>': <what> must be a positive duration of at most
   *     366d}
   */
  public static java.time.Duration duration(java.time.Duration d, String what) {
    java.util.Objects.requireNonNull(d, what + " must not be null");
    if (!inRange(d)) {
      throw invalid(d.toString(), what + DURATION_RULE);
    }
    return d;
  }

  private static boolean inRange(java.time.Duration d) {
    return !d.isNegative() && !d.isZero() && d.compareTo(MAX_DURATION) <= 0;
  }

  /** True if the string holds no unpaired surrogate, i.e. it encodes to UTF-8 without loss. */
  public static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
