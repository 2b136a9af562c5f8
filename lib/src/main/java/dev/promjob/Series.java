package dev.promjob;

import dev.promjob.internal.Checks;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * A series' identity as every reader of the text format has it: its name and its labels with a
 * non-empty value. An empty label value is an absent label, so {@code {a=""}} is the same series as
 * {@code {}}: client_java keeps both points (their {@code Labels} differ), node_exporter serves
 * both, Prometheus keeps one and VictoriaMetrics stores two values at one timestamp.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
final class Series {
  private Series() {}

  /**
   * @throws IllegalArgumentException {@code '<series>': the same series as <other> ...}
   */
  static void requireEachOnce(MetricSnapshot family) {
    String metric = family.getMetadata().getPrometheusName();
    Map<String, Labels> seen = new HashMap<>();
    for (DataPointSnapshot p : family.getDataPoints()) {
      Labels labels = p.getLabels();
      Labels before = seen.put(key(labels), labels);
      if (before != null) {
        throw Checks.invalid(
            shown(metric, labels),
            "the same series as "
                + Checks.printable(shown(metric, before))
                + " in one report: an empty label value is an absent label (node_exporter serves"
                + " both, Prometheus keeps one, VictoriaMetrics stores two values at one"
                + " timestamp); set the label on every series or on none");
      }
    }
  }

  /** The labels with a value, in client_java's order (sorted by name). */
  private static String key(Labels labels) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.getValue(i).isEmpty()) {
        sb.append(labels.getName(i)).append('\0').append(labels.getValue(i)).append('\0');
      }
    }
    return sb.toString();
  }

  /** The series as the text format writes it, empty values included: what the user gave. */
  private static String shown(String metric, Labels labels) {
    StringBuilder sb = new StringBuilder(metric).append('{');
    for (int i = 0; i < labels.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(labels.getName(i)).append("=\"");
      String v = labels.getValue(i);
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        sb.append(c == '\\' ? "\\\\" : c == '"' ? "\\\"" : c == '\n' ? "\\n" : String.valueOf(c));
      }
      sb.append('"');
    }
    return sb.append('}').toString();
  }
}
