package dev.promjob.textformat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Go's {@code strconv.ParseFloat} as expfmt calls it on sample values and on {@code le} and {@code
 * quantile} labels: decimal and exponent forms, {@code Inf}, {@code Infinity} and {@code NaN} in
 * any case with an optional sign; no hex floats, no underscores; out of range is an error. And
 * expfmt's {@code writeFloat}, which writes them back: {@code strconv.FormatFloat(v, 'g', -1, 64)}.
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

  /**
   * {@code v} as expfmt's {@code writeFloat} writes it: {@code 1}, {@code 0}, {@code -1}, {@code
   * NaN}, {@code +Inf}, {@code -Inf}, else the shortest decimal that reads back as {@code v}, in
   * exponent form ({@code 1e-05}, {@code 1e+06}) when its exponent is below -4 or 6 and above.
   */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0"; // -0 too, as in Go's switch
    }
    BigDecimal shortest = shortest(Math.abs(v)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - shortest.scale(); // the value is 0.<digits> times ten to the dp
    int exp = dp - 1;
    StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (nd > 1) {
        sb.append('.').append(digits, 1, nd);
      }
      int e = Math.abs(exp);
      return sb.append(exp < 0 ? "e-" : "e+").append(e < 10 ? "0" : "").append(e).toString();
    }
    if (dp <= 0) {
      return sb.append("0.").append("0".repeat(-dp)).append(digits).toString();
    }
    if (dp >= nd) {
      return sb.append(digits).append("0".repeat(dp - nd)).toString();
    }
    return sb.append(digits, 0, dp).append('.').append(digits, dp, nd).toString();
  }

  /**
   * The shortest decimal that reads back as {@code a} (positive, finite), the nearest if two have
   * that length. Java 17's {@code Double.toString} is not always the shortest (JDK-4511638).
   */
  private static BigDecimal shortest(double a) {
    BigDecimal exact = new BigDecimal(a);
    for (int p = 1; p < 17; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == a) {
        return nearest;
      }
      // Just above a power of two the interval that reads back is wider above than below.
      BigDecimal other =
          exact.round(
              new MathContext(
                  p, nearest.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR));
      if (other.doubleValue() == a) {
        return other;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)); // always reads back
  }

  static boolean isNaNToken(String s) {
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    return t.equalsIgnoreCase("nan");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
