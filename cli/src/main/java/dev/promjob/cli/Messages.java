package dev.promjob.cli;

import java.time.Duration;

/** How the command line names values in what it prints. */
final class Messages {
  private Messages() {}

  /** {@code 'value'}, with control characters shown as {@code \\uXXXX}. */
  static String quoted(String value) {
    return '\'' + escaped(value) + '\'';
  }

  /**
   * {@code text} with control characters shown as {@code \\uXXXX}: a path or message that holds a
   * newline still prints as one line, as scripts and {@code grep} read it.
   */
  static String escaped(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** 90s, 1500ms, 2m: the way durations are given to promjob. */
  static String duration(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
