package dev.promjob;

import dev.promjob.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * promjob's one syntax and one rule for durations, in configuration, on the command line and in
 * builders: a whole number with {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or
 * ISO-8601 ({@code PT90S}); always positive and at most {@link #MAX} (366 days).
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("90s", "--timeout");  // PT1M30S
 * Durations.parse("0s", "--timeout"); // '0s': --timeout must be a positive duration of at most 366d, ...
 * Durations.check(Duration.ofDays(400), "deadline"); // 'PT9600H': deadline must be a positive ...
 * }</pre>
 */
public final class Durations {
  /**
   * The longest duration promjob takes: a year, leap day included, the expected interval of a
   * yearly job. Every other duration (timeouts, waits, deadlines, graces) is far shorter; a longer
   * value is a slip of the unit, refused when it is given rather than failing after the work, and
   * the bound keeps every deadline far from where arithmetic on nanoseconds overflows (292 years).
   */
  public static final Duration MAX = Checks.MAX_DURATION;

  private Durations() {}

  /**
   * @param what the key or flag the value was given for, named in the message
   * @throws IllegalArgumentException {@code '<value>': <what> must be a positive duration of at
   *     most 366d, such as ...}
   */
  public static Duration parse(String value, String what) {
    Objects.requireNonNull(value, "duration must not be null");
    return Checks.duration(value, Objects.requireNonNull(what, "what must not be null"));
  }

  /**
   * {@code duration} unchanged, if it is positive and at most {@link #MAX}: the rule of {@link
   * #parse} for a duration given in code, e.g. to a builder.
   *
   * @param what the setting the value was given for, named in the message
   * @throws IllegalArgumentException {@code '<duration>': <what> must be a positive duration of at
   *     most 366d}
   */
  public static Duration check(Duration duration, String what) {
    return Checks.duration(duration, Objects.requireNonNull(what, "what must not be null"));
  }
}
