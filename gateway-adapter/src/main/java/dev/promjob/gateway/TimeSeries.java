package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import dev.promjob.textformat.TextFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One series of a remote-write request: its labels sorted by name ({@code __name__} among them),
 * none empty, none twice, and its value.
 *
 * <p>The series of a report are read from lib's own text of it ({@link Exposition}), with the
 * strict reader node_exporter's rules are checked with, so that they are exactly the series the
 * textfile and the Pushgateway serve: the same names and label values, histograms and summaries
 * expanded as Prometheus stores them, their bounds written as node_exporter and the Pushgateway
 * write them ({@code le="1"}). The receiver gets what a scrape of the other backends would have
 * stored.
 *
 * @param names label names, sorted
 * @param values label values, in the order of {@code names}
 * @param value the sample's value
 */
record TimeSeries(String[] names, String[] values, double value) {

  /** The scrape target's label, which nothing adds on this path: the job's name. */
  static final String JOB_LABEL = "job";

  /** The series' metric name. */
  String name() {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals("__name__")) {
        return values[i];
      }
    }
    throw new IllegalStateException("a series without __name__");
  }

  /**
   * The series of {@code exposition}, with {@code job} set to the job's name. A failed run's carry
   * no last success: the receiver holds the one it was sent.
   *
   * <p>Two samples of one series, or a label twice, cannot reach this point: client_java refuses
   * them when the metrics are built and lib when they are registered and reported (the receivers
   * disagree on them: Prometheus refuses the request, VictoriaMetrics stores both values).
   */
  static List<TimeSeries> of(Exposition exposition) throws IOException {
    return of(exposition, Carried.of(OptionalDouble.empty(), OptionalLong.empty()));
  }

  /** As {@link #of(Exposition)}, carrying on the consecutive failures {@code held}. */
  static List<TimeSeries> of(Exposition exposition, Carried held) throws IOException {
    return of(exposition.job(), exposition.text(held));
  }

  /** The series of {@code text}, lib's text of a report or a start of {@code job}. */
  static List<TimeSeries> of(Job job, byte[] text) throws IOException {
    List<TimeSeries> out = new ArrayList<>();
    List<String> familyOf = new ArrayList<>();
    Map<String, TextFormat.Family> families =
        TextFormat.parse(
            new ByteArrayInputStream(text),
            (family, sample, labelNames, labelValues, n, value) -> {
              String[][] pairs = new String[n + 2][];
              int k = 0;
              pairs[k++] = new String[] {"__name__", sample};
              pairs[k++] = new String[] {JOB_LABEL, job.name()};
              for (int i = 0; i < n; i++) {
                if (!labelValues[i].isEmpty()) { // an empty value is an absent label
                  pairs[k++] = new String[] {labelNames[i], labelValues[i]};
                }
              }
              String[][] sorted = Arrays.copyOf(pairs, k);
              Arrays.sort(sorted, (a, b) -> a[0].compareTo(b[0]));
              String[] names = new String[k];
              String[] values = new String[k];
              for (int i = 0; i < k; i++) {
                names[i] = sorted[i][0];
                values[i] = sorted[i][1];
              }
              out.add(new TimeSeries(names, values, value));
              familyOf.add(family);
            });
    // A scrape stores a histogram's le and a summary's quantile as Go writes them (le="1", never
    // client_java's le="1.0"): the types are known once the text is read.
    for (int s = 0; s < out.size(); s++) {
      String type = families.get(familyOf.get(s)).type();
      TimeSeries ts = out.get(s);
      for (int i = 0; i < ts.names().length; i++) {
        if (TextFormat.isBound(type, ts.names()[i])) {
          ts.values()[i] = TextFormat.scrapedBound(ts.values()[i]);
        }
      }
    }
    return out;
  }
}
