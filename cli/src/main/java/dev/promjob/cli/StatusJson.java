package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code promjob status --format json}: one object, its field names stable (documented in the
 * README), times in RFC 3339 UTC, absent values {@code null}, jobs in the table's order.
 *
 * <pre>{@code
 * {"source":"/var/lib/prometheus/node-exporter","now":"2026-12-03T15:00:00Z","attention":1,
 *  "jobs":[{"state":"late","job":"db_backup","labels":{"site":"a"},"source":"db_backup@site=a.prom",
 *           "late":true,"gone":false,"problem":null,"last_run":"exit 1",...}]}
 * }</pre>
 */
final class StatusJson {
  private StatusJson() {}

  static String render(String source, Instant now, List<JobStatus> jobs) {
    long attention = jobs.stream().filter(s -> s.state().needsAttention()).count();
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"source\":").append(Finding.quote(source));
    sb.append(",\"now\":").append(time(Optional.of(now)));
    sb.append(",\"attention\":").append(attention);
    sb.append(",\"jobs\":[");
    for (int i = 0; i < jobs.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      job(sb, jobs.get(i));
    }
    return sb.append("]}").toString();
  }

  private static void job(StringBuilder sb, JobStatus s) {
    JobReport r = s.report();
    sb.append("{\"state\":").append(Finding.quote(s.state().word()));
    sb.append(",\"job\":").append(Finding.quote(r.job()));
    sb.append(",\"labels\":{");
    int n = 0;
    for (Map.Entry<String, String> e : r.labels().entrySet()) {
      sb.append(n++ == 0 ? "" : ",");
      sb.append(Finding.quote(e.getKey())).append(':').append(Finding.quote(e.getValue()));
    }
    sb.append("},\"source\":").append(Finding.quote(r.source()));
    sb.append(",\"late\":").append(s.late());
    sb.append(",\"gone\":").append(r.gone());
    sb.append(",\"problem\":").append(r.problem().map(Finding::quote).orElse("null"));
    sb.append(",\"last_run\":").append(r.problem().isPresent() ? "null" : quote(s.outcome()));
    Optional<Boolean> ok = s.lastRunSucceeded();
    sb.append(",\"last_run_success\":").append(ok.isPresent() ? ok.get().toString() : "null");
    sb.append(",\"last_exit_code\":")
        .append(integer(r.value(BatchMetrics.LAST_EXIT_CODE)).orElse("null"));
    sb.append(",\"timed_out\":").append(r.flag(BatchMetrics.LAST_RUN_TIMED_OUT));
    sb.append(",\"overlapped\":").append(r.flag(BatchMetrics.LAST_RUN_OVERLAPPED));
    sb.append(",\"last_success\":").append(time(s.lastSuccess()));
    sb.append(",\"never_succeeded\":").append(r.problem().isEmpty() && s.lastSuccess().isEmpty());
    sb.append(",\"last_completion\":").append(time(s.lastCompletion()));
    sb.append(",\"last_duration_seconds\":").append(number(r.value(BatchMetrics.LAST_DURATION)));
    sb.append(",\"expected_interval_seconds\":")
        .append(number(r.value(BatchMetrics.EXPECTED_INTERVAL)));
    sb.append(",\"due\":").append(time(s.due()));
    sb.append(",\"runs_in_progress\":").append(integer(s.runsInProgress()));
    sb.append(",\"run_start\":").append(time(s.runStart()));
    sb.append(",\"max_runtime_seconds\":").append(number(r.value(BatchMetrics.MAX_RUNTIME)));
    sb.append(",\"consecutive_failures\":").append(integer(s.failuresInARow()));
    sb.append('}');
  }

  private static String quote(String s) {
    return Finding.quote(s);
  }

  private static String time(Optional<Instant> t) {
    return t.isPresent() ? Finding.quote(t.get().toString()) : "null";
  }

  /** A JSON number, or null for what JSON has none for (NaN, infinities) and for absence. */
  private static String number(OptionalDouble v) {
    return v.isPresent() && Double.isFinite(v.getAsDouble())
        ? Double.toString(v.getAsDouble())
        : "null";
  }

  private static String integer(OptionalInt v) {
    return v.isPresent() ? Integer.toString(v.getAsInt()) : "null";
  }

  private static Optional<String> integer(OptionalDouble v) {
    return v.isPresent() && Double.isFinite(v.getAsDouble())
        ? Optional.of(Long.toString((long) v.getAsDouble()))
        : Optional.empty();
  }
}
