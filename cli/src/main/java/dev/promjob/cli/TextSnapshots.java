package dev.promjob.cli;

import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A script's text exposition, read with node_exporter's strict rules and turned into client_java's
 * snapshots, so that {@code promjob write} delivers it through the library's pipeline. What cannot
 * arrive unchanged is refused with its line: a family without HELP, a counter whose name does not
 * end in {@code _total} (client_java would add it), a histogram whose buckets do not add up.
 */
final class TextSnapshots {
  private record Sample(String name, Labels labels, double value, int line) {}

  private final Map<String, List<Sample>> byFamily = new LinkedHashMap<>();
  private final SampleLines lines;
  private int index;

  private TextSnapshots(byte[] text) {
    this.lines = new SampleLines(text);
  }

  /**
   * @throws TextFormatException at the first line node_exporter would reject, or that promjob
   *     cannot deliver unchanged
   */
  static MetricSnapshots parse(byte[] text) throws IOException {
    TextSnapshots t = new TextSnapshots(text);
    Map<String, TextFormat.Family> families =
        TextFormat.parse(new ByteArrayInputStream(text), t::sample);
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (TextFormat.Family f : families.values()) {
      out.add(t.family(f));
    }
    return new MetricSnapshots(out);
  }

  private void sample(
      String family, String name, String[] names, String[] values, int n, double v) {
    Labels.Builder labels = Labels.builder();
    for (int i = 0; i < n; i++) {
      if (!values[i].isEmpty()) { // node_exporter: an empty label is an absent one
        labels.label(names[i], values[i]);
      }
    }
    byFamily
        .computeIfAbsent(family, k -> new ArrayList<>())
        .add(new Sample(name, labels.build(), v, lines.ofSample(index++)));
  }

  private MetricSnapshot family(TextFormat.Family f) throws TextFormatException {
    List<Sample> samples = byFamily.get(f.name());
    int line = lines.ofFamily(f.name(), samples.get(0).line());
    if (f.help() == null) {
      throw new TextFormatException(
          line,
          "'"
              + f.name()
              + "': needs a # HELP line: node_exporter drops a family whose HELP differs between"
              + " files, and one without HELP differs from every file that has one");
    }
    MetricMetadata meta = new MetricMetadata(f.name(), f.help());
    try {
      return switch (f.type()) {
        case "gauge" -> gauge(meta, samples);
        case "untyped" -> untyped(meta, samples);
        case "counter" -> counter(meta, samples, line);
        case "summary" -> summary(meta, samples);
        case "histogram" -> histogram(meta, samples, line);
        default ->
            throw new TextFormatException(
                line, "'" + f.type() + "': node_exporter 1.5 crashes on a family of this type");
      };
    } catch (IllegalArgumentException e) { // client_java's own refusal: a series twice, say
      throw new TextFormatException(line, "'" + f.name() + "': " + e.getMessage());
    }
  }

  private static MetricSnapshot gauge(MetricMetadata meta, List<Sample> samples) {
    List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
    for (Sample s : samples) {
      points.add(new GaugeSnapshot.GaugeDataPointSnapshot(s.value(), s.labels(), null));
    }
    return new GaugeSnapshot(meta, points);
  }

  private static MetricSnapshot untyped(MetricMetadata meta, List<Sample> samples) {
    List<UnknownSnapshot.UnknownDataPointSnapshot> points = new ArrayList<>();
    for (Sample s : samples) {
      points.add(new UnknownSnapshot.UnknownDataPointSnapshot(s.value(), s.labels(), null));
    }
    return new UnknownSnapshot(meta, points);
  }

  private static MetricSnapshot counter(MetricMetadata meta, List<Sample> samples, int line)
      throws TextFormatException {
    if (!meta.getName().endsWith("_total")) {
      throw new TextFormatException(
          line,
          "'"
              + meta.getName()
              + "': a counter's name must end in _total (client_java and OpenMetrics name counters"
              + " so; written as it is, the series would be renamed): rename it, or make it a"
              + " gauge");
    }
    List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();
    for (Sample s : samples) {
      if (!(s.value() >= 0)) {
        throw new TextFormatException(
            s.line(), "'" + s.value() + "': a counter's value must be zero or more");
      }
      points.add(new CounterSnapshot.CounterDataPointSnapshot(s.value(), s.labels(), null, 0));
    }
    return new CounterSnapshot(meta, points);
  }

  private static MetricSnapshot summary(MetricMetadata meta, List<Sample> samples)
      throws TextFormatException {
    Map<Labels, SummarySnapshot.SummaryDataPointSnapshot.Builder> points = new LinkedHashMap<>();
    Map<Labels, List<io.prometheus.metrics.model.snapshots.Quantile>> quantiles =
        new LinkedHashMap<>();
    String base = meta.getName();
    for (Sample s : samples) {
      Labels own = without(s.labels(), "quantile");
      SummarySnapshot.SummaryDataPointSnapshot.Builder p =
          points.computeIfAbsent(own, l -> SummarySnapshot.SummaryDataPointSnapshot.builder());
      if (s.name().equals(base + "_sum")) {
        p.sum(s.value());
      } else if (s.name().equals(base + "_count")) {
        p.count(whole(s, "a summary's _count"));
      } else {
        String q = s.labels().get("quantile");
        quantiles
            .computeIfAbsent(own, l -> new ArrayList<>())
            .add(new io.prometheus.metrics.model.snapshots.Quantile(quantile(q, s), s.value()));
      }
    }
    List<SummarySnapshot.SummaryDataPointSnapshot> out = new ArrayList<>();
    points.forEach(
        (labels, p) ->
            out.add(
                p.labels(labels)
                    .quantiles(Quantiles.of(quantiles.getOrDefault(labels, List.of())))
                    .build()));
    return new SummarySnapshot(meta, out);
  }

  private static MetricSnapshot histogram(MetricMetadata meta, List<Sample> samples, int line)
      throws TextFormatException {
    Map<Labels, HistogramParts> points = new LinkedHashMap<>();
    String base = meta.getName();
    for (Sample s : samples) {
      Labels own = without(s.labels(), "le");
      HistogramParts p = points.computeIfAbsent(own, l -> new HistogramParts());
      if (s.name().equals(base + "_sum")) {
        p.sum = s.value();
      } else if (s.name().equals(base + "_count")) {
        p.count = whole(s, "a histogram's _count");
      } else {
        p.bounds.add(quantile(s.labels().get("le"), s));
        p.cumulative.add(whole(s, "a bucket's count"));
      }
    }
    List<HistogramSnapshot.HistogramDataPointSnapshot> out = new ArrayList<>();
    for (Map.Entry<Labels, HistogramParts> e : points.entrySet()) {
      out.add(e.getValue().point(base, e.getKey(), line));
    }
    return new HistogramSnapshot(meta, out);
  }

  /** The buckets of one histogram series, cumulative as the text has them. */
  private static final class HistogramParts {
    final List<Double> bounds = new ArrayList<>();
    final List<Long> cumulative = new ArrayList<>();
    double sum = Double.NaN;
    long count = -1;

    HistogramSnapshot.HistogramDataPointSnapshot point(String name, Labels labels, int line)
        throws TextFormatException {
      int n = bounds.size();
      if (n == 0 || bounds.get(n - 1) != Double.POSITIVE_INFINITY) {
        throw new TextFormatException(
            line, "'" + name + "': a histogram needs its le=\"+Inf\" bucket, last");
      }
      double[] upper = new double[n];
      long[] counts = new long[n];
      long before = 0;
      for (int i = 0; i < n; i++) {
        upper[i] = bounds.get(i);
        counts[i] = cumulative.get(i) - before;
        if (counts[i] < 0 || (i > 0 && !(upper[i] > upper[i - 1]))) {
          throw new TextFormatException(
              line, "'" + name + "': buckets must rise in le and never fall in count");
        }
        before = cumulative.get(i);
      }
      if (count >= 0 && count != before) {
        throw new TextFormatException(
            line,
            "'" + count + "': " + name + "_count must equal the +Inf bucket (" + before + ")");
      }
      return new HistogramSnapshot.HistogramDataPointSnapshot(
          ClassicHistogramBuckets.of(upper, counts), sum, labels, Exemplars.EMPTY, 0);
    }
  }

  private static Labels without(Labels labels, String name) {
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.getName(i).equals(name)) {
        b.label(labels.getName(i), labels.getValue(i));
      }
    }
    return b.build();
  }

  private static long whole(Sample s, String what) throws TextFormatException {
    double v = s.value();
    if (!(v >= 0) || v != Math.rint(v) || v > Long.MAX_VALUE) {
      throw new TextFormatException(s.line(), "'" + v + "': " + what + " must be a whole number");
    }
    return (long) v;
  }

  /** An le or quantile value, which the parser has read as Go's ParseFloat reads it. */
  private static double quantile(String text, Sample s) throws TextFormatException {
    if (text == null) {
      throw new TextFormatException(
          s.line(), "'" + s.name() + "': needs its le (histogram) or quantile (summary) label");
    }
    String t = text.toLowerCase(java.util.Locale.ROOT);
    String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) { // a form Go reads and Java does not (1_000)
      throw new TextFormatException(
          s.line(), "'" + text + "': " + s.name() + " needs a plain number as its label");
    }
  }
}
