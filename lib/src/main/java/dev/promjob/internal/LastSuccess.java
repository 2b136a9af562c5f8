package dev.promjob.internal;

import dev.promjob.BatchMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads a job's last success timestamp back from a previous report (a textfile, or a Pushgateway's
 * {@code /metrics}), so that a failed run can carry it forward instead of erasing it.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class LastSuccess {
  private LastSuccess() {}

  /**
   * True if some series of the input carries exactly {@code identity} (a file of this job, not of
   * another whose file name folds to the same on a case-insensitive file system).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  public static boolean holdsSeriesOf(InputStream in, Map<String, String> identity) throws IOException {
    boolean[] seen = {false};
    TextFormat.parse(
        in,
        (family, sample, names, values, n, value) -> {
          if (!seen[0] && sample.equals(BatchMetrics.LAST_COMPLETION)) {
            seen[0] = matches(identity, names, values, n);
          }
        });
    return seen[0];
  }

  private static boolean matches(Map<String, String> identity, String[] names, String[] values, int n) {
    int matched = 0;
    for (int i = 0; i < n; i++) {
      if (values[i].isEmpty()) {
        continue;
      }
      if (!values[i].equals(identity.get(names[i]))) {
        return false;
      }
      matched++;
    }
    return matched == identity.size();
  }

  /**
   * The value of {@value BatchMetrics#LAST_SUCCESS} whose non-empty labels are exactly {@code
   * identity} (an empty label is an absent one, as Prometheus has it).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  public static OptionalDouble find(InputStream in, Map<String, String> identity) throws IOException {
    double[] found = {Double.NaN};
    boolean[] seen = {false};
    TextFormat.parse(
        in,
        (family, sample, names, values, n, value) -> {
          if (sample.equals(BatchMetrics.LAST_SUCCESS) && matches(identity, names, values, n)) {
            found[0] = value;
            seen[0] = true;
          }
        });
    return seen[0] ? OptionalDouble.of(found[0]) : OptionalDouble.empty();
  }
}
