package dev.promjob.internal;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Adds the job's identity labels to every data point, as a Pushgateway does with its grouping key:
 * without them two files of the same job (say {@code database="users"} and {@code "orders"}) would
 * hold the same series and node_exporter would silently drop one.
 *
 * <p>Scrape and created timestamps are dropped: the text format promjob writes has none.
 *
 * <p>Test-only: the reference IdentityLabelsOutputStream must match byte for byte.
 */
public final class Relabel {
  private Relabel() {}

  /** Returns {@code snapshots} with {@code extra} merged into every data point's labels. */
  public static MetricSnapshots withLabels(MetricSnapshots snapshots, Labels extra) {
    List<MetricSnapshot> out = new ArrayList<>(snapshots.size());
    for (MetricSnapshot s : snapshots) {
      out.add(withLabels(s, extra));
    }
    return new MetricSnapshots(out);
  }

  static MetricSnapshot withLabels(MetricSnapshot s, Labels extra) {
    if (s instanceof CounterSnapshot c) {
      return new CounterSnapshot(
          c.getMetadata(),
          map(
              c.getDataPoints(),
              p ->
                  new CounterDataPointSnapshot(
                      p.getValue(), merge(p.getLabels(), extra), null, 0)));
    }
    if (s instanceof GaugeSnapshot g) {
      return new GaugeSnapshot(
          g.getMetadata(),
          map(
              g.getDataPoints(),
              p -> new GaugeDataPointSnapshot(p.getValue(), merge(p.getLabels(), extra), null)));
    }
    if (s instanceof HistogramSnapshot h) {
      return new HistogramSnapshot(
          h.isGaugeHistogram(),
          h.getMetadata(),
          map(
              h.getDataPoints(),
              p ->
                  new HistogramDataPointSnapshot(
                      p.getClassicBuckets(),
                      p.getNativeSchema(),
                      p.getNativeZeroCount(),
                      p.getNativeZeroThreshold(),
                      p.getNativeBucketsForPositiveValues(),
                      p.getNativeBucketsForNegativeValues(),
                      p.hasSum() ? p.getSum() : Double.NaN,
                      merge(p.getLabels(), extra),
                      Exemplars.EMPTY,
                      0)));
    }
    if (s instanceof SummarySnapshot sum) {
      return new SummarySnapshot(
          sum.getMetadata(),
          map(
              sum.getDataPoints(),
              p ->
                  new SummaryDataPointSnapshot(
                      p.hasCount() ? p.getCount() : -1,
                      p.hasSum() ? p.getSum() : Double.NaN,
                      p.getQuantiles(),
                      merge(p.getLabels(), extra),
                      Exemplars.EMPTY,
                      0)));
    }
    if (s instanceof InfoSnapshot info) {
      return new InfoSnapshot(
          info.getMetadata(),
          map(info.getDataPoints(), p -> new InfoDataPointSnapshot(merge(p.getLabels(), extra))));
    }
    if (s instanceof StateSetSnapshot set) {
      return new StateSetSnapshot(
          set.getMetadata(),
          map(
              set.getDataPoints(),
              p -> {
                String[] names = new String[p.size()];
                boolean[] values = new boolean[p.size()];
                for (int i = 0; i < p.size(); i++) {
                  names[i] = p.getName(i);
                  values[i] = p.isTrue(i);
                }
                return new StateSetDataPointSnapshot(names, values, merge(p.getLabels(), extra));
              }));
    }
    if (s instanceof UnknownSnapshot u) {
      return new UnknownSnapshot(
          u.getMetadata(),
          map(
              u.getDataPoints(),
              p -> new UnknownDataPointSnapshot(p.getValue(), merge(p.getLabels(), extra), null)));
    }
    throw new IllegalArgumentException(
        "'" + s.getClass().getName() + "': unsupported metric snapshot type");
  }

  private static Labels merge(Labels own, Labels extra) {
    return own.isEmpty() ? extra : own.merge(extra);
  }

  private static <P, Q> List<Q> map(List<P> in, Function<P, Q> f) {
    List<Q> out = new ArrayList<>(in.size());
    for (P p : in) {
      out.add(f.apply(p));
    }
    return out;
  }
}
