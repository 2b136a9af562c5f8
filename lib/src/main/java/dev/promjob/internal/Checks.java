package dev.promjob.internal;

import java.util.Locale;

/**
 * The one place that words validation errors, so every refusal reads {@code '<value>': <rule>}.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class Checks {
  private static final int MAX_SHOWN = 120;

  private Checks() {}

  /** {@code '<value>': <rule>}, with the value made printable and cut to a readable length. */
  public static IllegalArgumentException invalid(String value, String rule) {
    return new IllegalArgumentException("'" + printable(value) + "': " + rule);
  }

  /** Escapes control characters and cuts long values, so a message stays on one line. */
  public static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 16);
    int shown = 0;
    for (int i = 0; i < value.length(); i++) {
      if (shown == MAX_SHOWN) {
        sb.append("...(").append(value.length()).append(" chars)");
        break;
      }
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        default -> {
          if (Character.isISOControl(c) || Character.isSurrogate(c) && !isPaired(value, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
      shown++;
    }
    return sb.toString();
  }

  private static boolean isPaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
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

  /**
   * True if {@code s} is a run id, {@code <pid>-<process start in ms>-<sequence>}: three runs of
   * ASCII digits joined by {@code -}. Plain code, not a regex: a regex compiled on a report's path
   * costs a cold process more than the report's disk work.
   */
  public static boolean isRunId(String s) {
    int parts = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '-' && digits > 0 && parts < 2) {
        parts++;
        digits = 0;
      } else {
        return false;
      }
    }
    return parts == 2 && digits > 0;
  }
}
