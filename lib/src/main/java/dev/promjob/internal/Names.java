package dev.promjob.internal;

import io.prometheus.metrics.model.snapshots.PrometheusNaming;

/**
 * The one home of the rules on metric and label names: the classic ("legacy") Prometheus charset,
 * the only one node_exporter 1.5 and Pushgateway 1.5 accept (client_java 1.9 accepts UTF-8 names
 * and escapes them on output, which can silently merge two names; promjob refuses them instead),
 * and the label names that Prometheus, the scrape, promjob or histograms already use.
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

  /** The label holding a job's name: {@code job} itself belongs to the scrape target. */
  public static final String JOB_NAME_LABEL = "job_name";

  private Names() {}

  /** client_java's legacy rule, which {@code NamesTest} shows equal to the grammar above. */
  public static boolean isMetricName(String s) {
    return s != null && PrometheusNaming.isValidLegacyMetricName(s);
  }

  public static boolean isLabelName(String s) {
    return s != null && PrometheusNaming.isValidLegacyLabelName(s);
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
    return requireLabelName(name, "");
  }

  private static String requireLabelName(String name, String where) {
    if (!isLabelName(name)) {
      throw Checks.invalid(name, LABEL_NAME_RULE + where);
    }
    if (name.startsWith("__")) {
      throw Checks.invalid(
          name, "label names starting with __ are reserved for Prometheus" + where);
    }
    return name;
  }

  /**
   * Throws unless {@code label} may label a user's metric: a valid name that is not the scrape
   * target's ({@code job}, {@code instance}) nor promjob's ({@code job_name}).
   *
   * @param metric the metric, named in the message, or null
   */
  public static void requireMetricLabel(String label, String metric) {
    String where = metric == null ? "" : " (metric " + metric + ")";
    requireLabelName(label, where);
    switch (label) {
      case "job", "instance" ->
          throw Checks.invalid(
              label,
              "label name reserved for the scrape target; Prometheus would rename it exported_"
                  + label
                  + where);
      case JOB_NAME_LABEL ->
          throw Checks.invalid(
              label, "label name reserved by promjob: it holds the job's name" + where);
      default -> {}
    }
  }

  /**
   * Throws unless {@code key} may be a grouping label of a job: the labels every series of the job
   * carries cannot be {@code job}, {@code job_name}, {@code le} or {@code quantile}, nor {@code
   * instance} where node_exporter's scrape sets it.
   *
   * @param machineBound whether the job is machine-bound, i.e. node_exporter's scrape sets its
   *     instance label
   */
  public static void requireGroupingLabel(String key, boolean machineBound) {
    requireLabelName(key);
    switch (key) {
      case "job" ->
          throw Checks.invalid(
              key, "the job label is the job's name; declare it with Job.builder().name(...)");
      case JOB_NAME_LABEL ->
          throw Checks.invalid(key, "label name reserved by promjob for the job's name");
      case "le", "quantile" ->
          throw Checks.invalid(
              key, "label name used by histograms and summaries; it cannot be a grouping label");
      case "instance" -> {
        if (machineBound) {
          throw Checks.invalid(
              key,
              "a machine-bound job must not set instance: node_exporter's scrape gives it the"
                  + " host's instance label (Prometheus would rename this one exported_instance)");
        }
      }
      default -> {}
    }
  }

  /**
   * Throws if a job reported through node_exporter (a service-level job moved to the textfile by
   * configuration) has an {@code instance} grouping label: the scrape sets the host's.
   */
  public static void requireNoInstanceOnNodeExporter(String job, boolean hasInstance) {
    if (hasInstance) {
      throw Checks.invalid(
          "instance",
          "job '"
              + Checks.printable(job)
              + "' reports through node_exporter, whose scrape gives every series the host's"
              + " instance label; remove the instance grouping label");
    }
  }
}
