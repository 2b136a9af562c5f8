package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * One job's copies on several Pushgateways, read as one, as the shipped rules read them. A job that
 * pushes to each gateway holds a group on each, scraped with a {@value #LABEL} label naming the
 * gateway; the rules aggregate the label away, so {@code status} does too: one row per job, its
 * labels without {@value #LABEL}, whatever the number of gateways (one copy is left as it is).
 *
 * <ul>
 *   <li>the last success and the deadline are the newest any copy holds, the interval the longest
 *       ({@code max without(pushgateway)}), the first-success deadline the earliest ({@code min}):
 *       a gateway restarted empty, or holding a failed run's group without a last success, changes
 *       nothing while another holds the job;
 *   <li>what a run says of itself is read from the copies holding the newest run (a copy whose last
 *       completion is older missed a report, as the rules' {@code unless (... <
 *       ignoring(pushgateway) group_left max without(pushgateway) (...))}): the run's outcome from
 *       one of them, a failed one first (the failed-run rule fires when one says so); the failures
 *       in a row, the highest (a gateway restarted empty before a failed run counts from 1); the
 *       run in progress from the one whose run is past its maximum runtime, if one is (the rule
 *       fires for it), else the one with the most runs in progress (of as many, the oldest start).
 * </ul>
 *
 * <pre>{@code
 * Map<String, Double> job = GatewayCopies.merge(List.of(onGatewayA, onGatewayB), Instant.now());
 * }</pre>
 */
final class GatewayCopies {
  /** The label the shipped scrape config gives each gateway's series: its address. */
  static final String LABEL = "pushgateway";

  /** Read across the copies, newest or longest first. */
  private static final Set<String> HIGHEST =
      Set.of(BatchMetrics.LAST_SUCCESS, BatchMetrics.DEADLINE, BatchMetrics.EXPECTED_INTERVAL);

  /** What a run says of itself, from one copy holding the newest run. */
  private static final List<String> RUN =
      List.of(
          BatchMetrics.LAST_COMPLETION,
          BatchMetrics.LAST_DURATION,
          BatchMetrics.LAST_RUN_SUCCESS,
          BatchMetrics.LAST_EXIT_CODE,
          BatchMetrics.LAST_RUN_TIMED_OUT,
          BatchMetrics.LAST_RUN_OVERLAPPED);

  /** The run in progress, from one copy: its count, start and maximum belong together. */
  private static final List<String> IN_PROGRESS =
      List.of(BatchMetrics.RUNS_IN_PROGRESS, BatchMetrics.RUN_START, BatchMetrics.MAX_RUNTIME);

  private GatewayCopies() {}

  /** A series' labels as a job's row has them: without the gateway's. */
  static Map<String, String> withoutGateway(Map<String, String> labels) {
    if (!labels.containsKey(LABEL)) {
      return labels;
    }
    Map<String, String> m = new TreeMap<>(labels);
    m.remove(LABEL);
    return m;
  }

  /**
   * The values of one job from its copies' (each a family's value by name), judged at {@code now}
   * for the run in progress; a single copy's, as they are.
   */
  static Map<String, Double> merge(List<Map<String, Double>> copies, Instant now) {
    if (copies.size() == 1) {
      return copies.get(0);
    }
    Map<String, Double> out = new HashMap<>();
    for (String family : HIGHEST) {
      across(copies, family, Math::max, out);
    }
    across(copies, BatchMetrics.FIRST_SUCCESS_DEADLINE, Math::min, out);
    List<Map<String, Double>> newest = newestRun(copies);
    copy(lastRun(newest), RUN, out);
    across(newest, BatchMetrics.CONSECUTIVE_FAILURES, Math::max, out);
    copy(inProgress(newest, now), IN_PROGRESS, out);
    return out;
  }

  /**
   * The copies holding the newest run: all but those whose last completion is older than another's
   * (a copy without one, a first run's start alone, stays, as in the rules).
   */
  static List<Map<String, Double>> newestRun(List<Map<String, Double>> copies) {
    double newest = Double.NEGATIVE_INFINITY;
    for (Map<String, Double> c : copies) {
      newest = Math.max(newest, c.getOrDefault(BatchMetrics.LAST_COMPLETION, newest));
    }
    List<Map<String, Double>> out = new ArrayList<>();
    for (Map<String, Double> c : copies) {
      Double completion = c.get(BatchMetrics.LAST_COMPLETION);
      if (completion == null || !(completion < newest)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The copy the run's outcome is read from: one that ended a run, a failed one first. */
  private static Map<String, Double> lastRun(List<Map<String, Double>> copies) {
    Map<String, Double> run = copies.get(0);
    for (Map<String, Double> c : copies) {
      if (!run.containsKey(BatchMetrics.LAST_COMPLETION)
          || c.containsKey(BatchMetrics.LAST_COMPLETION)
              && c.getOrDefault(BatchMetrics.LAST_RUN_SUCCESS, 1.0)
                  < run.getOrDefault(BatchMetrics.LAST_RUN_SUCCESS, 1.0)) {
        run = c;
      }
    }
    return run;
  }

  /**
   * The copy whose run in progress is past its maximum, else the one with the most runs (of as
   * many, the oldest start), whatever the copies' order.
   */
  private static Map<String, Double> inProgress(List<Map<String, Double>> copies, Instant now) {
    Map<String, Double> best = copies.get(0);
    for (Map<String, Double> c : copies) {
      if (JobStatus.overrun(JobReport.of(Map.of(), c, "", false), now)) {
        return c;
      }
      double runs = c.getOrDefault(BatchMetrics.RUNS_IN_PROGRESS, 0.0);
      double bestRuns = best.getOrDefault(BatchMetrics.RUNS_IN_PROGRESS, 0.0);
      if (runs > bestRuns
          || runs == bestRuns
              && c.getOrDefault(BatchMetrics.RUN_START, Double.POSITIVE_INFINITY)
                  < best.getOrDefault(BatchMetrics.RUN_START, Double.POSITIVE_INFINITY)) {
        best = c; // as many runs: the oldest start, as a run start is the oldest run's
      }
    }
    return best;
  }

  private static void across(
      List<Map<String, Double>> copies,
      String family,
      BinaryOperator<Double> pick,
      Map<String, Double> out) {
    for (Map<String, Double> c : copies) {
      Double v = c.get(family);
      if (v != null) {
        out.merge(family, v, pick);
      }
    }
  }

  private static void copy(
      Map<String, Double> from, List<String> families, Map<String, Double> out) {
    for (String family : families) {
      Double v = from.get(family);
      if (v != null) {
        out.put(family, v);
      }
    }
  }
}
