package dev.promjob.spring.scheduling;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The backend of a long-running application's {@code @Scheduled} methods: nothing is pushed or
 * written; each job's last report is kept in memory and served by the application's own registry (a
 * client_java {@link MultiCollector}, scraped at {@code /actuator/prometheus}), with the same
 * standard metrics as any promjob report, so the shipped alert rules cover it unchanged. The last
 * success and the failed runs in a row are carried from the previous report in memory, never back;
 * a restarted application starts again from none, as a first run does.
 *
 * <pre>{@code
 * RegistryBackend backend = new RegistryBackend();
 * prometheusRegistry.register(backend);
 * backend.report(new Report(job, Outcome.SUCCESS, start, end, new MetricSnapshots()));
 * }</pre>
 */
public final class RegistryBackend implements Backend, MultiCollector {
  /** The name configuration and messages know it by. */
  public static final String NAME = "registry";

  /** One job's last report as rendered, and what the next report carries on from it. */
  private record Held(Labels labels, MetricSnapshots snapshots, Carried carried) {}

  /** By identity labels as text, so that the scrape lists the jobs in a stable order. */
  private final Map<String, Held> held = new ConcurrentSkipListMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String location(Job job) {
    return "this application's registry (/actuator/prometheus)";
  }

  @Override
  public void publish(Exposition exposition) {
    Objects.requireNonNull(exposition, "exposition must not be null");
    held.compute(
        exposition.labels().toString(),
        (key, previous) -> {
          Carried carried = previous == null ? Carried.nothing() : previous.carried();
          MetricSnapshots snapshots = exposition.snapshots(carried);
          return new Held(exposition.labels(), snapshots, carriedOn(snapshots));
        });
  }

  /** What the report after this one carries: its last success and its failed runs in a row. */
  private static Carried carriedOn(MetricSnapshots snapshots) {
    OptionalDouble lastSuccess = OptionalDouble.empty();
    OptionalLong failures = OptionalLong.of(0);
    for (MetricSnapshot s : snapshots) {
      String name = s.getMetadata().getPrometheusName();
      if (s instanceof GaugeSnapshot g && g.getDataPoints().size() == 1) {
        double value = g.getDataPoints().get(0).getValue();
        if (name.equals(BatchMetrics.LAST_SUCCESS)) {
          lastSuccess = OptionalDouble.of(value);
        } else if (name.equals(BatchMetrics.CONSECUTIVE_FAILURES)) {
          failures = OptionalLong.of((long) value);
        }
      }
    }
    return Carried.of(lastSuccess, failures);
  }

  @Override
  public void delete(Job job) {
    held.remove(labelsInText(job).toString());
  }

  /**
   * Every job's last report, one family per metric name with one series per job, each labelled with
   * the job's identity labels ({@code job_name}); the scrape adds the application's {@code job} and
   * {@code instance}.
   */
  @Override
  public MetricSnapshots collect() {
    Map<String, MetricMetadata> metadata = new LinkedHashMap<>();
    Map<String, List<GaugeDataPointSnapshot>> points = new LinkedHashMap<>();
    for (Held h : held.values()) {
      for (MetricSnapshot s : h.snapshots()) {
        if (!(s instanceof GaugeSnapshot g)) {
          continue; // a report of a scheduled method holds the standard gauges only
        }
        String name = s.getMetadata().getPrometheusName();
        metadata.putIfAbsent(name, s.getMetadata());
        List<GaugeDataPointSnapshot> family =
            points.computeIfAbsent(name, n -> new ArrayList<>(held.size()));
        for (GaugeDataPointSnapshot p : g.getDataPoints()) {
          family.add(
              new GaugeDataPointSnapshot(
                  p.getValue(), h.labels().merge(p.getLabels()), p.getExemplar()));
        }
      }
    }
    List<MetricSnapshot> all = new ArrayList<>(points.size());
    points.forEach((name, p) -> all.add(new GaugeSnapshot(metadata.get(name), p)));
    return new MetricSnapshots(all);
  }
}
