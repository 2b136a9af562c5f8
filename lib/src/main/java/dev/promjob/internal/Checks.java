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
   * A positive duration as configuration writes it: {@code 500ms}, {@code 5s}, {@code 2m} or
   * ISO-8601 ({@code PT5S}).
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
    if (d == null || d.isNegative() || d.isZero()) {
      throw invalid(value, key + " must be a positive duration such as 500ms, 5s, 1m, 2h or 1d");
    }
    return d;
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
