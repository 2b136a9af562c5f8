package dev.promjob.spi;

/**
 * The error for bad input, the same from lib and from every backend: {@code '<value>': <rule>},
 * thrown at the moment the value is given, with the value made printable (control characters
 * escaped, long values cut) so that the message stays on one line. Never pass a secret as the
 * value: name its key instead.
 *
 * <pre>{@code
 * if (retries < 0) {
 *   throw Refusal.of(Integer.toString(retries), "retries must be between 0 and 20");
 * }
 * }</pre>
 */
public final class Refusal {
  private static final int MAX_SHOWN = 120;

  private Refusal() {}

  /** {@code '<value>': <rule>}, with the value made printable and cut to a readable length. */
  public static IllegalArgumentException of(String value, String rule) {
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
}
