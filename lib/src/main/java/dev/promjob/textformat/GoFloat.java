package dev.promjob.textformat;

import java.util.Locale;

/**
 * Go's {@code strconv.ParseFloat} as expfmt calls it on sample values and on {@code le} and {@code
 * quantile} labels: decimal and exponent forms, {@code Inf}, {@code Infinity} and {@code NaN} in
 * any case with an optional sign; no hex floats, no underscores; out of range is an error.
 */
final class GoFloat {
  private GoFloat() {}

  /** Returns NaN for an invalid token; callers tell a real NaN apart with {@link #isNaNToken}. */
  static double parse(String s) {
    String t = s;
    int i = 0;
    if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      i = 1;
    }
    String rest = t.substring(i).toLowerCase(Locale.ROOT);
    if (rest.equals("inf") || rest.equals("infinity")) {
      return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (rest.equals("nan")) {
      return Double.NaN;
    }
    // digits [. digits] [e [sign] digits], or . digits ...
    int n = rest.length();
    int j = 0;
    int digits = 0;
    while (j < n && isDigit(rest.charAt(j))) {
      j++;
      digits++;
    }
    if (j < n && rest.charAt(j) == '.') {
      j++;
      while (j < n && isDigit(rest.charAt(j))) {
        j++;
        digits++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    if (j < n && rest.charAt(j) == 'e') {
      j++;
      if (j < n && (rest.charAt(j) == '+' || rest.charAt(j) == '-')) {
        j++;
      }
      int exp = 0;
      while (j < n && isDigit(rest.charAt(j))) {
        j++;
        exp++;
      }
      if (exp == 0) {
        return Double.NaN;
      }
    }
    if (j != n) {
      return Double.NaN;
    }
    double d = Double.parseDouble(t);
    return Double.isInfinite(d) ? Double.NaN : d; // Go reports out-of-range as an error
  }

  static boolean isNaNToken(String s) {
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    return t.equalsIgnoreCase("nan");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
