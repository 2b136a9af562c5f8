package dev.promjob.samples.bench;

import java.util.Arrays;

/**
 * The smallest, the median and the largest of some values, and the arithmetic of paired timings:
 * {@link PairedRuns} takes each command's ratio to the yardstick round by round, then its median.
 */
record Spread(double min, double median, double max) {
  static Spread of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Spread(sorted[0], median(values), sorted[sorted.length - 1]);
  }

  /** The median: the middle value, or the mean of the two middle values of an even count. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("'0': no values have no median");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double mean(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("'0': no values have no mean");
    }
    return Arrays.stream(values).sum() / values.length;
  }

  /** Round by round, {@code a[i] / b[i]}. */
  static double[] ratios(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "'" + a.length + " and " + b.length + "': ratios need as many rounds of each");
    }
    double[] ratios = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      ratios[i] = a[i] / b[i];
    }
    return ratios;
  }
}
