package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.Names;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a user metric must be to reach node_exporter or a Pushgateway intact. Checked when a metric
 * is registered on a run's registry (where client_java lets us see it), and again on every snapshot
 * at the end of a run (for registries promjob did not create).
 */
final class MetricRules {
  private final String jobName;
  private final Set<String> groupingLabels;
  private final Consumer<String> backendNames;

  /**
   * @param jobName the job, named in messages
   * @param groupingLabels the job's grouping label names: the report adds them to every series
   * @param backendNames the backend's own refusals of metric names (names its server owns)
   */
  public MetricRules(String jobName, Set<String> groupingLabels, Consumer<String> backendNames) {
    this.jobName = jobName;
    this.groupingLabels = Set.copyOf(groupingLabels);
    this.backendNames = Objects.requireNonNull(backendNames, "backendNames");
  }

  /** Checks what a collector tells about itself before it collects anything. */
  public void check(Collector collector) {
    check(collector.getMetricFamilyDescriptor());
  }

  /** Checks what a multi-collector tells about itself before it collects anything. */
  public void check(MultiCollector collector) {
    List<MetricFamilyDescriptor> descriptors = collector.getMetricFamilyDescriptors();
    if (descriptors != null) {
      descriptors.forEach(this::check);
    }
  }

  private void check(MetricFamilyDescriptor descriptor) {
    if (descriptor == null) {
      return; // a custom collector that tells nothing: checked on its snapshots at the end
    }
    checkMetadata(descriptor.getMetadata());
    for (String label : descriptor.getLabelNames()) {
      checkLabelName(label, descriptor.getPrometheusName());
    }
  }

  /** Checks every family and data point, as they will be written. */
  public void check(MetricSnapshots snapshots) {
    Set<String> seen = new HashSet<>();
    for (MetricSnapshot s : snapshots) {
      checkMetadata(s.getMetadata());
      String metric = s.getMetadata().getPrometheusName();
      if (!seen.add(metric)) {
        throw twice(metric);
      }
      Labels checked = null;
      for (DataPointSnapshot p : s.getDataPoints()) {
        if (p.hasScrapeTimestamp()) {
          throw Checks.invalid(
              metric,
              "sample has a timestamp: node_exporter skips the whole file and the Pushgateway"
                  + " refuses the push; leave timestamps to Prometheus");
        }
        Labels labels = p.getLabels();
        // Label names rarely differ between the points of one family: check each set once.
        if (checked == null || !labels.hasSameNames(checked)) {
          for (int i = 0; i < labels.size(); i++) {
            checkLabelName(labels.getName(i), metric);
          }
          checked = labels;
        }
        for (int i = 0; i < labels.size(); i++) {
          String v = labels.getValue(i);
          if (!Checks.isWellFormedUtf16(v)) {
            throw Checks.invalid(
                v,
                "value of label "
                    + labels.getName(i)
                    + " of "
                    + metric
                    + " must be valid Unicode (it holds an unpaired surrogate)");
          }
        }
      }
      Series.requireEachOnce(s); // after the label names: a series is its name and labels
    }
  }

  /**
   * The refusal of a second family of one name: client_java's writer would merge the two into one
   * family, with clashing HELP or series.
   */
  public static IllegalArgumentException twice(String metric) {
    return Checks.invalid(
        metric, "two metrics of this name in one report (the run's registry and an included one?)");
  }

  private void checkMetadata(MetricMetadata metadata) {
    String help = metadata.getHelp();
    checkName(metadata.getName(), help);
    if (help == null || help.isBlank()) {
      throw Checks.invalid(
          metadata.getName(),
          "metric needs a help text (.help(...)): without one client_java writes no HELP line and"
              + " node_exporter drops the family when another file has it with HELP");
    }
    if (help.charAt(0) == ' ' || help.charAt(0) == '\t') {
      // Readers of the text format skip the blanks after the metric name of a HELP line.
      throw Checks.invalid(
          help,
          "help text of "
              + metadata.getName()
              + " must not start with a space or tab: Prometheus,"
              + " node_exporter and the Pushgateway would drop it");
    }
    if (!Checks.isWellFormedUtf16(help)) {
      // The UTF-8 encoder would write '?' for it: the help would change without a word.
      throw Checks.invalid(
          help,
          "help text of "
              + metadata.getName()
              + " must be valid Unicode (it holds an unpaired surrogate)");
    }
  }

  private void checkName(String name, String help) {
    if (!Names.isMetricName(name)) {
      throw Checks.invalid(
          name,
          Names.METRIC_NAME_RULE + " (node_exporter 1.5 and Pushgateway 1.5 accept no other)");
    }
    if (name.startsWith(BatchMetrics.RESERVED_PREFIX)) {
      String standard = BatchMetrics.COMMAND_HELP.get(name);
      if (standard == null) {
        throw Checks.invalid(
            name,
            "metric names starting with promjob_ are reserved for promjob's standard metrics");
      }
      if (!standard.equals(help)) {
        // Every file must carry it byte for byte alike, or node_exporter drops it from all but one.
        throw Checks.invalid(
            help == null ? "(no help)" : help,
            "help text of " + name + " must be the standard one: \"" + standard + "\"");
      }
    }
    backendNames.accept(name);
  }

  private void checkLabelName(String label, String metric) {
    Names.requireMetricLabel(label, metric);
    if (groupingLabels.contains(label)) {
      throw Checks.invalid(
          label,
          "label name is a grouping label of job '"
              + Checks.printable(jobName)
              + "', which the report adds to every series"
              + (metric == null ? "" : " (metric " + metric + ")"));
    }
  }
}
