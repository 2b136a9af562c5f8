package dev.promjob.spring.batch;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The exit code of an execution as a label value: bounded, never free text. Spring Batch's own
 * codes are kept as themselves; a code of the application's is kept if it is a short name-like
 * token, anything else is folded into {@value #OTHER}.
 */
final class ExitCodes {
  /** The value every code that is not a short name-like token becomes. */
  static final String OTHER = "OTHER";

  private static final Set<String> STANDARD =
      Set.of("UNKNOWN", "EXECUTING", "COMPLETED", "NOOP", "FAILED", "STOPPED");

  /**
   * Letters, {@code _} and {@code -}, from a letter, at most 32: {@code COMPLETED_WITH_SKIPS}. No
   * digits, because digits are how a date, a count or an id gets into a code, and each distinct
   * value is a series of its own.
   */
  private static final Pattern NAME_LIKE = Pattern.compile("[A-Za-z][A-Za-z_-]{0,31}");

  private ExitCodes() {}

  static String label(String exitCode) {
    if (exitCode == null) {
      return "UNKNOWN";
    }
    if (STANDARD.contains(exitCode) || NAME_LIKE.matcher(exitCode).matches()) {
      return exitCode;
    }
    return OTHER;
  }
}
