package dev.promjob.gateway;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.spi.Carried;
import dev.promjob.textformat.IdentitySeries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The consecutive failures a Pushgateway group holds, read by a failed run so it can add one. The
 * gateway has no per-group read: its {@code /metrics} (every group) is read with lib's strict
 * text-format reader, within half the report's deadline so the POST keeps the rest. A read that
 * fails or times out gives an unknown count: the POST then leaves the family out and the gateway
 * keeps the count it holds, so the count never restarts by mistake; it only stays where it was. The
 * last success is read only to restore a gateway that lost it (see {@link HeldGroups}); a gateway
 * that holds one keeps it as it is.
 */
final class HeldCount {
  private HeldCount() {}

  /** What a failed run carries on: no last success (the gateway keeps it), the held count. */
  static Carried read(Transport transport, URI metrics, Job job, long end) {
    return group(transport, metrics, job, end)
        .map(held -> Carried.of(OptionalDouble.empty(), held.consecutiveFailures()))
        .orElse(UNKNOWN);
  }

  /** A count that cannot be known: the POST leaves the family out. */
  static final Carried UNKNOWN = Carried.of(OptionalDouble.empty(), OptionalLong.empty());

  /**
   * What the group holds: its last success (empty if none) and its count; empty, and said in a
   * warning, if the gateway cannot be read.
   */
  static Optional<Carried> group(Transport transport, URI metrics, Job job, long end) {
    try {
      return Optional.of(held(transport.get(metrics, end), job));
    } catch (IOException | RuntimeException e) {
      unreadable(job, e.getMessage());
      return Optional.empty();
    }
  }

  static void unreadable(Job job, String why) {
    System.getLogger("dev.promjob.gateway") // looked up here only: a lookup starts logging
        .log(
            Level.WARNING,
            "job '"
                + job.name()
                + "': cannot read the consecutive failures its group holds, so this failed run"
                + " leaves them as they are: "
                + why);
  }

  /** The last success and the count the group of {@code job} holds in a gateway's text. */
  static Carried held(byte[] text, Job job) throws IOException {
    Map<String, Double> found = found(text, job);
    return Carried.of(
        optional(found.get(BatchMetrics.LAST_SUCCESS)),
        Carried.failuresBefore(
            optional(found.get(BatchMetrics.CONSECUTIVE_FAILURES)),
            optional(found.get(BatchMetrics.LAST_RUN_SUCCESS))));
  }

  /**
   * The count of the group of {@code job} in a gateway's {@code /metrics}: a series whose non-empty
   * labels are exactly the group's ({@code job}, the grouping labels, {@code job_name}).
   */
  static OptionalLong of(byte[] text, Job job) throws IOException {
    return held(text, job).consecutiveFailures();
  }

  private static Map<String, Double> found(byte[] text, Job job) throws IOException {
    Map<String, String> group = new HashMap<>(job.groupingLabels());
    group.put("job", job.name());
    group.put(BatchMetrics.JOB_NAME_LABEL, job.name());
    return IdentitySeries.values(
        new ByteArrayInputStream(text),
        group,
        BatchMetrics.CONSECUTIVE_FAILURES,
        BatchMetrics.LAST_RUN_SUCCESS,
        BatchMetrics.LAST_SUCCESS);
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
