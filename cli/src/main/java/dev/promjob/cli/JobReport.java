package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one job's standard metrics say, as {@code promjob status} read them: from a textfile, or
 * from Prometheus for one label set. Only the standard families are kept; a job's own metrics do
 * not judge it.
 *
 * <pre>{@code
 * JobReport r = JobReport.of(Map.of("job_name", "db_backup"), Map.of(BatchMetrics.LAST_RUN_SUCCESS, 1.0), "db_backup.prom", false);
 * }</pre>
 *
 * @param labels every label of the job's series but {@code job_name} (and, from Prometheus, the
 *     {@code pushgateway} label of its copies on several gateways), sorted
 * @param values the value of each standard family the job exports, by name
 * @param source where it was read: a file name, or the series' labels for Prometheus
 * @param gone seen in the last day and no longer (Prometheus only)
 * @param problem why the job's file cannot be judged (node_exporter skips it, or it cannot be
 *     read), for a row that stands for a file rather than a job
 */
record JobReport(
    String job,
    SortedMap<String, String> labels,
    Map<String, Double> values,
    String source,
    boolean gone,
    Optional<String> problem) {

  /** The families {@code status} reads: the standard ones and those {@code run} adds. */
  static final List<String> FAMILIES =
      List.of(
          BatchMetrics.LAST_SUCCESS,
          BatchMetrics.LAST_COMPLETION,
          BatchMetrics.LAST_DURATION,
          BatchMetrics.LAST_RUN_SUCCESS,
          BatchMetrics.EXPECTED_INTERVAL,
          BatchMetrics.DEADLINE,
          BatchMetrics.FIRST_SUCCESS_DEADLINE,
          BatchMetrics.LAST_EXIT_CODE,
          BatchMetrics.LAST_RUN_TIMED_OUT,
          BatchMetrics.LAST_RUN_OVERLAPPED,
          BatchMetrics.CONSECUTIVE_FAILURES,
          BatchMetrics.RUNS_IN_PROGRESS,
          BatchMetrics.RUN_START,
          BatchMetrics.MAX_RUNTIME);

  /**
   * The families a source's present series judge before its 40 days' last values, as the rules'
   * {@code unless ignoring(job, instance)} does: each to the family whose presence decides.
   */
  static final Map<String, String> JUDGED_NOW_BY =
      Map.of(
          BatchMetrics.CONSECUTIVE_FAILURES, BatchMetrics.CONSECUTIVE_FAILURES,
          BatchMetrics.RUNS_IN_PROGRESS, BatchMetrics.RUNS_IN_PROGRESS,
          BatchMetrics.RUN_START, BatchMetrics.RUNS_IN_PROGRESS,
          BatchMetrics.MAX_RUNTIME, BatchMetrics.RUNS_IN_PROGRESS);

  JobReport {
    labels = new TreeMap<>(labels);
    values = Map.copyOf(values);
  }

  /** A job's report from its series' labels (job_name among them) and values. */
  static JobReport of(
      Map<String, String> seriesLabels, Map<String, Double> values, String source, boolean gone) {
    SortedMap<String, String> labels = new TreeMap<>(seriesLabels);
    String job = labels.remove(BatchMetrics.JOB_NAME_LABEL);
    return new JobReport(job == null ? "" : job, labels, values, source, gone, Optional.empty());
  }

  /** A file that cannot be judged: node_exporter skips it, or it cannot be read. */
  static JobReport problem(String file, String why) {
    return new JobReport("", new TreeMap<>(), Map.of(), file, false, Optional.of(why));
  }

  /** The value of {@code family}, if the job exports it. */
  OptionalDouble value(String family) {
    Double v = values.get(family);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** Whether {@code family} is exported with value 1 (a flag). */
  boolean flag(String family) {
    Double v = values.get(family);
    return v != null && v == 1.0;
  }
}
