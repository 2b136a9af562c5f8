package dev.promjob.textfile;

import dev.promjob.BatchMetrics;
import dev.promjob.spi.Carried;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads a job's last success timestamp and consecutive failures back from a previous report (a
 * textfile), so that a failed run can carry them forward instead of erasing them.
 */
final class LastSuccess {
  /** The families a report carries on from the previous one. */
  private static final String[] CARRIED = {
    BatchMetrics.LAST_SUCCESS, BatchMetrics.CONSECUTIVE_FAILURES, BatchMetrics.LAST_RUN_SUCCESS
  };

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
            seen[0] = matches(identity, names, values, n);
          }
        });
    return seen[0];
  }

  /**
   * The HELP, TYPE and sample lines of {@code families} (no suffixes: they are gauges), in order.
   */
  static byte[] linesOf(InputStream in, String... families) throws IOException {
    byte[][] help = new byte[families.length][];
    byte[][] type = new byte[families.length][];
    byte[][] sample = new byte[families.length][];
    int longest = 0;
    for (int f = 0; f < families.length; f++) {
      sample[f] = families[f].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      help[f] =
          ("# HELP " + families[f] + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      type[f] =
          ("# TYPE " + families[f] + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      longest = Math.max(longest, help[f].length);
    }
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(256);
    byte[] head = new byte[longest]; // the longest prefix (a TYPE is as long as its HELP): decides
    int n = 0; // bytes of the current line's start held in head
    boolean decided = false;
    boolean keep = false;
    byte[] buf = new byte[1 << 16];
    for (int read; (read = in.read(buf)) != -1; ) {
      for (int i = 0; i < read; i++) {
        byte c = buf[i];
        if (c == '\n') {
          if (!decided && keeps(head, n, help, type, sample)) {
            kept.write(head, 0, n);
            keep = true;
          }
          if (keep) {
            kept.write('\n');
          }
          n = 0;
          decided = false;
          keep = false;
        } else if (!decided) {
          head[n++] = c;
          if (n == head.length) {
            decided = true;
            keep = keeps(head, n, help, type, sample);
            if (keep) {
              kept.write(head, 0, n);
            }
          }
        } else if (keep) {
          kept.write(c);
        }
      }
    }
    if (!decided && keeps(head, n, help, type, sample)) {
      kept.write(head, 0, n); // a last line without newline: the parser says what is wrong
    }
    return kept.toByteArray();
  }

  private static boolean keeps(byte[] head, int n, byte[][] help, byte[][] type, byte[][] sample) {
    for (int f = 0; f < help.length; f++) {
      if (startsWith(head, n, help[f])
          || startsWith(head, n, type[f])
          || startsWith(head, n, sample[f])
              && n > sample[f].length
              && (head[sample[f].length] == '{' || head[sample[f].length] == ' ')) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] line, int n, byte[] prefix) {
    if (n < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (line[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(
      Map<String, String> identity, String[] names, String[] values, int n) {
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
    Map<String, Double> found = new HashMap<>(4);
    // Only these families' lines are parsed: every run reads the previous file, and a 100
    // 000-series
    // file would otherwise be parsed whole on each write for three values.
    TextFormat.parse(
        new java.io.ByteArrayInputStream(linesOf(in, CARRIED)),
        (family, sample, names, values, n, value) -> {
          if (matches(identity, names, values, n)) {
            found.put(sample, value);
          }
        });
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
