package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.Names;
import java.util.Objects;

/**
 * The checks of a {@link Job}'s name and grouping labels, apart so that {@link Job} stays short.
 */
final class JobChecks {
  private JobChecks() {}

  static String requireJobName(String name) {
    Objects.requireNonNull(name, "job name must not be null");
    if (name.isEmpty()) {
      throw Checks.invalid(name, "job name must not be empty");
    }
    if (name.length() > Job.MAX_NAME_LENGTH) {
      throw Checks.invalid(
          name, "job name must not be longer than " + Job.MAX_NAME_LENGTH + " chars");
    }
    requirePrintable(name, "job name");
    return name;
  }

  static void requireGroupingLabel(Scope scope, String key, String value) {
    Objects.requireNonNull(key, "grouping label name must not be null");
    Objects.requireNonNull(value, "value of grouping label " + key + " must not be null");
    Names.requireGroupingLabel(key, scope == Scope.MACHINE_BOUND);
    if (value.isEmpty()) {
      throw Checks.invalid(
          value,
          "value of grouping label "
              + key
              + " must not be empty (an empty value means an absent label; Pushgateway 1.5.1"
              + " breaks on an empty instance beside an absent one)");
    }
    requirePrintable(value, "value of grouping label " + key);
  }

  private static void requirePrintable(String s, String what) {
    if (!Checks.isWellFormedUtf16(s)) {
      throw Checks.invalid(s, what + " must be valid Unicode (it holds an unpaired surrogate)");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw Checks.invalid(s, what + " must not contain control characters");
      }
    }
  }
}
