package dev.promjob.spi;

import dev.promjob.internal.Checks;

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
  // The wording lives in lib's bottom layer (Checks), which the parser and the name rules use
  // without reaching up into the SPI; this is its public face for backends.
  private Refusal() {}

  /** {@code '<value>': <rule>}, with the value made printable and cut to a readable length. */
  public static IllegalArgumentException of(String value, String rule) {
    return Checks.invalid(value, rule);
  }

  /** Escapes control characters and cuts long values, so a message stays on one line. */
  public static String printable(String value) {
    return Checks.printable(value);
  }
}
