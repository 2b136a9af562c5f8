package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.spi.Carried;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a failed run's POST carries to each of several Pushgateways, read from all of them at once
 * within half the report's deadline (the count needs that read anyway). A gateway that holds a last
 * success keeps it as it is, exactly as with one gateway: the POST carries none, so an overlapping
 * run's newer success there is never undone. A gateway whose group has no last success (it
 * restarted without persistence) while another gateway holds one gets the newest found, and the
 * highest count found: the other gateways are the job's only memory that survives both a pod
 * without disk and a job run from several hosts. A gateway that cannot be read gets today's POST,
 * without count and last success.
 *
 * <pre>{@code
 * List<Carried> held = HeldGroups.read(transports, metricsUrls, job, end - halfDeadline);
 * }</pre>
 */
final class HeldGroups {
  private HeldGroups() {}

  /**
   * One {@link Carried} per gateway, in order.
   *
   * @param metrics each gateway's {@code /metrics}
   */
  static List<Carried> read(List<Transport> transports, List<URI> metrics, Job job, long end) {
    List<String> names = new ArrayList<>();
    metrics.forEach(u -> names.add("GET " + HttpEndpoint.shown(u)));
    List<Fanout.Result<Optional<Carried>>> read =
        Fanout.each(names, end, i -> HeldCount.group(transports.get(i), metrics.get(i), job, end));
    List<Optional<Carried>> held = new ArrayList<>();
    for (Fanout.Result<Optional<Carried>> r : read) {
      if (!r.accepted()) {
        HeldCount.unreadable(job, r.failure().getMessage());
      }
      held.add(r.accepted() ? r.value() : Optional.empty());
    }
    List<Carried> carried = restore(held);
    for (int i = 0; i < carried.size(); i++) {
      if (carried.get(i).lastSuccess().isPresent()) {
        System.getLogger("dev.promjob.gateway")
            .log(
                Level.INFO,
                "job '"
                    + job.name()
                    + "': "
                    + HttpEndpoint.shown(metrics.get(i))
                    + " holds no last success for it (restarted without persistence?): this"
                    + " failed run restores the newest another gateway holds");
      }
    }
    return carried;
  }

  /**
   * What each POST carries, from what each gateway holds (empty: could not be read): a gateway with
   * a last success, or when no gateway has one, its own count; one without, the newest last success
   * and the highest count of the others; one not read, nothing.
   */
  static List<Carried> restore(List<Optional<Carried>> held) {
    OptionalDouble newest = OptionalDouble.empty();
    OptionalLong most = OptionalLong.empty();
    for (Optional<Carried> h : held) {
      if (h.isEmpty()) {
        continue;
      }
      OptionalDouble last = h.get().lastSuccess();
      if (last.isPresent() && (newest.isEmpty() || last.getAsDouble() > newest.getAsDouble())) {
        newest = last;
      }
      OptionalLong count = h.get().consecutiveFailures();
      if (count.isPresent() && (most.isEmpty() || count.getAsLong() > most.getAsLong())) {
        most = count;
      }
    }
    List<Carried> carried = new ArrayList<>();
    for (Optional<Carried> h : held) {
      if (h.isEmpty()) {
        carried.add(HeldCount.UNKNOWN);
      } else if (h.get().lastSuccess().isPresent() || newest.isEmpty()) {
        carried.add(Carried.of(OptionalDouble.empty(), h.get().consecutiveFailures()));
      } else {
        carried.add(Carried.of(newest, most));
      }
    }
    return carried;
  }
}
