package dev.promjob.textfile;

import dev.promjob.BatchMetrics;
import dev.promjob.spi.Carried;
import dev.promjob.textformat.IdentitySeries;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a job's last success timestamp and consecutive failures back from a previous report (a
 * textfile), so that a failed run can carry them forward instead of erasing them.
 */
final class LastSuccess {
  /** The families a report carries on from the previous one. */
  private static final String[] CARRIED = {
    BatchMetrics.LAST_SUCCESS, BatchMetrics.CONSECUTIVE_FAILURES, BatchMetrics.LAST_RUN_SUCCESS
  };

  /** The same, as a set: a report writes them first, then {@link #END}. */
  static final Set<String> FAMILIES = Set.of(CARRIED);

  /**
   * The line a report writes right after {@link #FAMILIES}: the next run reads no further. A file
   * without it (written by an older promjob, or a start's copy of one) is read to its end.
   */
  static final String END = "# promjob: the next run reads the families above only";

  static final byte[] END_LINE = (END + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_BYTES = END.getBytes(StandardCharsets.US_ASCII);

  private LastSuccess() {}

  /**
   * True if some series of the input carries exactly {@code identity} (a file of this job, not of
   * another whose file name folds to the same on a case-insensitive file system).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  public static boolean holdsSeriesOf(InputStream in, Map<String, String> identity)
      throws IOException {
    boolean[] seen = {false};
    TextFormat.parse(
        in,
        (family, sample, names, values, n, value) -> {
          if (!seen[0] && sample.equals(BatchMetrics.LAST_COMPLETION)) {
            seen[0] = IdentitySeries.matches(identity, names, values, n);
          }
        });
    return seen[0];
  }

  /**
   * The value of {@value BatchMetrics#LAST_SUCCESS} whose non-empty labels are exactly {@code
   * identity} (an empty label is an absent one, as Prometheus has it).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  public static OptionalDouble find(InputStream in, Map<String, String> identity)
      throws IOException {
    return carried(in, identity).lastSuccess();
  }

  /**
   * What a previous report of the job whose non-empty labels are exactly {@code identity} carries
   * on: its last success, and its consecutive failures (see {@link Carried#failuresBefore}).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  static Carried carried(InputStream in, Map<String, String> identity) throws IOException {
    // Only these families' lines are parsed, and only up to END: every run reads the previous
    // file, and a 100 000-series file would otherwise be read whole on each write for three values.
    Map<String, Double> found = IdentitySeries.values(in, END_BYTES, identity, CARRIED);
    return Carried.of(
        optional(found.get(BatchMetrics.LAST_SUCCESS)),
        Carried.failuresBefore(
            optional(found.get(BatchMetrics.CONSECUTIVE_FAILURES)),
            optional(found.get(BatchMetrics.LAST_RUN_SUCCESS))));
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
