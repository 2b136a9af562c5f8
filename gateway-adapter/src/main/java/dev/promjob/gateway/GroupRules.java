package dev.promjob.gateway;

import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.spi.Refusal;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a Pushgateway group must not be: keyed by a host ({@code instance}) or by a value that
 * changes every run, either of which leaves groups behind forever; and the families the gateway
 * computes itself. The rules every backend shares (reserved label names) are lib's.
 */
final class GroupRules {
  /** Families every group has, which the gateway computes and overwrites. */
  private static final Set<String> GATEWAY_OWN =
      Set.of("push_time_seconds", "push_failure_time_seconds");

  /** Values that change every run: epoch seconds or millis, dates, UUIDs, long hex ids. */
  private static final Pattern UNBOUNDED =
      Pattern.compile(
          "\\d{9,}|.*\\d{4}-\\d{2}-\\d{2}.*|.*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.*|[0-9a-fA-F]{16,}");

  /**
   * Looked up on the first warning only: the lookup starts the platform's logging, which a job that
   * never warns should not pay for at start-up ({@code QuietStartIT}).
   */
  private static final class Logging {
    static final System.Logger LOGGER = System.getLogger("dev.promjob.gateway");
  }

  private final Enforcement instanceLabel;
  private final Enforcement unboundedGrouping;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  GroupRules(Enforcement instanceLabel, Enforcement unboundedGrouping) {
    this.instanceLabel = instanceLabel;
    this.unboundedGrouping = unboundedGrouping;
  }

  void check(Job job) {
    if (job.groupingLabels().containsKey("instance")) {
      flag(
          instanceLabel,
          job,
          "instance",
          "a service-level job should not carry an instance label: its metrics belong to the"
              + " service, and a per-host group outlives the host ("
              + PushgatewayKeys.INSTANCE_LABEL
              + ")");
    }
    for (Map.Entry<String, String> e : job.groupingLabels().entrySet()) {
      if (UNBOUNDED.matcher(e.getValue()).matches()) {
        flag(
            unboundedGrouping,
            job,
            e.getValue(),
            "value of grouping label "
                + e.getKey()
                + " looks like it changes every run (timestamp, date, UUID or id): each run would"
                + " leave a new group on the Pushgateway forever ("
                + PushgatewayKeys.UNBOUNDED_GROUPING
                + ")");
      }
    }
  }

  static void checkMetricName(String name) {
    if (GATEWAY_OWN.contains(name)) {
      throw Refusal.of(name, "the Pushgateway replaces a pushed metric of this name with its own");
    }
  }

  private void flag(Enforcement mode, Job job, String value, String rule) {
    IllegalArgumentException e =
        Refusal.of(value, "job '" + Refusal.printable(job.name()) + "': " + rule);
    if (mode == Enforcement.REFUSE) {
      throw e;
    }
    if (warned.add(job.name() + "\0" + value)) {
      Logging.LOGGER.log(Level.WARNING, e.getMessage());
    }
  }
}
