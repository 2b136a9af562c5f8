package dev.promjob.internal;

/**
 * Name rules of the classic ("legacy") Prometheus data model, the only one node_exporter 1.5 and
 * Pushgateway 1.5 accept. client_java 1.9 accepts UTF-8 names and escapes them on output, which can
 * silently merge two names; promjob refuses such names instead.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class Names {
  /** The rule text of a metric name, as it appears in error messages. */
  public static final String METRIC_NAME_RULE =
      "not a valid Prometheus metric name: must match [a-zA-Z_:][a-zA-Z0-9_:]*";

  /** The rule text of a label name, as it appears in error messages. */
  public static final String LABEL_NAME_RULE =
      "not a valid Prometheus label name: must match [a-zA-Z_][a-zA-Z0-9_]*";

  private Names() {}

  public static boolean isMetricName(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c == '_'
              || c == ':'
              || i > 0 && c >= '0' && c <= '9';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public static boolean isLabelName(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Throws {@code '<name>': <rule>} unless {@code name} is a legacy metric name. */
  public static String requireMetricName(String name) {
    if (!isMetricName(name)) {
      throw Checks.invalid(name, METRIC_NAME_RULE);
    }
    return name;
  }

  /**
   * Throws unless {@code name} is a legacy label name that Prometheus does not reserve ({@code __}
   * prefix).
   */
  public static String requireLabelName(String name) {
    if (!isLabelName(name)) {
      throw Checks.invalid(name, LABEL_NAME_RULE);
    }
    if (name.startsWith("__")) {
      throw Checks.invalid(name, "label names starting with __ are reserved for Prometheus");
    }
    return name;
  }
}
