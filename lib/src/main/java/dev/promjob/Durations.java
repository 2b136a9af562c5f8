package dev.promjob;

import dev.promjob.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * promjob's one syntax for durations, in configuration and on the command line: a whole number with
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or ISO-8601 ({@code PT90S}); always
 * positive.
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("90s", "--timeout");  // PT1M30S
 * Durations.parse("0s", "--timeout"); // '0s': --timeout must be a positive duration such as ...
 * }</pre>
 */
public final class Durations {
  private Durations() {}

  /**
   * @param what the key or flag the value was given for, named in the message
   * @throws IllegalArgumentException {@code '<value>': <what> must be a positive duration ...}
   */
  public static Duration parse(String value, String what) {
    Objects.requireNonNull(value, "duration must not be null");
    return Checks.duration(value, Objects.requireNonNull(what, "what must not be null"));
  }
}
