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
          if (!sample.equals(BatchMetrics.LAST_SUCCESS)) {
            return;
          }
          int matched = 0;
          for (int i = 0; i < n; i++) {
            if (values[i].isEmpty()) {
              continue;
            }
            if (!values[i].equals(identity.get(names[i]))) {
              return;
            }
            matched++;
          }
          if (matched == identity.size()) {
            found[0] = value;
            seen[0] = true;
          }
        });
    return seen[0] ? OptionalDouble.of(found[0]) : OptionalDouble.empty();
  }
}
